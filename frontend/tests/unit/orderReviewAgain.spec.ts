import { describe, expect, it } from 'vitest'
import changesEn from '@/i18n/orderChanges/en.json'
import changesZh from '@/i18n/orderChanges/zh-CN.json'
import ordersEn from '@/i18n/orders/en.json'
import ordersZh from '@/i18n/orders/zh-CN.json'
import storeEn from '@/i18n/storeOrders/en.json'
import storeZh from '@/i18n/storeOrders/zh-CN.json'
import { REVIEW_FLAGS } from '@/pages/admin/orders/labels'

describe('an approved order sent back to review by a change', () => {
  it('names the move in both languages, for staff and for the customer', () => {
    expect(changesEn.orderChanges.action.review_again).toEqual(expect.any(String))
    expect(changesZh.orderChanges.action.review_again).toMatch(/[\u4e00-\u9fff]/)
    expect(storeEn.storeOrders.event.review_again).toEqual(expect.any(String))
    expect(storeZh.storeOrders.event.review_again).toMatch(/[\u4e00-\u9fff]/)
  })

  it('words every rule it may fail (its timeline note review_failed lists them), in both languages', () => {
    const en: Record<string, string> = ordersEn.orders.reviewFlag
    const zh: Record<string, string> = ordersZh.orders.reviewFlag
    for (const flag of REVIEW_FLAGS) {
      expect(en[flag], flag).toEqual(expect.any(String))
      expect(zh[flag], flag).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})
