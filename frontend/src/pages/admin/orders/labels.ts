/**
 * The words of the order back office: states, actions, channels, payment methods and review flags as the API
 * names them, and how each one is shown (a tag colour, a message key). Kept free of Vue so tests and links use
 * them cheaply.
 */

import { ORDER_STATUSES, type OrderStatus } from '@/pages/orderStatuses'

export { ORDER_STATUSES, type OrderStatus }

/** What staff can do to an order; `expire` is the clock's and never a button. */
export const ORDER_ACTIONS = ['pay', 'approve', 'hold', 'release', 'ship_part', 'ship_rest', 'confirm', 'cancel', 'expire'] as const
export type OrderAction = (typeof ORDER_ACTIONS)[number]

export const CHANNELS = ['web', 'mobile', 'phone', 'pos'] as const
/** The channels a staff member takes an order through (the storefront's is the customer's own). */
export const MANUAL_CHANNELS = ['phone', 'pos'] as const
export const PAYMENT_METHODS = ['bank_transfer', 'cash_on_delivery', 'cash'] as const
export const REVIEW_FLAGS = ['stock', 'address', 'amount_limit', 'customer_flagged', 'manual_review'] as const
/** Notes and reasons the system writes as codes (an automatic approval, an expired order), not as words. */
export const SYSTEM_NOTES = ['auto_review', 'auto_confirm', 'expired'] as const

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

const STATUS_TAGS: Record<OrderStatus, TagType> = {
  pending_payment: 'warning',
  paid: 'primary',
  on_hold: 'danger',
  awaiting_shipment: 'primary',
  partially_shipped: 'warning',
  shipped: 'success',
  completed: 'success',
  cancelled: 'info',
  closed: 'info',
}

/** The colour of a state's tag: waiting on someone is amber, blocked red, moving blue, done green, over grey. */
export function statusTagType(status: string): TagType {
  return STATUS_TAGS[status as OrderStatus] ?? 'info'
}

/**
 * A message key for an API code, or null when the texts have none (a state or method added on the server
 * before the SPA knows it): the caller then shows the code itself rather than a missing-key warning.
 */
export function labelKey(group: 'status' | 'action' | 'channel' | 'paymentMethod' | 'reviewFlag' | 'systemNote', code: string | null | undefined): string | null {
  if (!code) return null
  return `orders.${group}.${code}`
}

/**
 * The buttons an order's detail shows for the actions the server allows this reader: both ship actions are one
 * "Ship" button (its dialog ships what is chosen, or all that is left), and the clock's `expire` is none.
 */
export type OrderButton = 'pay' | 'approve' | 'hold' | 'release' | 'ship' | 'confirm' | 'cancel'
const BUTTON_ORDER: readonly OrderButton[] = ['pay', 'approve', 'release', 'ship', 'confirm', 'hold', 'cancel']

export function orderButtons(allowed: readonly string[]): OrderButton[] {
  const wanted = new Set<OrderButton>()
  for (const action of allowed) {
    if (action === 'ship_part' || action === 'ship_rest' || action === 'ship') wanted.add('ship')
    else if (action === 'confirm' || action === 'confirm_receipt') wanted.add('confirm')
    else if ((BUTTON_ORDER as readonly string[]).includes(action)) wanted.add(action as OrderButton)
  }
  return BUTTON_ORDER.filter((button) => wanted.has(button))
}
