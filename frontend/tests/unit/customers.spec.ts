import { describe, expect, it } from 'vitest'
import { BACKOFFICE_MENU, visibleMenu } from '@/access/menu'
import customersEn from '@/i18n/customers/en.json'
import customersZh from '@/i18n/customers/zh-CN.json'
import searchEn from '@/i18n/search/en.json'
import searchZh from '@/i18n/search/zh-CN.json'
import { hitLink } from '@/components/searchLinks'
import { daysToRange, rangeToDays } from '@/pages/admin/customers/registered'

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
    .sort()
}

describe('customer list', () => {
  it('is in the menu of those who read customers, analysts included, and of nobody else', () => {
    const analyst = ['reports:read', 'orders:read', 'catalog:read', 'inventory:read', 'customers:read']
    expect(visibleMenu(BACKOFFICE_MENU, analyst).map((entry) => entry.key)).toContain('customers')
    expect(visibleMenu(BACKOFFICE_MENU, ['inventory:read']).map((entry) => entry.key)).not.toContain('customers')
  })

  it('has every text in both languages', () => {
    expect(keys(customersEn)).toEqual(keys(customersZh))
    expect(keys(searchEn)).toEqual(keys(searchZh))
  })

  it('turns the days picked into a half-open range of moments and back', () => {
    const range = daysToRange([new Date(2026, 10, 1, 15, 30), new Date(2026, 10, 3)])
    expect(new Date(range.registered_from)).toEqual(new Date(2026, 10, 1))
    expect(new Date(range.registered_to)).toEqual(new Date(2026, 10, 4))
    expect(rangeToDays(range.registered_from, range.registered_to)).toEqual([new Date(2026, 10, 1), new Date(2026, 10, 3)])
    expect(daysToRange(null)).toEqual({ registered_from: '', registered_to: '' })
    expect(rangeToDays('', '')).toBeNull()
  })
})

describe('global search links', () => {
  const hit = { id: 'sku-1', title: 'KETTLE-RED', detail: 'Kettle', opens: 'product-1' }

  it('opens the product of a SKU or barcode, the customer page, and the staff list for staff', () => {
    expect(hitLink('skus', hit)).toBe('/admin/catalog/products/product-1')
    expect(hitLink('barcodes', hit)).toBe('/admin/catalog/products/product-1')
    expect(hitLink('customers', { ...hit, opens: 'c-1' })).toBe('/admin/customers/c-1')
    expect(hitLink('staff', { ...hit, title: 'Li', detail: 'li@shop.cn · warehouse' })).toEqual({ path: '/admin/users', query: { q: 'li@shop.cn' } })
  })
})
