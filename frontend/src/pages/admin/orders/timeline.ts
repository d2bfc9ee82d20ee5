/**
 * An order's history as the detail page tells it: its events (who moved it from which state to which, with the
 * note they gave) and the staff's remarks in one line of time, oldest first, as a story reads.
 */
import type { NoteParams } from '@/composables/useOrderNote'
import { compareMoney, type Money } from '@/money/decimal'
import type { Order, OrderEvent } from './types'

export type TimelineEntry =
  | { kind: 'event'; key: string; at: string; who: string | null; action: string; from_status: string | null; to_status: string | null; text: string | null; params: NoteParams; system: boolean }
  | { kind: 'remark'; key: string; at: string; who: string | null; text: string; params?: undefined }

export function timeline(order: Pick<Order, 'events' | 'remarks'>): TimelineEntry[] {
  const events: TimelineEntry[] = order.events.map((event) => ({
    kind: 'event',
    key: `event-${event.id}`,
    at: event.at,
    who: event.actor_name,
    action: event.action,
    from_status: event.from_status,
    to_status: event.to_status,
    text: event.note || null,
    params: event.note_params ?? null, // set: `text` is a code worded in the reader's language
    system: event.actor_kind === 'system',
  }))
  const remarks: TimelineEntry[] = (order.remarks ?? []).map((remark) => ({
    kind: 'remark',
    key: `remark-${remark.id}`,
    at: remark.at,
    who: remark.author_name,
    text: remark.text,
  }))
  // Stable: an event and a remark of the same instant keep the order the server gave them.
  return [...events, ...remarks].sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
}

/**
 * The shipments so far, read off the ship events until the fulfilment issue gives shipments of their own: each
 * ship event is one parcel, its note naming the carrier and tracking number.
 */
export function shipments(order: Pick<Order, 'events'>): OrderEvent[] {
  return order.events.filter((event) => event.action.startsWith('ship'))
}

/** Whether an amount is more than nothing (a refund line is shown only then). */
export function positive(money: Money | null | undefined): boolean {
  return !!money && compareMoney(money, { amount: '0', currency: money.currency }) === 1
}
