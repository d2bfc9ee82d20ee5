import { beforeEach, describe, expect, it, vi } from 'vitest'

/** The server, as the test scripts it: products per keyword, each answer held until the test releases it. */
const held: { keyword: string; release: () => void }[] = []
let failing = false

function product(id: string, skus: { code: string; barcode?: string }[]) {
  return { id, name: `Product ${id}`, skus: skus.map((sku, n) => ({ id: `${id}-${n}`, title: '', barcode: null, ...sku })) }
}

const CATALOG: Record<string, ReturnType<typeof product>[]> = {
  tee: [product('a', [{ code: 'TEE-10' }, { code: 'TEE-1' }]), product('b', [{ code: 'X-2', barcode: 'tee' }])],
  'TEE-1': [product('a', [{ code: 'TEE-10' }, { code: 'TEE-1' }]), product('b', [{ code: 'X-2', barcode: 'tee' }])],
  cup: [product('c', [{ code: 'CUP-1' }])],
}

function answer(data: unknown) {
  return Promise.resolve({ data, response: new Response(null, { status: 200 }) })
}

vi.mock('@/api/client', () => ({
  api: {
    GET: (path: string, options: { params: { query?: { q: string }; path?: { product_id: string } } }) => {
      if (failing) return Promise.reject(new TypeError('offline'))
      if (path === '/products/{product_id}') {
        const id = options.params.path!.product_id
        return answer(Object.values(CATALOG).flat().find((p) => p.id === id))
      }
      const keyword = options.params.query!.q
      return new Promise((resolve) => {
        held.push({ keyword, release: () => resolve(answer({ items: CATALOG[keyword] ?? [], total: 0 })) })
      })
    },
  },
}))

const { useSkuSearch } = await import('@/composables/useSkuSearch')

const codesOf = (found: ReturnType<typeof product>) => found.skus.map((sku) => ({ code: sku.code, barcode: sku.barcode }))
// the products here carry only what the search reads
const skuSearch = () => useSkuSearch(codesOf as never)

describe('searching SKUs through their products', () => {
  beforeEach(() => {
    held.length = 0
    failing = false
  })

  it('offers the SKUs of the products found, an exact code first', async () => {
    const { options, loading, search } = skuSearch()

    const done = search(' TEE-1 ')
    expect(loading.value).toBe(true)
    held[0].release()
    await done

    expect(held[0].keyword).toBe('TEE-1')
    expect(options.value.map((o) => o.code)).toEqual(['TEE-1', 'TEE-10', 'X-2'])
    expect(loading.value).toBe(false)
  })

  it('puts a barcode typed by a scanner first too', async () => {
    const { options, search } = skuSearch()

    const done = search('tee')
    held[0].release()
    await done

    expect(options.value.map((o) => o.code)).toEqual(['X-2', 'TEE-10', 'TEE-1'])
  })

  it('drops an answer overtaken by a later keystroke', async () => {
    const { options, loading, search } = skuSearch()

    const first = search('tee')
    const second = search('cup')
    held[1].release()
    await second
    held[0].release()
    await first

    expect(options.value.map((o) => o.code)).toEqual(['CUP-1'])
    expect(loading.value).toBe(false)
  })

  it('offers nothing for an empty keyword or a failed search', async () => {
    const { options, search } = skuSearch()
    const found = search('cup')
    held[0].release()
    await found

    failing = true
    await search('cup')
    expect(options.value).toEqual([])
    await search('  ')
    expect(options.value).toEqual([])
  })
})
