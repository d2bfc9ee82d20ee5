/** A SKU as the manual order form offers it, and the price the catalog asks for it at a moment. */
import type { Money } from '@/money/decimal'
import type { ManualLine } from './manualOrder'

export interface SkuChoice extends Omit<ManualLine, 'quantity' | 'override'> {
  barcode: string | null
  title: string
  available: number
}

interface PricedSku {
  retail_price: Money
  promo_price?: Money | null
  promo_starts_at?: string | null
  promo_ends_at?: string | null
}

/** The promotional price while its window is open (either end may be open), else the retail price. */
export function catalogPrice(sku: PricedSku, now: Date): Money {
  if (!sku.promo_price) return sku.retail_price
  const started = !sku.promo_starts_at || Date.parse(sku.promo_starts_at) <= now.getTime()
  const ended = !!sku.promo_ends_at && Date.parse(sku.promo_ends_at) <= now.getTime()
  return started && !ended ? sku.promo_price : sku.retail_price
}
