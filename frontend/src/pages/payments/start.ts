/**
 * What the storefront does with a payment attempt the server started: go to the provider's page, draw a QR code to
 * scan, or show the bank transfer details with a receipt upload. Anything the page cannot act on is `none`.
 */

export interface PaymentStart {
  kind: string
  url: string | null
  qr_code: string | null
}

export type StartAction =
  | { kind: 'redirect'; url: string }
  | { kind: 'qr'; code: string }
  | { kind: 'offline' }
  | { kind: 'none' }

/** Only web addresses are followed: a provider's answer never sends the browser to `javascript:` or the like. */
function webAddress(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const parsed = new URL(url, globalThis.location?.href ?? 'http://localhost/')
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null
  } catch {
    return null
  }
}

export function startAction(payment: { status: string; start: PaymentStart | null }): StartAction {
  const start = payment.start
  if (!start || !['pending', 'processing'].includes(payment.status)) return { kind: 'none' }
  if (start.kind === 'qr' && start.qr_code) return { kind: 'qr', code: start.qr_code }
  if (start.kind === 'redirect') {
    const url = webAddress(start.url)
    return url ? { kind: 'redirect', url } : { kind: 'none' }
  }
  if (start.kind === 'offline') return { kind: 'offline' }
  return { kind: 'none' }
}
