import { describe, expect, it } from 'vitest'
import { localName, optionName, optionValue } from '@/pages/localNames'

describe('product data in the UI language', () => {
  it('shows the English name in English and the shop’s own in Chinese, each falling back to the other', () => {
    expect(localName('纯棉T恤', 'Cotton T-shirt', 'en')).toBe('Cotton T-shirt')
    expect(localName('纯棉T恤', 'Cotton T-shirt', 'zh-CN')).toBe('纯棉T恤')
    expect(localName('纯棉T恤', null, 'en')).toBe('纯棉T恤')
    expect(localName('纯棉T恤', '  ', 'en')).toBe('纯棉T恤')
    expect(localName('', 'Cotton T-shirt', 'zh-CN')).toBe('Cotton T-shirt')
  })

  it('labels options and values with their English words where given', () => {
    const english = { 颜色: { name: 'Colour', values: { 红: 'Red' } } }
    expect([optionName('颜色', english, 'en'), optionValue('颜色', '红', english, 'en'), optionValue('颜色', '蓝', english, 'en')]).toEqual([
      'Colour',
      'Red',
      '蓝',
    ])
    expect(optionName('尺码', english, 'en')).toBe('尺码')
    expect(optionName('颜色', english, 'zh-CN')).toBe('颜色')
  })
})
