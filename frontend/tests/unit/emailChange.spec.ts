import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, h, nextTick, type App } from 'vue'
import ElementPlus from 'element-plus'
import { i18n, setLocale } from '@/i18n'
import EmailChange from '@/pages/account/EmailChange.vue'

// The API as the profile page's e-mail section calls it: each test says what the server answers.
const server = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn(), DELETE: vi.fn() }))
vi.mock('@/api/client', () => ({ api: server }))
vi.mock('@/api/feedback', () => ({ showProblem: vi.fn() }))

const PENDING = {
  pending_email: 'li.new@example.com',
  requested_at: '2026-11-29T08:00:00Z',
  expires_at: '2026-11-30T08:00:00Z',
  resend_after: '2026-11-29T08:01:00Z',
}

function answer(status: number, data?: unknown) {
  const body = status >= 400 ? { error: data } : { data }
  return Promise.resolve({ ...body, response: new Response(null, { status: status === 204 ? 204 : status }) })
}

let app: App | null = null
beforeEach(() => {
  server.GET.mockReset()
  server.POST.mockReset()
  server.DELETE.mockReset()
})
afterEach(() => {
  app?.unmount()
  app = null
  document.body.innerHTML = ''
})

/** Lets the pending requests answer and the page render (no timers are waited for). */
async function settle() {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    await nextTick()
  }
}

async function mounted(currentEmail: string | null = 'li@example.com') {
  const root = document.createElement('div')
  document.body.append(root)
  app = createApp({ render: () => h(EmailChange, { currentEmail }) })
  app.use(i18n).use(ElementPlus).mount(root)
  await settle()
  return root
}

const byTestId = (root: HTMLElement, id: string) => root.querySelector<HTMLElement>(`[data-testid=${id}]`)

describe('the e-mail section of the profile page', () => {
  it('shows the pending address, says a link was sent to it, and offers resend and cancel', async () => {
    setLocale('en')
    server.GET.mockReturnValue(answer(200, PENDING))

    const root = await mounted()

    const pending = byTestId(root, 'email-change-pending')
    expect(pending?.textContent).toContain('Waiting for confirmation: li.new@example.com')
    expect(pending?.textContent).toContain('We sent a link to li.new@example.com')
    expect(byTestId(root, 'email-change-resend')?.textContent).toContain('Resend link')
    expect(byTestId(root, 'email-change-cancel')?.textContent).toContain('Cancel change')
    expect(byTestId(root, 'email-change-start')).toBeNull()
  })

  it('says the same in Chinese', async () => {
    setLocale('zh-CN')
    server.GET.mockReturnValue(answer(200, PENDING))

    const root = await mounted()

    expect(byTestId(root, 'email-change-pending')?.textContent).toContain('待确认的新邮箱：li.new@example.com')
    expect(byTestId(root, 'email-change-resend')?.textContent).toContain('重新发送链接')
    setLocale('en')
  })

  it('offers a change when nothing is pending, and cancelling a pending change brings that back', async () => {
    setLocale('en')
    server.GET.mockReturnValue(answer(200, PENDING))
    server.DELETE.mockReturnValue(answer(204))

    const root = await mounted()
    byTestId(root, 'email-change-cancel')!.click()
    await settle()

    expect(server.DELETE).toHaveBeenCalledWith('/me/email-change')
    expect(byTestId(root, 'email-change-pending')).toBeNull()
    expect(byTestId(root, 'email-change-start')?.textContent).toContain('Change e-mail')
  })

  it('resends the link and keeps showing the pending address', async () => {
    setLocale('en')
    server.GET.mockReturnValue(answer(200, PENDING))
    server.POST.mockReturnValue(answer(202, { ...PENDING, requested_at: '2026-11-29T09:00:00Z' }))

    const root = await mounted()
    byTestId(root, 'email-change-resend')!.click()
    await settle()

    expect(server.POST).toHaveBeenCalledWith('/me/email-change/resend')
    expect(byTestId(root, 'email-change-pending')?.textContent).toContain('li.new@example.com')
  })

  it('shows no pending state when the server has none (404), and offers to add one to a phone-only account', async () => {
    setLocale('en')
    server.GET.mockReturnValue(answer(404, { code: 'email_change.none_pending', status: 404 }))

    const root = await mounted(null)

    expect(byTestId(root, 'email-change-pending')).toBeNull()
    expect(byTestId(root, 'email-change-start')?.textContent).toContain('Add an e-mail')
  })

  it('asks for a new address and then shows it as pending, the current one unchanged', async () => {
    setLocale('en')
    server.GET.mockReturnValue(answer(404, { code: 'email_change.none_pending', status: 404 }))
    server.POST.mockReturnValue(answer(202, PENDING))

    const root = await mounted()
    byTestId(root, 'email-change-start')!.click()
    await settle()
    const input = byTestId(root, 'email-change-input')!.querySelector('input') ?? (byTestId(root, 'email-change-input') as HTMLInputElement)
    input.value = ' li.new@example.com '
    input.dispatchEvent(new Event('input'))
    byTestId(root, 'email-change-form')!.dispatchEvent(new Event('submit'))
    await settle()

    expect(server.POST).toHaveBeenCalledWith('/me/email-change', { body: { email: 'li.new@example.com' } })
    expect(byTestId(root, 'email-change-pending')?.textContent).toContain('li.new@example.com')
  })
})
