/**
 * Prices as staff type them in the catalog: decimal strings in the product's currency with at most that currency's
 * decimals (CNY "12.50", JPY "1200", KWD "1.250"). They stay strings from the input box to the API; arithmetic
 * happens on integer minor units (see @/money/decimal).
 */
import { BASE_CURRENCY, currencyDigits, fromMinor, isAmount, toMinor, type Money } from '@/money/decimal'

export type { Money }

/** A non-negative amount with at most the currency's decimals, as typed by a person ("12", "12.5", "0.99"). */
export function isPrice(value: string | null | undefined, currency: string = BASE_CURRENCY): boolean {
  return isAmount(value, currency)
}

function minorOf(value: string, currency: string): number {
  const minor = toMinor(value, currencyDigits(currency))
  if (minor === null || minor < 0) throw new Error(`not a price in ${currency}: ${value}`)
  return minor
}

/** A typed price in the canonical spelling with the currency's decimals; empty stays empty (an optional price left out). */
export function normalizePrice(value: string | null | undefined, currency: string = BASE_CURRENCY): string {
  const text = (value ?? '').trim()
  if (!text) return ''
  return isPrice(text, currency) ? fromMinor(minorOf(text, currency), currencyDigits(currency)) : text
}

/** Scales a price by a percentage (110 → +10 %), rounding half up to the currency's smallest unit. */
export function scalePrice(value: string, percent: number, currency: string = BASE_CURRENCY): string {
  const scaled = (minorOf(value, currency) * percent) / 100
  return fromMinor(Math.max(0, Math.floor(scaled + 0.5 + 1e-9)), currencyDigits(currency))
}

/** Adds a signed decimal amount ("-5", "2.50"), never going below zero. */
export function shiftPrice(value: string, delta: string, currency: string = BASE_CURRENCY): string {
  const text = delta.trim()
  const negative = text.startsWith('-')
  const magnitude = minorOf(negative || text.startsWith('+') ? text.slice(1) : text, currency)
  return fromMinor(Math.max(0, minorOf(value, currency) + (negative ? -magnitude : magnitude)), currencyDigits(currency))
}

/** Whether a typed signed amount ("+2.5", "-3") fits the currency, for the batch tool's shift mode. */
export function isPriceShift(value: string, currency: string = BASE_CURRENCY): boolean {
  const text = value.trim()
  return isPrice(text.replace(/^[+-]/, ''), currency)
}

/** A placeholder showing the currency's decimals ("99.00", "99", "99.000"). */
export function pricePlaceholder(currency: string = BASE_CURRENCY): string {
  return fromMinor(99 * 10 ** currencyDigits(currency), currencyDigits(currency))
}

export interface PriceFields {
  retail_price: string
  wholesale_price?: string | null
  promo_price?: string | null
  promo_starts_at?: string | null
  promo_ends_at?: string | null
}

/** What is wrong with a SKU's prices, as i18n keys under `catalog.price.errors`; empty when fine. */
export function priceProblems(prices: PriceFields, currency: string = BASE_CURRENCY): string[] {
  const problems: string[] = []
  if (!isPrice(prices.retail_price, currency)) problems.push('retail')
  if (prices.wholesale_price && !isPrice(prices.wholesale_price, currency)) problems.push('wholesale')
  if (prices.promo_price && !isPrice(prices.promo_price, currency)) problems.push('promo')
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

/** The currency a price the API sent is in; the base currency for a bare string or nothing. */
export function currencyOf(value: Money | string | null | undefined): string {
  return value && typeof value !== 'string' && value.currency ? value.currency : BASE_CURRENCY
}
