import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import catalogEn from '@/i18n/catalog/en.json'
import catalogZh from '@/i18n/catalog/zh-CN.json'
import inventoryEn from '@/i18n/inventory/en.json'
import inventoryZh from '@/i18n/inventory/zh-CN.json'
import { PRODUCT_STATUSES } from '@/pages/admin/catalog/types'
import { MOVEMENT_KINDS, STOCK_STATUSES, STOCKTAKE_STATUSES } from '@/pages/admin/inventory/types'

const SOURCES = ['src/pages/admin/catalog', 'src/pages/admin/inventory', 'src/access/menu.ts']
const zh = { ...catalogZh, ...inventoryZh } as Record<string, unknown>
const en = { ...catalogEn, ...inventoryEn } as Record<string, unknown>

function files(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path).flatMap((name) => files(join(path, name)))
}

function lookup(messages: Record<string, unknown>, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
}

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
    .sort()
}

/** Message keys written out in full in the catalog and inventory pages: t('catalog.x'), labelKey: 'inventory.y'. */
function literalKeys(): string[] {
  const found = new Set<string>()
  for (const file of SOURCES.flatMap(files)) {
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(/(?:\bt\(|labelKey: |title: )['`]((?:catalog|inventory)\.[A-Za-z0-9_.]+)['`]/g)) {
      if (match[1]) found.add(match[1])
    }
  }
  return [...found].sort()
}

describe('catalog and inventory texts', () => {
  it('have the same keys in Chinese and English', () => {
    expect(keys(catalogEn)).toEqual(keys(catalogZh))
    expect(keys(inventoryEn)).toEqual(keys(inventoryZh))
  })

  it('stay under their own top-level namespaces', () => {
    expect(Object.keys(catalogZh)).toEqual(['catalog'])
    expect(Object.keys(inventoryZh)).toEqual(['inventory'])
  })

  it('exist for every key the pages use', () => {
    const used = literalKeys()
    expect(used.length).toBeGreaterThan(100)
    const missing = used.filter((key) => typeof lookup(zh, key) !== 'string' || typeof lookup(en, key) !== 'string')
    expect(missing).toEqual([])
  })

  it('name every status and movement kind the pages show', () => {
    const needed = [
      ...PRODUCT_STATUSES.map((status) => `catalog.status.${status}`),
      ...MOVEMENT_KINDS.map((kind) => `inventory.movement.kinds.${kind}`),
      ...STOCK_STATUSES.map((status) => `inventory.stock.statuses.${status}`),
      ...STOCKTAKE_STATUSES.map((status) => `inventory.stocktake.statuses.${status}`),
      ...['retail_price', 'wholesale_price', 'promo_price'].map((field) => `catalog.sku.${field}`),
      ...['codeRequired', 'codeInvalid', 'codeDuplicate', 'attributes', 'attributesDuplicate'].map((key) => `catalog.sku.errors.${key}`),
      ...['retail', 'wholesale', 'promo', 'promoWindowOrder'].map((key) => `catalog.price.errors.${key}`),
      ...['skuRequired', 'warehouseRequired', 'quantityPositive', 'deltaNonZero', 'duplicate'].map((key) => `inventory.lines.errors.${key}`),
      ...['apply', 'close', 'cancel'].flatMap((action) => [`inventory.stocktake.${action}Confirm`, `inventory.stocktake.${action}Done`]),
    ]
    expect(needed.filter((key) => typeof lookup(zh, key) !== 'string' || typeof lookup(en, key) !== 'string')).toEqual([])
  })
})
