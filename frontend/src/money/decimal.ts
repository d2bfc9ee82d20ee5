/**
 * Amounts as the API speaks them: decimal strings (`"12.50"`) in a currency. Arithmetic and comparison happen on
 * integer minor units (fen, sen, fils) parsed digit by digit, so 0.1 + 0.2 never shows up on a price tag; a float
 * is only ever made by Intl for display, and not even there (see format.ts).
 */

/** The API's `{amount, currency}` shape. */
export interface Money {
  amount: string
  currency: string
}

/** The shop's base currency, used where nothing names a currency yet (a new product). */
export const BASE_CURRENCY = 'CNY'

const digitsCache = new Map<string, number>()

/** How many decimals a currency has (CNY 2, JPY 0, KWD 3), as ISO 4217 and the browser's Intl say; 2 if unknown. */
export function currencyDigits(currency: string): number {
  const code = currency.toUpperCase()
  let digits = digitsCache.get(code)
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2
    } catch {
      digits = 2
    }
    digitsCache.set(code, digits)
  }
  return digits
}

// Ten digits before the point is more than any price or order total here, and keeps minor units exact in a double.
const MAX_WHOLE_DIGITS = 10
const DECIMAL = /^([+-]?)(\d+)(?:\.(\d+))?$/

/**
 * A decimal string as integer minor units of a currency with `digits` decimals ("12.5", 2 → 1250), or null for
 * anything else: more decimals than the currency has, exponents, commas, blanks, too many digits.
 */
export function toMinor(text: string, digits: number): number | null {
  const match = DECIMAL.exec(text.trim())
  if (!match) return null
  const [, sign, whole, fraction = ''] = match
  const wholeDigits = whole.replace(/^0+(?=\d)/, '')
  if (wholeDigits.length > MAX_WHOLE_DIGITS || fraction.length > digits) return null
  const minor = Number(wholeDigits + fraction.padEnd(digits, '0'))
  return sign === '-' ? -minor : minor
}

/** Integer minor units back to the canonical decimal string (1250, 2 → "12.50"; 5, 0 → "5"; 1234, 3 → "1.234"). */
export function fromMinor(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : ''
  const text = String(Math.abs(Math.round(minor))).padStart(digits + 1, '0')
  if (!digits) return sign + text
  return `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/** Whether a string is an amount of this currency: non-negative, at most the currency's decimals. */
export function isAmount(text: string | null | undefined, currency: string = BASE_CURRENCY): boolean {
  if (typeof text !== 'string' || text.trim().startsWith('-') || text.trim().startsWith('+')) return false
  return toMinor(text, currencyDigits(currency)) !== null
}

/** Orders two amounts of one currency (-1, 0, 1); null when either is not a readable amount. */
export function compareMoney(a: Money, b: Money): number | null {
  if (a.currency.toUpperCase() !== b.currency.toUpperCase()) return null
  // Amounts the server sends may carry more decimals than the currency (e.g. unit prices); compare them exactly.
  const digits = Math.max(fractionLength(a.amount), fractionLength(b.amount))
  const left = toMinor(a.amount, digits)
  const right = toMinor(b.amount, digits)
  if (left === null || right === null) return null
  return Math.sign(left - right)
}

function fractionLength(amount: string): number {
  const point = amount.indexOf('.')
  return point < 0 ? 0 : amount.length - point - 1
}
