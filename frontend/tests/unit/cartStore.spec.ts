import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'

const calls: { method: string; path: string; token?: string; body?: unknown }[] = []

function cart(lines: number, guest_token: string | null = null) {
  return {
    lines: [],
    line_count: lines,
    selected_quantity: 0,
    selected_total: { amount: '0.00', currency: 'CNY' },
    guest_token,
  }
}

function answer(data: unknown) {
  return Promise.resolve({ data, response: new Response(null, { status: 200 }) })
}

function call(method: string) {
  return (path: string, options: { params?: { header?: Record<string, string> }; body?: unknown } = {}) => {
    const token = options.params?.header?.['X-Cart-Token']
    calls.push({ method, path, token, body: options.body })
    if (path === '/cart/lines' && method === 'POST') return answer(cart(1, token ? null : 'new-token'))
    if (path === '/cart/merge') return answer(cart(3))
    return answer(cart(token ? 2 : 0))
  }
}

vi.mock('@/api/client', () => ({
  api: { GET: call('GET'), POST: call('POST'), PATCH: call('PATCH'), DELETE: call('DELETE') },
  renewSession: vi.fn(),
}))

const { useCartStore } = await import('@/pages/store/cart/cartStore')
const { useSessionStore } = await import('@/stores/session')
const { guestToken } = await import('@/pages/store/cart/cartLogic')

describe('cart store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    calls.length = 0
    guestToken.clear()
  })

  it("keeps the token of the guest cart a first add starts, and sends it with the guest's next calls", async () => {
    const store = useCartStore()

    await store.add('sku-1', 2)
    await store.refresh()

    expect(guestToken.get()).toBe('new-token')
    expect(calls.map((c) => [c.method, c.path, c.token])).toEqual([
      ['POST', '/cart/lines', undefined],
      ['GET', '/cart', 'new-token'],
    ])
    expect(store.lineCount).toBe(2)
  })

  it('merges the guest cart on the first read after sign-in, then forgets its token', async () => {
    guestToken.set('guest-token')
    const session = useSessionStore()
    session.me = { id: 'u1' } as typeof session.me
    const store = useCartStore()

    await Promise.all([store.refresh(), store.refresh()]) // the header and the page at once: one request
    await store.refresh()

    expect(calls.map((c) => [c.method, c.path, c.token])).toEqual([
      ['POST', '/cart/merge', 'guest-token'],
      ['GET', '/cart', undefined],
    ])
    expect(guestToken.get()).toBeNull()
  })
})
