import { useI18n } from 'vue-i18n'

/** Methods and states the lists offer as filters (the server's enums). */
export const PAYMENT_METHODS = ['alipay', 'wechat_pay', 'card', 'bank_transfer', 'cash_on_delivery', 'cash'] as const
export const PAYMENT_STATUSES = ['pending', 'processing', 'succeeded', 'failed', 'expired'] as const
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const

export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'

const STATUS_TAGS: Record<string, TagType> = {
  pending: 'info',
  processing: 'warning',
  succeeded: 'success',
  failed: 'danger',
  expired: 'info',
}

export function statusTag(status: string): TagType {
  return STATUS_TAGS[status] ?? 'info'
}

/**
 * Payment words in the reader's language: methods, states, log lines. A log line's note is a code for what the
 * system wrote (`signature`, `late_payment`…): shown in words when the SPA knows the code, as it is otherwise
 * (a code added later still reads, if not prettily); a person's note is always shown as they wrote it. Every code
 * the server writes has its words in both languages (tests/unit/test_payment_code_labels.py checks it).
 */
export function usePaymentLabels() {
  const { t, te } = useI18n()
  const word = (group: string, code: string | null | undefined) => {
    if (!code) return ''
    const key = `payments.${group}.${code}`
    return te(key) ? t(key) : code
  }
  return {
    method: (code: string, serverName?: string | null) => serverName || word('method', code),
    status: (code: string) => word('status', code),
    refundStatus: (code: string) => word('refundStatus', code),
    event: (code: string) => word('event', code),
    actor: (code: string) => word('actor', code),
    note: (event: { note: string; note_is_code?: boolean }) =>
      event.note_is_code ? word('note', event.note) : event.note,
    /** Why a payment failed (`declined`, `provider_unavailable`, `rejected`). */
    failure: (code: string | null | undefined) => word('failure', code),
    /** Why a refund failed (`provider_refused`, `retries_exhausted`). */
    refundFailure: (code: string | null | undefined) => word('refundFailure', code),
    /** A refund's reason: the system's is a code (`late_payment`, `order_closed`), a person's their own words. */
    refundReason: (refund: { reason: string; requested_by_kind: string }) =>
      refund.requested_by_kind === 'system' ? word('note', refund.reason) : refund.reason,
  }
}
