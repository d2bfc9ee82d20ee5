/**
 * Prices as the API speaks them: decimal strings in, `{amount, currency}` out. Arithmetic happens on integer
 * minor units (fen) so that 0.1 + 0.2 never shows up on a price tag.
 */
export interface Money {
  amount: string
  currency: string
}

/** A non-negative amount with at most two decimals, as typed by a person ("12", "12.5", "0.99"). */
export const PRICE_PATTERN = /^\d{1,10}(\.\d{1,2})?$/

export function isPrice(value: string | null | undefined): boolean {
  return typeof value === 'string' && PRICE_PATTERN.test(value.trim())
}

/** "12.5" → 1250; throws on anything that is not a price so callers validate first. */
export function toMinor(value: string): number {
  const text = value.trim()
  if (!PRICE_PATTERN.test(text)) throw new Error(`not a price: ${value}`)
  const [whole = '0', fraction = ''] = text.split('.')
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'))
}

/** 1250 → "12.50" */
export function fromMinor(minor: number): string {
  const sign = minor < 0 ? '-' : ''
  const abs = Math.abs(Math.round(minor))
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A typed price in the canonical two-decimal spelling; empty stays empty (an optional price left out). */
export function normalizePrice(value: string | null | undefined): string {
  const text = (value ?? '').trim()
  if (!text) return ''
  return isPrice(text) ? fromMinor(toMinor(text)) : text
}

/** Scales a price by a percentage (110 → +10 %), rounding half up to the fen. */
export function scalePrice(value: string, percent: number): string {
  const scaled = (toMinor(value) * percent) / 100
  return fromMinor(Math.max(0, Math.floor(scaled + 0.5 + 1e-9)))
}

/** Adds a signed decimal amount ("-5", "2.50"), never going below zero. */
export function shiftPrice(value: string, delta: string): string {
  const text = delta.trim()
  const negative = text.startsWith('-')
  const magnitude = toMinor(negative || text.startsWith('+') ? text.slice(1) : text)
  return fromMinor(Math.max(0, toMinor(value) + (negative ? -magnitude : magnitude)))
}

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$' }

/** `{amount: "12.50", currency: "CNY"}` → "¥12.50"; the amount string is shown as sent, never re-rounded. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money || money.amount === undefined || money.amount === null) return '—'
  const symbol = SYMBOLS[money.currency] ?? `${money.currency} `
  return `${symbol}${money.amount}`
}

export interface PriceFields {
  retail_price: string
  wholesale_price?: string | null
  promo_price?: string | null
  promo_starts_at?: string | null
  promo_ends_at?: string | null
}

/** What is wrong with a SKU's prices, as i18n keys under `catalog.price.errors`; empty when fine. */
export function priceProblems(prices: PriceFields): string[] {
  const problems: string[] = []
  if (!isPrice(prices.retail_price)) problems.push('retail')
  if (prices.wholesale_price && !isPrice(prices.wholesale_price)) problems.push('wholesale')
  if (prices.promo_price && !isPrice(prices.promo_price)) problems.push('promo')
  // A promotion may be open-ended on either side, and the effective price is never above retail, so neither a
  // missing window nor a promo above retail is an error; a window that ends before it starts is.
  if (prices.promo_starts_at && prices.promo_ends_at && new Date(prices.promo_starts_at) >= new Date(prices.promo_ends_at)) {
    problems.push('promoWindowOrder')
  }
  return problems
}

/** The decimal string of a price the API sent as Money (or as a bare string), for an input box; "" when absent. */
export function amountOf(value: Money | string | null | undefined): string {
  if (value === null || value === undefined) return ''
  return typeof value === 'string' ? value : (value.amount ?? '')
}
