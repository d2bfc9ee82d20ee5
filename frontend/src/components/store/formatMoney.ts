import { currentLocale } from '@/i18n'

export interface MoneyValue {
  amount: string
  currency: string
}

/** `{amount: "12.50", currency: "CNY"}` as the reader writes money (`¥12.50`, `CN¥12.50`). Display only. */
export function formatMoney(money: MoneyValue, locale: string = currentLocale()): string {
  const amount = Number(money.amount)
  if (!Number.isFinite(amount)) return `${money.amount} ${money.currency}`
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(amount)
  } catch {
    // An unknown currency code: show the number with the code rather than nothing.
    return `${money.amount} ${money.currency}`
  }
}
