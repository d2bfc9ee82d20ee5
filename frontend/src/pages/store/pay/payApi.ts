/**
 * The storefront's payment calls, through the typed client: the methods the shop offers, paying an order (`POST
 * /me/orders/{id}/payments`, the same for bank transfer), following a payment, the transfer receipt, the history.
 */
import { api } from '@/api/client'
import { ApiProblem, unwrap } from '@/api/problem'
import type { components } from '@/api/schema'

export type Payment = components['schemas']['PaymentOut']
export type MyPaymentPage = components['schemas']['MyPaymentPage']
export type OfferedMethod = components['schemas']['OfferedMethodOut']
export type BankTransferDetails = components['schemas']['BankTransferInstructionsOut']
export type ProofUploaded = components['schemas']['OfflinePaymentOut']

/** A method on the pay page: the server's, or one of the usual ones while the list cannot be loaded (no name). */
export type PaymentMethodOption = Pick<OfferedMethod, 'method' | 'start_kind'> &
  Partial<Pick<OfferedMethod, 'name' | 'bank_transfer'>>

/** The methods shown while `GET /payment-methods` cannot answer (down): the SPA names them in its own words. */
export const FALLBACK_METHODS: PaymentMethodOption[] = [
  { method: 'alipay', start_kind: 'redirect' },
  { method: 'wechat_pay', start_kind: 'qr' },
  { method: 'card', start_kind: 'redirect' },
]

export async function fetchMethods(): Promise<{ methods: PaymentMethodOption[]; fallback: boolean }> {
  try {
    const methods = await unwrap(api.GET('/payment-methods'))
    if (methods.length) return { methods, fallback: false }
  } catch {
    // failing: the usual methods stand in, and the page says so
  }
  return { methods: FALLBACK_METHODS, fallback: true }
}

/** Starts (or resumes: the same method's active attempt comes back as is) paying the order. */
export function startPayment(orderId: string, method: PaymentMethodOption['method']): Promise<Payment> {
  return unwrap(api.POST('/me/orders/{order_id}/payments', { params: { path: { order_id: orderId } }, body: { method } }))
}

export function fetchMyPayment(paymentId: string, signal?: AbortSignal): Promise<Payment> {
  return unwrap(api.GET('/me/payments/{payment_id}', { params: { path: { payment_id: paymentId } }, signal }))
}

/** The bank transfer's receipt, as the multipart field `file`: the payment goes to finance (processing). */
export function uploadProof(paymentId: string, file: File): Promise<ProofUploaded> {
  const form = new FormData()
  form.append('file', file)
  return unwrap(
    api.POST('/me/payments/{payment_id}/proof', {
      params: { path: { payment_id: paymentId } },
      body: form as never,
      bodySerializer: (body: unknown) => body as FormData,
    }),
  )
}

export function fetchMyPayments(page: number, pageSize: number, signal?: AbortSignal): Promise<MyPaymentPage> {
  return unwrap(api.GET('/me/payments', { params: { query: { page, page_size: pageSize } }, signal }))
}

/** A missing payment (or another customer's) will not appear by waiting. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 422)
}
