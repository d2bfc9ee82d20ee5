/**
 * The order list's filters as the address bar holds them and as `GET /orders` takes them. Every filter the API
 * has is here, so a list can be shared or restored by Back as it was; the home page's to-do links (awaiting
 * review, about to expire) use the same names.
 */
import {
  amountField,
  booleanField,
  choiceField,
  textField,
  timeField,
  type FiltersOf,
  type QueryField,
} from '@/composables/queryFields'
import { compareMoney } from '@/money/decimal'
import { CHANNELS, ORDER_STATUSES, PAYMENT_METHODS, type OrderStatus } from './labels'

/** Several of a fixed set of values, written `a,b` in the URL in the set's own order; unknown ones dropped. */
export function choicesField<T extends string>(values: readonly T[]): QueryField<T[]> {
  const clean = (picked: readonly string[]) => values.filter((value) => picked.includes(value))
  return {
    fallback: [],
    parse: (raw) => clean(raw.split(',').map((part) => part.trim())),
    format: (picked) => clean(picked ?? []).join(','),
  }
}

export const ORDER_SORTS = ['-created_at', 'created_at', '-total', 'total', '-paid_at', 'paid_at'] as const
export type OrderSort = (typeof ORDER_SORTS)[number]
export const DEFAULT_SORT: OrderSort = '-created_at'

export const ORDER_FIELDS = {
  number: textField(32),
  customer: textField(),
  status: choicesField(ORDER_STATUSES),
  channel: choiceField(CHANNELS),
  payment_method: choiceField(PAYMENT_METHODS),
  amount_min: amountField(),
  amount_max: amountField(),
  created_from: timeField(),
  created_to: timeField(),
  paid_from: timeField(),
  paid_to: timeField(),
  shipped_from: timeField(),
  shipped_to: timeField(),
  product: textField(),
  needs_review: booleanField(),
  // Set by the home page's "about to expire" link; no control of its own, Reset clears it.
  expiring_before: timeField(),
}
export type OrderFilters = FiltersOf<typeof ORDER_FIELDS>

/** An amount range lowest first, so `amount_min=50&amount_max=10` finds what the reader meant. */
export function normalizeOrderFilters(filters: OrderFilters): OrderFilters {
  const { amount_min: low, amount_max: high } = filters
  if (low && high && compareMoney({ amount: low, currency: 'CNY' }, { amount: high, currency: 'CNY' }) === 1) {
    return { ...filters, amount_min: high, amount_max: low }
  }
  return filters
}

/** The query `GET /orders` is sent for some filters: empty ones left out, yes/no as booleans. */
export function orderQuery(filters: OrderFilters, sort: string, page: number, pageSize: number) {
  return {
    number: filters.number || undefined,
    customer: filters.customer || undefined,
    status: filters.status.length ? [...filters.status] : undefined,
    channel: filters.channel || undefined,
    payment_method: filters.payment_method || undefined,
    amount_min: filters.amount_min || undefined,
    amount_max: filters.amount_max || undefined,
    created_from: filters.created_from || undefined,
    created_to: filters.created_to || undefined,
    paid_from: filters.paid_from || undefined,
    paid_to: filters.paid_to || undefined,
    shipped_from: filters.shipped_from || undefined,
    shipped_to: filters.shipped_to || undefined,
    product: filters.product || undefined,
    needs_review: filters.needs_review === '' ? undefined : filters.needs_review === 'true',
    expiring_before: filters.expiring_before || undefined,
    sort: (ORDER_SORTS as readonly string[]).includes(sort) ? (sort as OrderSort) : DEFAULT_SORT,
    page,
    page_size: pageSize,
  }
}

/**
 * The quick tabs over the list: each is a set of states (or the review queue's flag). A tab is lit when the
 * filters say exactly that, so a hand-made filter of the same states lights it too.
 */
export interface StatusTab {
  key: 'all' | 'unpaid' | 'review' | 'to_ship' | 'shipped' | 'completed' | 'cancelled'
  status: OrderStatus[]
  needsReview?: boolean
}

export const STATUS_TABS: readonly StatusTab[] = [
  { key: 'all', status: [] },
  { key: 'unpaid', status: ['pending_payment'] },
  { key: 'review', status: [], needsReview: true },
  { key: 'to_ship', status: ['awaiting_shipment', 'partially_shipped'] },
  { key: 'shipped', status: ['shipped'] },
  { key: 'completed', status: ['completed'] },
  { key: 'cancelled', status: ['cancelled', 'closed'] },
]

export function tabPatch(tab: StatusTab): Pick<OrderFilters, 'status' | 'needs_review'> {
  return { status: [...tab.status], needs_review: tab.needsReview ? 'true' : '' }
}

export function activeTab(filters: Pick<OrderFilters, 'status' | 'needs_review'>): StatusTab['key'] | '' {
  const found = STATUS_TABS.find((tab) => {
    const patch = tabPatch(tab)
    return patch.needs_review === filters.needs_review && sameSet(patch.status, filters.status)
  })
  return found?.key ?? ''
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value))
}

/**
 * A range of calendar days in the browser's time zone as the API's half-open range of moments (`_from`
 * inclusive, `_to` exclusive: the day after the last day), and back.
 */
const DAY = 24 * 60 * 60 * 1000

export function daysToMoments(days: [Date, Date] | null): [string, string] {
  if (!days) return ['', '']
  const start = new Date(days[0].getFullYear(), days[0].getMonth(), days[0].getDate())
  const end = new Date(days[1].getFullYear(), days[1].getMonth(), days[1].getDate() + 1)
  return [start.toISOString(), end.toISOString()]
}

export function momentsToDays(from: string, to: string): [Date, Date] | null {
  if (!from || !to) return null
  return [new Date(from), new Date(new Date(to).getTime() - DAY)]
}
