/**
 * The customer's view of order states: the status tabs of "My orders" (the API's `status_group`), which tab an
 * order sits under, and what a shopper may do with it. Pure functions, so tests and links can use them cheaply.
 */
import type { LocationQuery } from 'vue-router'
import { choiceField, firstValue } from '@/composables/queryFields'
import { ORDER_STATUSES, type OrderStatus } from '@/pages/orderStatuses'

export { ORDER_STATUSES, type OrderStatus }

/** The tabs of "My orders", in the order shown; each is a `status_group` of `GET /me/orders`. */
export const TABS = ['all', 'unpaid', 'to_ship', 'shipped', 'completed', 'cancelled'] as const
export type Tab = (typeof TABS)[number]

/** `?tab=` of the orders page: one of the tabs, `all` when absent or unknown (and then left out of the URL). */
export const tabField = choiceField(TABS, 'all')

export function tabOf(query: LocationQuery): Tab {
  return tabField.parse(firstValue(query.tab))
}

/** The URL query for a tab; `all` is the plain address. Changing the tab starts again from the first page. */
export function tabQuery(tab: Tab): Record<string, string> {
  const text = tabField.format(tab)
  return text ? { tab: text } : {}
}

const GROUP_OF: Record<OrderStatus, Exclude<Tab, 'all'>> = {
  pending_payment: 'unpaid',
  paid: 'to_ship',
  on_hold: 'to_ship',
  awaiting_shipment: 'to_ship',
  partially_shipped: 'to_ship',
  shipped: 'shipped',
  completed: 'completed',
  cancelled: 'cancelled',
  closed: 'cancelled',
}

/** The tab an order in this status is listed under (besides "all"). */
export function groupOf(status: string): Exclude<Tab, 'all'> | null {
  return (GROUP_OF as Record<string, Exclude<Tab, 'all'>>)[status] ?? null
}

/** A customer may cancel until the order is shipped (an unpaid one is cancelled, a paid one closed and refunded). */
export function customerMayCancel(status: string): boolean {
  return ['pending_payment', 'paid', 'on_hold', 'awaiting_shipment'].includes(status)
}

/** A customer confirms receipt of a shipped order (or it is confirmed for them after some days). */
export function customerMayConfirm(status: string): boolean {
  return status === 'shipped'
}

/** Element Plus tag colour of a status. */
export function statusTagType(status: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  switch (groupOf(status)) {
    case 'unpaid':
      return 'danger'
    case 'to_ship':
      return 'warning'
    case 'shipped':
      return 'primary'
    case 'completed':
      return 'success'
    default:
      return 'info'
  }
}

/** Whole seconds from `now` until an ISO moment (0 when past or unreadable): the payment countdown's start. */
export function secondsUntil(iso: string | null | undefined, now: number = Date.now()): number {
  const at = iso ? new Date(iso).getTime() : Number.NaN
  return Number.isFinite(at) ? Math.max(0, Math.floor((at - now) / 1000)) : 0
}

/** A countdown as `mm:ss`, or `h:mm:ss` from an hour up. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds))
  const pad = (n: number) => String(n).padStart(2, '0')
  const hours = Math.floor(s / 3600)
  const rest = `${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
  return hours ? `${hours}:${rest}` : rest
}
