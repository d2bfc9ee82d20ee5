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

export const PAYMENT_FIELDS = {
  order_number: textField(32),
  payment_no: textField(32),
  method: choicesField(PAYMENT_METHODS),
  status: choicesField(PAYMENT_STATUSES),
  amount_min: amountField(),
  amount_max: amountField(),
  created_from: timeField(),
  created_to: timeField(),
  paid_from: timeField(),
  paid_to: timeField(),
}
export type PaymentFilters = FiltersOf<typeof PAYMENT_FIELDS>

export const REFUND_FIELDS = {
  order_number: textField(32),
  refund_no: textField(32),
  method: choicesField(PAYMENT_METHODS),
  status: choicesField(REFUND_STATUSES),
  amount_min: amountField(),
  amount_max: amountField(),
  created_from: timeField(),
  created_to: timeField(),
}
export type RefundFilters = FiltersOf<typeof REFUND_FIELDS>

const list = <T>(values: readonly T[]) => (values.length ? [...values] : undefined)

/** `GET /payments`' query for some filters: empty ones left out. */
export function paymentQuery(f: PaymentFilters, sort: string) {
  return {
    order_number: f.order_number || undefined,
    payment_no: f.payment_no || undefined,
    method: list(f.method),
    status: list(f.status),
    amount_min: f.amount_min || undefined,
    amount_max: f.amount_max || undefined,
    created_from: f.created_from || undefined,
    created_to: f.created_to || undefined,
    paid_from: f.paid_from || undefined,
    paid_to: f.paid_to || undefined,
    sort: (PAYMENT_SORTS as readonly string[]).includes(sort) ? (sort as PaymentSort) : '-created_at',
  }
}

export function refundQuery(f: RefundFilters, sort: string) {
  return {
    order_number: f.order_number || undefined,
    refund_no: f.refund_no || undefined,
    method: list(f.method),
    status: list(f.status),
    amount_min: f.amount_min || undefined,
    amount_max: f.amount_max || undefined,
    created_from: f.created_from || undefined,
    created_to: f.created_to || undefined,
    sort: (REFUND_SORTS as readonly string[]).includes(sort) ? (sort as RefundSort) : '-created_at',
  }
}
