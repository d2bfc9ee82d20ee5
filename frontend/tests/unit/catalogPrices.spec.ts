import { describe, expect, it } from 'vitest'
import {
  formatMoney,
  fromMinor,
  isPrice,
  normalizePrice,
  priceProblems,
  scalePrice,
  shiftPrice,
  toMinor,
} from '@/pages/admin/catalog/money'

describe('catalog prices', () => {
  it('accepts amounts with at most two decimals and refuses the rest', () => {
    expect(['0', '12', '12.5', '12.50', ' 3.99 '].every(isPrice)).toBe(true)
    expect(['', '-1', '1.234', 'abc', '1,5', '.5'].some(isPrice)).toBe(false)
  })

  it('converts between decimal strings and fen without floating point drift', () => {
    expect(toMinor('0.1') + toMinor('0.2')).toBe(30)
    expect(toMinor('12.5')).toBe(1250)
    expect(fromMinor(1250)).toBe('12.50')
    expect(fromMinor(7)).toBe('0.07')
    expect(normalizePrice('12.5')).toBe('12.50')
    expect(normalizePrice('')).toBe('')
  })

  it('scales prices by a percentage rounding half up to the fen', () => {
    expect(scalePrice('10.00', 110)).toBe('11.00')
    expect(scalePrice('0.05', 50)).toBe('0.03')
    expect(scalePrice('19.99', 90)).toBe('17.99')
  })

  it('shifts prices by a signed amount and never below zero', () => {
    expect(shiftPrice('10.00', '+2.5')).toBe('12.50')
    expect(shiftPrice('10.00', '-3')).toBe('7.00')
    expect(shiftPrice('1.00', '-3')).toBe('0.00')
  })

  it('shows money as the server sent it with the currency symbol', () => {
    expect(formatMoney({ amount: '12.50', currency: 'CNY' })).toBe('¥12.50')
    expect(formatMoney({ amount: '3.00', currency: 'JPY' })).toBe('JPY 3.00')
    expect(formatMoney(null)).toBe('—')
  })

  it('explains what is wrong with a SKU price set', () => {
    expect(priceProblems({ retail_price: '10' })).toEqual([])
    expect(priceProblems({ retail_price: 'x', wholesale_price: '1.999' })).toEqual(['retail', 'wholesale'])
    expect(priceProblems({ retail_price: '10', promo_price: '8' })).toEqual([])
    expect(
      priceProblems({
        retail_price: '10',
        promo_price: '8',
        promo_starts_at: '2026-12-02T00:00:00Z',
        promo_ends_at: '2026-12-01T00:00:00Z',
      }),
    ).toEqual(['promoWindowOrder'])
  })
})

describe('prices sent back for editing', () => {
  it('takes the amount of Money, a bare string, or nothing', async () => {
    const { amountOf } = await import('@/pages/admin/catalog/money')
    expect(amountOf({ amount: '9.90', currency: 'CNY' })).toBe('9.90')
    expect(amountOf('3.00')).toBe('3.00')
    expect(amountOf(null)).toBe('')
  })
})
