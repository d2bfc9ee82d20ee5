import { currentLocale } from '@/i18n'
import { currencyDigits, type Money } from './decimal'

const formatters = new Map<string, Intl.NumberFormat>()

function formatter(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`
  let found = formatters.get(key)
  if (!found) {
    const digits = currencyDigits(currency)
    found = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    })
    formatters.set(key, found)
  }
  return found
}

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/

/**
 * `{amount: "12.50", currency: "CNY"}` as a reader of the UI language writes it, with the currency's own decimals:
 * `¥12.50` / `CN¥12.50`, `JP¥1,200` / `¥1,200`, `KWD 1.250`. The decimal string goes to Intl as a string, which
 * formats it exactly (no float, so no 0.1 + 0.2 and no lost digits on large totals). "—" when there is no money.
 */
export function formatMoney(money: Money | null | undefined, locale: string = currentLocale()): string {
  if (!money || money.amount === null || money.amount === undefined || money.amount === '') return '—'
  const amount = String(money.amount).trim()
  if (!PLAIN_DECIMAL.test(amount)) return `${money.amount} ${money.currency}`
  try {
    // Intl.NumberFormat takes decimal strings exactly since ES2023; TypeScript's ES2022 typings only list numbers.
    return formatter(locale, money.currency.toUpperCase()).format(amount as unknown as number)
  } catch {
    // An unknown currency code: show the amount with its code rather than nothing.
    return `${money.amount} ${money.currency}`
  }
}
