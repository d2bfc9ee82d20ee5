import { describe, expect, it } from 'vitest'
import en from '@/i18n/payments/en.json'
import zhCN from '@/i18n/payments/zh-CN.json'
import { PAYMENT_METHODS, PAYMENT_STATUSES, REFUND_STATUSES } from '@/pages/payments/usePaymentLabels'

function keys(tree: unknown, prefix = ''): string[] {
  if (typeof tree !== 'object' || tree === null) return [prefix]
  return Object.entries(tree).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key))
}

describe('payment texts', () => {
  it('exist in both languages, key for key', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort())
  })

  it('name every method and state the lists filter by', () => {
    for (const texts of [en, zhCN]) {
      for (const method of PAYMENT_METHODS) expect(texts.payments.method[method]).toBeTruthy()
      for (const status of PAYMENT_STATUSES) expect(texts.payments.status[status]).toBeTruthy()
      for (const status of REFUND_STATUSES) expect(texts.payments.refundStatus[status]).toBeTruthy()
    }
  })
})
