import { describe, expect, it } from 'vitest'
import changesEn from '@/i18n/orderChanges/en.json'
import changesZh from '@/i18n/orderChanges/zh-CN.json'
import storeEn from '@/i18n/storeOrders/en.json'
import storeZh from '@/i18n/storeOrders/zh-CN.json'
import { reviewFlagsOfNote } from '@/pages/admin/orders/labels'

describe('an approved order sent back to review by a change', () => {
  it('reads the failed rules off the timeline note, and nothing else as rules', () => {
    expect(reviewFlagsOfNote('amount_limit')).toEqual(['amount_limit'])
    expect(reviewFlagsOfNote('stock,amount_limit')).toEqual(['stock', 'amount_limit'])
    expect(reviewFlagsOfNote('stock, please call')).toBeNull()
    expect(reviewFlagsOfNote('auto_review')).toBeNull()
    expect(reviewFlagsOfNote('')).toBeNull()
    expect(reviewFlagsOfNote(null)).toBeNull()
  })

  it('names the move in both languages, for staff and for the customer', () => {
    expect(changesEn.orderChanges.action.review_again).toEqual(expect.any(String))
    expect(changesZh.orderChanges.action.review_again).toMatch(/[\u4e00-\u9fff]/)
    expect(storeEn.storeOrders.event.review_again).toEqual(expect.any(String))
    expect(storeZh.storeOrders.event.review_again).toMatch(/[\u4e00-\u9fff]/)
  })
})
