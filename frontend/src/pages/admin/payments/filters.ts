/**
 * The payment and refund lists' filters as the address bar holds them and as `GET /payments` / `GET /refunds`
 * take them (the exports take the same).
 */
import { amountField, textField, timeField, type FiltersOf } from '@/composables/queryFields'
import { choicesField } from '@/pages/admin/orders/filters'
import { PAYMENT_METHODS, PAYMENT_STATUSES, REFUND_STATUSES } from '@/pages/payments/usePaymentLabels'

export const PAYMENT_SORTS = ['-created_at', 'created_at', '-paid_at', 'paid_at', '-amount', 'amount'] as const
export const REFUND_SORTS = ['-created_at', 'created_at', '-succeeded_at', 'succeeded_at', '-amount', 'amount'] as const
export type PaymentSort = (typeof PAYMENT_SORTS)[number]
export type RefundSort = (typeof REFUND_SORTS)[number]

/** The filters both lists have but the first two (the order number and the list's own number). */
const recordFields = <S extends string>(statuses: readonly S[]) => ({
  method: choicesField(PAYMENT_METHODS),
  status: choicesField(statuses),
  amount_min: amountField(),
  amount_max: amountField(),
  created_from: timeField(),
  created_to: timeField(),
})

export const PAYMENT_FIELDS = {
  order_number: textField(32),
  payment_no: textField(32),
  ...recordFields(PAYMENT_STATUSES),
  paid_from: timeField(),
  paid_to: timeField(),
}
export type PaymentFilters = FiltersOf<typeof PAYMENT_FIELDS>

export const REFUND_FIELDS = {
  order_number: textField(32),
  refund_no: textField(32),
  ...recordFields(REFUND_STATUSES),
}
export type RefundFilters = FiltersOf<typeof REFUND_FIELDS>

const list = <T>(values: readonly T[]) => (values.length ? [...values] : undefined)

type SharedFilters<S> = Omit<FiltersOf<ReturnType<typeof recordFields>>, 'status'> & { status: S[] }

/** The query of the filters `recordFields` makes: empty ones left out. */
const recordQuery = <S>(f: SharedFilters<S>) => ({
  method: list(f.method),
  status: list(f.status),
  amount_min: f.amount_min || undefined,
  amount_max: f.amount_max || undefined,
  created_from: f.created_from || undefined,
  created_to: f.created_to || undefined,
})

/** The sort asked for if the list has it, else its first (newest first). */
const sortOf = <S extends string>(sorts: readonly S[], sort: string): S =>
  (sorts as readonly string[]).includes(sort) ? (sort as S) : (sorts[0] as S)

/** `GET /payments`' query for some filters: empty ones left out. */
export function paymentQuery(f: PaymentFilters, sort: string) {
  return {
    order_number: f.order_number || undefined,
    payment_no: f.payment_no || undefined,
    ...recordQuery(f),
    paid_from: f.paid_from || undefined,
    paid_to: f.paid_to || undefined,
    sort: sortOf(PAYMENT_SORTS, sort),
  }
}

export function refundQuery(f: RefundFilters, sort: string) {
  return {
    order_number: f.order_number || undefined,
    refund_no: f.refund_no || undefined,
    ...recordQuery(f),
    sort: sortOf(REFUND_SORTS, sort),
  }
}
