import { describe, expect, it } from 'vitest'
import en from '@/i18n/store/en.json'
import zh from '@/i18n/store/zh-CN.json'

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
    .sort()
}

describe('storefront texts', () => {
  it('has the same keys in Chinese and English, all under store', () => {
    expect(keys(en)).toEqual(keys(zh))
    expect(Object.keys(en)).toEqual(['store'])
  })

  it('names every sort order and stock status the API can send', async () => {
    const { SORTS } = await import('@/pages/store/searchQuery')
    for (const sort of SORTS) expect(zh.store.sort[sort]).toBeTruthy()
    for (const status of ['in_stock', 'low', 'out_of_stock'] as const) expect(en.store.stock[status]).toBeTruthy()
  })
})
