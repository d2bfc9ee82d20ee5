import { compareMoney, currencyDigits, fromMinor, isAmount, toMinor, type Money } from '@/money/decimal'

interface Refundable {
  id: string
  refundable: Money
}

/** What may still be refunded: from one payment, or (none chosen) from all the order's payments together. */
export function refundableOf(payments: readonly Refundable[], paymentId: string | null, currency = 'CNY'): Money {
  const chosen = paymentId ? payments.filter((p) => p.id === paymentId) : payments
  const digits = currencyDigits(currency)
  const minor = chosen.reduce((sum, p) => sum + (toMinor(p.refundable.amount, digits) ?? 0), 0)
  return { amount: fromMinor(minor, digits), currency }
}

/** Why an amount typed for a refund cannot be sent (the server checks again, under the payment's lock). */
export function refundAmountProblem(text: string, max: Money): 'invalid' | 'too_much' | null {
  const amount = text.trim()
  if (!isAmount(amount, max.currency) || toMinor(amount, currencyDigits(max.currency)) === 0) return 'invalid'
  return compareMoney({ amount, currency: max.currency }, max) === 1 ? 'too_much' : null
}
