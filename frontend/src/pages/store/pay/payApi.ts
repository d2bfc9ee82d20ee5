/**
 * The storefront's payment calls. `GET /me/payments` is in the generated client; paying (`POST
 * /me/orders/{id}/payments`, `GET /me/payments/{id}`), the methods (`GET /payment-methods`) and the transfer
 * receipt (`POST /me/payments/{id}/proof`) are built by other parts of the payments work in parallel: they go
 * through the same client untyped until the generated paths have them, with the shapes PAYMENTS.md fixes.
 */
import { api } from '@/api/client'
import { ApiProblem, unwrap } from '@/api/problem'
import type { components } from '@/api/schema'

export type Payment = components['schemas']['PaymentOut']
export type MyPaymentPage = components['schemas']['MyPaymentPage']

export interface PaymentMethodOption {
  method: string
  /** In the reader's language, from the server; the SPA's own word when absent. */
  name?: string
  start_kind?: string
  /** Bank transfer: how to pay, and the payee's account, as the shop configured them. */
  instructions?: string | null
  payee?: Record<string, string> | null
  [field: string]: unknown
}

/** The methods shown while `GET /payment-methods` cannot answer (not deployed yet, or down). */
export const FALLBACK_METHODS: PaymentMethodOption[] = [
  { method: 'alipay', start_kind: 'redirect' },
  { method: 'wechat_pay', start_kind: 'qr' },
  { method: 'card', start_kind: 'redirect' },
]

interface Untyped {
  GET(path: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>
  POST(path: string, init?: Record<string, unknown>): Promise<{ data?: unknown; error?: unknown; response: Response }>
}
const untyped = api as unknown as Untyped

export async function fetchMethods(): Promise<{ methods: PaymentMethodOption[]; fallback: boolean }> {
  try {
    const found = await unwrap(untyped.GET('/payment-methods'))
    const list = Array.isArray(found) ? found : (found as { items?: unknown })?.items
    if (Array.isArray(list) && list.length) {
      const methods = (list as PaymentMethodOption[]).filter((m) => m && typeof m.method === 'string')
      if (methods.length) return { methods, fallback: false }
    }
  } catch {
    // not there yet, or failing: the usual methods stand in, and the page says so
  }
  return { methods: FALLBACK_METHODS, fallback: true }
}

/** Starts (or resumes: the same method's active attempt comes back as is) paying the order. */
export function startPayment(orderId: string, method: string): Promise<Payment> {
  return unwrap(
    untyped.POST('/me/orders/{order_id}/payments', { params: { path: { order_id: orderId } }, body: { method } }),
  ) as Promise<Payment>
}

export function fetchMyPayment(paymentId: string, signal?: AbortSignal): Promise<Payment> {
  return unwrap(
    untyped.GET('/me/payments/{payment_id}', { params: { path: { payment_id: paymentId } }, signal }),
  ) as Promise<Payment>
}

export function uploadProof(paymentId: string, file: File): Promise<Payment> {
  const form = new FormData()
  form.append('file', file)
  return unwrap(
    untyped.POST('/me/payments/{payment_id}/proof', {
      params: { path: { payment_id: paymentId } },
      body: form,
      bodySerializer: (body: FormData) => body,
    }),
  ) as Promise<Payment>
}

export function fetchMyPayments(page: number, pageSize: number, signal?: AbortSignal): Promise<MyPaymentPage> {
  return unwrap(api.GET('/me/payments', { params: { query: { page, page_size: pageSize } }, signal }))
}

/** A missing payment (or another customer's) will not appear by waiting. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiProblem && (error.status === 404 || error.status === 422)
}
