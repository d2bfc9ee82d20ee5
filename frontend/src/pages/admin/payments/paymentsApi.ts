/**
 * The back office's payment calls through the typed client; refunding (`POST /orders/{id}/refunds`) is built by
 * another part of the payments work in parallel and goes through the same client untyped until the generated
 * paths have it, with the shape PAYMENTS.md fixes.
 */
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { components } from '@/api/schema'

export type PaymentRow = components['schemas']['PaymentRowOut']
export type PaymentDetail = components['schemas']['PaymentDetailOut']
export type PaymentEvent = components['schemas']['PaymentEventOut']
export type Refund = components['schemas']['RefundOut']
export type RefundRow = components['schemas']['RefundRowOut']
export type OrderPayment = components['schemas']['OrderPaymentOut']

export function fetchPayment(id: string): Promise<PaymentDetail> {
  return unwrap(api.GET('/payments/{payment_id}', { params: { path: { payment_id: id } } }))
}

export function fetchOrderPayments(orderId: string): Promise<OrderPayment[]> {
  return unwrap(api.GET('/orders/{order_id}/payments', { params: { path: { order_id: orderId } } }))
}

export interface RefundRequest {
  amount: string
  reason: string
  payment_id?: string
}

interface Untyped {
  POST(path: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>
}

/** Asks for a refund of the order (from one payment, or newest payments first); the refunds it made come back. */
export function requestRefund(orderId: string, body: RefundRequest, idempotencyKey: string): Promise<Refund[]> {
  const untyped = api as unknown as Untyped
  return unwrap(
    untyped.POST('/orders/{order_id}/refunds', {
      params: { path: { order_id: orderId }, header: { 'Idempotency-Key': idempotencyKey } },
      body,
    }),
  ) as Promise<Refund[]>
}
