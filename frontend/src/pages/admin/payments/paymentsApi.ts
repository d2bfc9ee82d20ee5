/**
 * The back office's payment calls through the typed client: the payment and refund lists, a payment with its log, an
 * order's payments, refunding.
 */
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'
import type { paymentQuery, refundQuery } from './filters'

export type PaymentRow = components['schemas']['PaymentRowOut']
export type PaymentDetail = components['schemas']['PaymentDetailOut']
export type PaymentEvent = components['schemas']['PaymentEventOut']
export type Refund = components['schemas']['RefundOut']
export type RefundRow = components['schemas']['RefundRowOut']
export type OrderPayment = components['schemas']['OrderPaymentOut']

type Paged = { page: number; page_size: number }

export function fetchPayments(query: ReturnType<typeof paymentQuery> & Paged, signal: AbortSignal) {
  return unwrap(api.GET('/payments', { params: { query }, signal }))
}

export function fetchRefunds(query: ReturnType<typeof refundQuery> & Paged, signal: AbortSignal) {
  return unwrap(api.GET('/refunds', { params: { query }, signal }))
}

export function fetchPayment(id: string): Promise<PaymentDetail> {
  return unwrap(api.GET('/payments/{payment_id}', { params: { path: { payment_id: id } } }))
}

export function fetchOrderPayments(orderId: string): Promise<OrderPayment[]> {
  return unwrap(api.GET('/orders/{order_id}/payments', { params: { path: { order_id: orderId } } }))
}

export type RefundRequest = components['schemas']['RefundIn']

/** Asks for a refund of the order (from one payment, or newest payments first); the refunds it made come back. */
export function requestRefund(orderId: string, body: RefundRequest, idempotencyKey: string): Promise<Refund[]> {
  return unwrap(
    api.POST('/orders/{order_id}/refunds', {
      params: { path: { order_id: orderId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  )
}
