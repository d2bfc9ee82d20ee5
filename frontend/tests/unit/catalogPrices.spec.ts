import { describe, expect, it } from 'vitest'
import { fromMinor, toMinor } from '@/money/decimal'
import { isPrice, normalizePrice, pricePlaceholder, priceProblems, scalePrice, shiftPrice } from '@/pages/admin/catalog/prices'

describe('catalog prices', () => {
  it('accepts amounts with at most two decimals and refuses the rest', () => {
    expect(['0', '12', '12.5', '12.50', ' 3.99 '].every((text) => isPrice(text))).toBe(true)
    expect(['', '-1', '1.234', 'abc', '1,5', '.5'].some((text) => isPrice(text))).toBe(false)
  })

  it('converts between decimal strings and fen without floating point drift', () => {
    expect(toMinor('0.1', 2)! + toMinor('0.2', 2)!).toBe(30)
    expect(fromMinor(1250, 2)).toBe('12.50')
    expect(normalizePrice('12.5')).toBe('12.50')
    expect(normalizePrice('')).toBe('')
  })

  it('keeps typed prices with the currency’s own decimals', () => {
    expect(isPrice('1200', 'JPY')).toBe(true)
    expect(isPrice('12.5', 'JPY')).toBe(false)
    expect(isPrice('1.234', 'KWD')).toBe(true)
    expect(normalizePrice('1200', 'JPY')).toBe('1200')
    expect(normalizePrice('1.5', 'KWD')).toBe('1.500')
    expect(scalePrice('1000', 95, 'JPY')).toBe('950')
    expect(scalePrice('1.001', 50, 'KWD')).toBe('0.501')
    expect(shiftPrice('1000', '-1', 'JPY')).toBe('999')
    expect([pricePlaceholder('CNY'), pricePlaceholder('JPY'), pricePlaceholder('KWD')]).toEqual(['99.00', '99', '99.000'])
    expect(priceProblems({ retail_price: '10.5' }, 'JPY')).toEqual(['retail'])
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
    const { amountOf } = await import('@/pages/admin/catalog/prices')
    expect(amountOf({ amount: '9.90', currency: 'CNY' })).toBe('9.90')
    expect(amountOf('3.00')).toBe('3.00')
    expect(amountOf(null)).toBe('')
  })
})
