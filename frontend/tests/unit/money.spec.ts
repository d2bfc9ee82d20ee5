import { describe, expect, it } from 'vitest'
import { compareMoney, currencyDigits, fromMinor, isAmount, toMinor } from '@/money/decimal'
import { formatMoney } from '@/money/format'

// Intl separates a currency code from the number with a no-break space; the tests read it as a plain one.
const plain = (text: string) => text.replace(/\u00a0/g, ' ')

describe('one money formatter for the whole SPA', () => {
  it('shows yuan with two decimals in both UI languages', () => {
    expect(formatMoney({ amount: '12.50', currency: 'CNY' }, 'zh-CN')).toBe('¥12.50')
    expect(formatMoney({ amount: '12.50', currency: 'CNY' }, 'en')).toBe('CN¥12.50')
    expect(formatMoney({ amount: '1234567.5', currency: 'CNY' }, 'en')).toBe('CN¥1,234,567.50')
  })

  it('shows yen without decimals in both UI languages', () => {
    expect(formatMoney({ amount: '1200', currency: 'JPY' }, 'zh-CN')).toBe('JP¥1,200')
    expect(formatMoney({ amount: '1200', currency: 'JPY' }, 'en')).toBe('¥1,200')
  })

  it('shows Kuwaiti dinar with three decimals in both UI languages', () => {
    expect(plain(formatMoney({ amount: '1.25', currency: 'KWD' }, 'zh-CN'))).toBe('KWD 1.250')
    expect(plain(formatMoney({ amount: '1.234', currency: 'KWD' }, 'en'))).toBe('KWD 1.234')
  })

  it('formats the decimal string exactly, without a float in between', () => {
    // 2^53 + 1 fen is not a double: a Number() on the way would show ...992.00.
    expect(formatMoney({ amount: '90071992547409.93', currency: 'CNY' }, 'en')).toBe('CN¥90,071,992,547,409.93')
    expect(formatMoney({ amount: '0.30', currency: 'CNY' }, 'zh-CN')).toBe('¥0.30')
    expect(formatMoney({ amount: '-5.00', currency: 'CNY' }, 'zh-CN')).toBe('-¥5.00')
  })

  it('shows a dash for no money and the raw text for something it cannot read', () => {
    expect(formatMoney(null)).toBe('—')
    expect(formatMoney({ amount: 'abc', currency: 'CNY' }, 'en')).toBe('abc CNY')
    expect(formatMoney({ amount: '5', currency: 'XX' }, 'en')).toBe('5 XX')
  })
})

describe('amounts as decimal strings', () => {
  it('knows each currency’s own decimals', () => {
    expect([currencyDigits('CNY'), currencyDigits('JPY'), currencyDigits('KWD'), currencyDigits('usd')]).toEqual([2, 0, 3, 2])
  })

  it('parses to minor units digit by digit and refuses what the currency cannot hold', () => {
    expect(toMinor('0.1', 2)! + toMinor('0.2', 2)!).toBe(30)
    expect(toMinor('12.5', 2)).toBe(1250)
    expect(toMinor('1200', 0)).toBe(1200)
    expect(toMinor('1.5', 0)).toBeNull()
    expect(toMinor('1.2345', 3)).toBeNull()
    expect(['1e3', '1,5', '.5', '', ' ', '12345678901'].map((text) => toMinor(text, 2))).toEqual([null, null, null, null, null, null])
    expect([fromMinor(1250, 2), fromMinor(7, 2), fromMinor(1200, 0), fromMinor(1250, 3), fromMinor(-7, 2)]).toEqual([
      '12.50',
      '0.07',
      '1200',
      '1.250',
      '-0.07',
    ])
    expect(isAmount('3', 'JPY')).toBe(true)
    expect(isAmount('3.5', 'JPY')).toBe(false)
    expect(isAmount('-3', 'CNY')).toBe(false)
  })

  it('compares amounts exactly and only within one currency', () => {
    expect(compareMoney({ amount: '59.9', currency: 'CNY' }, { amount: '59.90', currency: 'CNY' })).toBe(0)
    expect(compareMoney({ amount: '100.00', currency: 'CNY' }, { amount: '99.99', currency: 'CNY' })).toBe(1)
    expect(compareMoney({ amount: '1', currency: 'CNY' }, { amount: '1', currency: 'JPY' })).toBeNull()
  })
})
