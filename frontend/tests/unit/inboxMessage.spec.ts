import { afterEach, describe, expect, it } from 'vitest'
import { createApp, h, nextTick, type App } from 'vue'
import { ElButton } from 'element-plus'
import type { Notification } from '@/api/types'
import InboxMessage from '@/components/InboxMessage.vue'
import { i18n, setLocale } from '@/i18n'

const MESSAGE = {
  id: '6f1c2f0e-7a53-4f59-9d61-2b8f2d1c0a11',
  event: 'order.shipped',
  title: 'Order 2026112900001 shipped',
  body: 'SF 123456',
  created_at: '2026-11-29T08:30:00Z',
  read_at: null,
} as unknown as Notification

let app: App | null = null
afterEach(() => {
  app?.unmount()
  app = null
  document.body.innerHTML = ''
})

/** Mounts one message; returns its root and the events it emitted, in order. */
async function show(item: Notification, action?: string) {
  const emitted: string[] = []
  const root = document.createElement('div')
  document.body.append(root)
  app = createApp({
    render: () =>
      h(InboxMessage, { item, testId: 'inbox-item', action, onRead: () => emitted.push('read'), onOpen: () => emitted.push('open') }),
  })
  app.use(i18n).component('ElButton', ElButton).mount(root)
  await nextTick()
  const message = root.querySelector<HTMLElement>('[data-testid=inbox-item]')!
  return { message, emitted }
}

describe('one message as the inbox page and the bell drawer list it', () => {
  it('shows an unread message with its dot, title, body and the event it is about', async () => {
    setLocale('en')
    const { message } = await show({ ...MESSAGE })

    expect(message.dataset.read).toBe('0')
    expect(message.dataset.event).toBe('order.shipped')
    expect(message.classList.contains('unread')).toBe(true)
    expect(message.querySelector('.dot')?.getAttribute('aria-label')).toBe('Unread')
    expect(message.querySelector('[data-testid=inbox-item-title]')?.textContent).toBe(MESSAGE.title)
    expect(message.querySelector('[data-testid=inbox-item-body]')?.textContent).toBe(MESSAGE.body)
    expect(message.querySelector('[data-testid=inbox-item-open]')).toBeNull()
  })

  it('shows a read message without the dot', async () => {
    const { message } = await show({ ...MESSAGE, read_at: '2026-11-29T09:00:00Z' } as Notification)

    expect(message.dataset.read).toBe('1')
    expect(message.classList.contains('unread')).toBe(false)
    expect(message.querySelector('.dot')).toBeNull()
  })

  it('reads the message on a click, and opens it (without a second read) from its button', async () => {
    const { message, emitted } = await show({ ...MESSAGE }, 'View order')
    const button = message.querySelector<HTMLElement>('[data-testid=inbox-item-open]')!

    message.click()
    button.click()

    expect(button.textContent?.trim()).toBe('View order')
    expect(emitted).toEqual(['read', 'open'])
  })
})
