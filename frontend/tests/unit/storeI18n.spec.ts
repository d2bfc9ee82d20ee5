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

describe('storefront texts in use', () => {
  it('counts results in English with singular and plural', async () => {
    const { i18n, setLocale } = await import('@/i18n')
    setLocale('en')
    const count = (n: number) => i18n.global.t('store.search.count', { count: n }, n)
    expect([count(0), count(1), count(7)]).toEqual(['no products', '1 product', '7 products'])
    setLocale('zh-CN')
    expect(count(7)).toBe('共 7 件商品')
  })

  it('finds the path from the root to a category for the breadcrumbs', async () => {
    const { categoryTrail } = await import('@/pages/store/useStoreCategories')
    const leaf = { id: 'c', name: '厨具', name_en: null, parent_id: 'b', position: 0, depth: 3, product_count: 1, children: [] }
    const middle = { id: 'b', name: '厨房', name_en: 'Kitchen', parent_id: 'a', position: 0, depth: 2, product_count: 1, children: [leaf] }
    const root = { id: 'a', name: '家居', name_en: 'Home', parent_id: null, position: 0, depth: 1, product_count: 1, children: [middle] }
    const other = { id: 'x', name: '食品', name_en: null, parent_id: null, position: 1, depth: 1, product_count: 0, children: [] }
    expect(categoryTrail([other, root], 'c').map((c) => c.name)).toEqual(['家居', '厨房', '厨具'])
    expect(categoryTrail([other, root], 'missing')).toEqual([])
    expect(categoryTrail([other, root], null)).toEqual([])
  })

  it('names the categories of the breadcrumbs in English where staff gave English names, else in Chinese', async () => {
    const { categoryTrail } = await import('@/pages/store/useStoreCategories')
    const { categoryName } = await import('@/pages/localNames')
    const leaf = { id: 'c', name: '厨具', name_en: ' ', parent_id: 'a', position: 0, depth: 2, product_count: 1, children: [] }
    const root = { id: 'a', name: '家居', name_en: 'Home', parent_id: null, position: 0, depth: 1, product_count: 1, children: [leaf] }
    const trail = categoryTrail([root], 'c')
    expect(trail.map((c) => categoryName(c, 'en'))).toEqual(['Home', '厨具'])
    expect(trail.map((c) => categoryName(c, 'zh-CN'))).toEqual(['家居', '厨具'])
  })
})
