/**
 * The signed-in user's in-app messages, shared by the bell (back office drawer, storefront header) and the
 * storefront's inbox page: one unread count for the page, so reading a message on the inbox page updates the bell
 * at once, and the calls that mark messages read.
 */
import { ref } from 'vue'
import { api } from '@/api/client'
import { showProblem } from '@/api/feedback'
import { unwrap } from '@/api/problem'
import type { Notification } from '@/api/types'
import { groupOf } from '@/pages/store/orders/orderStatus'

const unread = ref(0)

/** Re-reads the unread count; a failure keeps the last one (the badge is a hint, the next poll retries). */
async function refreshUnread(): Promise<void> {
  try {
    unread.value = (await unwrap(api.GET('/me/notifications/unread-count'))).count
  } catch {
    // retried on the next tick
  }
}

function loadPage(page: number, pageSize: number, unreadOnly: boolean) {
  return unwrap(api.GET('/me/notifications', { params: { query: { unread_only: unreadOnly, page, page_size: pageSize } } }))
}

/** Marks one message read (no call for one already read); the item is updated in place. */
async function markRead(item: Notification): Promise<void> {
  if (item.read_at) return
  await unwrap(api.POST('/me/notifications/{notification_id}/read', { params: { path: { notification_id: item.id } } }))
  item.read_at = new Date().toISOString()
  unread.value = Math.max(0, unread.value - 1)
}

async function markAllRead(): Promise<void> {
  await unwrap(api.POST('/me/notifications/read-all'))
  unread.value = 0
}

export function useInbox() {
  return { unread, refreshUnread, loadPage, markRead, markAllRead }
}

/**
 * One page of the messages, with the unread-only filter, as the inbox page and the bell's drawer list them.
 * Loading a page also re-reads the unread count, so the badge agrees with the list; failures show as a toast.
 */
export function useInboxList(pageSize: number) {
  const items = ref<Notification[]>([])
  const total = ref(0)
  const page = ref(1)
  const unreadOnly = ref(false)
  const loading = ref(false)

  async function load(): Promise<void> {
    loading.value = true
    try {
      const result = await loadPage(page.value, pageSize, unreadOnly.value)
      items.value = result.items
      total.value = result.total
    } catch (error) {
      showProblem(error)
    } finally {
      loading.value = false
    }
    void refreshUnread()
  }

  /** From the first page again, e.g. once the unread-only filter changed. */
  function reload(): Promise<void> {
    page.value = 1
    return load()
  }

  async function read(item: Notification): Promise<void> {
    try {
      await markRead(item)
    } catch (error) {
      showProblem(error)
    }
  }

  async function readAll(): Promise<void> {
    try {
      await markAllRead()
      await load()
    } catch (error) {
      showProblem(error)
    }
  }

  return { items, total, page, unreadOnly, loading, load, reload, read, readAll }
}

/** Where a message leads, for the part of the app it is read in; null when it has no page to act on. */
export function notificationLink(item: Notification, area: 'admin' | 'account', allows: (permission: string) => boolean): string | null {
  if (item.event === 'inventory.low_stock' && area === 'admin' && allows('inventory:read')) return '/admin/inventory/alerts'
  const orderId = orderIdOf(item)
  if (orderId) return area === 'account' ? `/account/orders/${orderId}` : allows('orders:read') ? `/admin/orders/${orderId}` : null
  // A message that does not say which order it is about still leads the shopper to the tab it speaks of.
  if (area === 'account' && item.event.startsWith('order.')) {
    const said = item.event.slice('order.'.length)
    const tab = groupOf(({ placed: 'pending_payment', expired: 'cancelled' } as Record<string, string>)[said] ?? said)
    return tab ? `/account/orders?tab=${tab}` : '/account/orders'
  }
  return null
}

/** Whether a message's link opens one order (else a list). */
export function leadsToOrder(item: Notification): boolean {
  return orderIdOf(item) !== null
}

/** The order a message is about, when the server says which one. */
function orderIdOf(item: Notification): string | null {
  if (!item.event.startsWith('order.')) return null
  const about = item as Notification & { order_id?: unknown; subject_id?: unknown }
  const id = about.order_id ?? about.subject_id
  return typeof id === 'string' && id ? id : null
}
