import { describe, expect, it } from 'vitest'
import en from '@/i18n/orderChanges/en.json'
import zh from '@/i18n/orderChanges/zh-CN.json'
import { editBody, rowsOf, splitBody, splitReady } from '@/pages/admin/orders/orderChanges'
import type { Order } from '@/pages/admin/orders/types'

const money = (amount: string) => ({ amount, currency: 'CNY' })
const line = (id: string, quantity: number, price: string) => ({ id, sku_id: `sku-${id}`, sku_code: id, product_name: id, quantity, unit_price: money(price) })
const order = { id: 'o1', number: 'N1', note: 'hi', updated_at: '2026-11-29T10:00:00Z', lines: [line('A', 2, '10.00'), line('B', 1, '3.33')] } as unknown as Order

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) => (typeof value === 'object' ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
}

describe('order changes', () => {
  it('sends only what changed, with the version the clerk saw', () => {
    const rows = rowsOf(order)
    expect(editBody(order, rows, 'hi', '')).toEqual({ updated_at: order.updated_at, remark: '' })

    rows[0].quantity = 5
    rows[1].unit_price = '3.00'
    rows.push({ key: 'C', line_id: null, sku_id: 'sku-C', code: 'C', name: 'C', quantity: 1, unit_price: '1.00', original_price: '1.00' })
    expect(editBody(order, rows, 'ring first', ' by phone ')).toEqual({
      updated_at: order.updated_at,
      lines: [
        { line_id: 'A', quantity: 5 },
        { line_id: 'B', quantity: 1, unit_price: '3.00' },
        { sku_id: 'sku-C', quantity: 1 },
      ],
      note: 'ring first',
      remark: 'by phone',
    })
  })

  it('ships to another saved address only when one is chosen', () => {
    expect(editBody(order, rowsOf(order), 'hi', '', 'addr-2')).toEqual({ updated_at: order.updated_at, remark: '', address: { address_id: 'addr-2' } })
  })

  it('splits by warehouse or by chosen units, leaving something on the original', () => {
    expect(splitBody(order, true, {})).toEqual({ updated_at: order.updated_at })
    expect(splitBody(order, false, { A: 1, B: 0 })).toEqual({ updated_at: order.updated_at, lines: [{ line_id: 'A', quantity: 1 }] })
    expect(splitReady(order, false, { A: 0, B: 0 })).toBe(false)
    expect(splitReady(order, false, { A: 2, B: 1 })).toBe(false)
    expect(splitReady(order, false, { A: 1, B: 1 })).toBe(true)
  })

  it('has every text in both languages', () => {
    expect(keys(zh).sort()).toEqual(keys(en).sort())
  })
})
