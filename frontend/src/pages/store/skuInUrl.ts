/**
 * The chosen SKU in the product page's address (`/products/:id?sku=<sku_id>`), so a reload, the back button or a
 * shared link shows the same choice. Pure functions, unit-tested without a browser.
 */
import type { LocationQuery } from 'vue-router'
import type { PickableSku, Selection } from './skuPicker'

/** The picker's choice a `?sku=` names: that SKU's values, when it is one of the product's; else null. */
export function selectionFromUrl(skus: readonly PickableSku[], sku: unknown): Selection | null {
  if (typeof sku !== 'string') return null
  const found = skus.find((s) => s.id === sku)
  return found ? { ...found.attributes } : null
}

/** The query with `sku` naming the chosen SKU, or without `sku` while the choice is incomplete; null when the
 * address already says so (nothing to replace). */
export function queryWithSku(query: LocationQuery, sku: string | null): LocationQuery | null {
  const current = typeof query.sku === 'string' ? query.sku : null
  if (current === sku) return null
  const { sku: _old, ...rest } = query
  return sku ? { ...rest, sku } : rest
}
