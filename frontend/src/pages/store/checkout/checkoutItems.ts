/**
 * What is being bought, as the cart page and "buy now" write it in the checkout address:
 * `/checkout?items=<sku_id>:<qty>,<sku_id>:<qty>`. Pure functions, so links and tests can use them cheaply.
 */
import type { LocationQueryValue } from 'vue-router'

export interface CheckoutItem {
  sku_id: string
  quantity: number
}

/** More lines or a larger quantity than this is not a shopper's order but a mistyped or forged link. */
export const MAX_LINES = 50
export const MAX_QUANTITY = 9999

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export interface ParsedItems {
  items: CheckoutItem[]
  /** Whether some pieces of the text were not understood and left out (the page says so). */
  dropped: boolean
}

/**
 * The lines an `items=` value names, in its order. The same SKU twice is one line with the quantities added (the
 * server refuses duplicate lines); pieces that are not `<uuid>:<whole number ≥ 1>` are dropped and reported.
 */
export function parseItems(raw: LocationQueryValue | LocationQueryValue[] | undefined): ParsedItems {
  const text = (Array.isArray(raw) ? raw.filter(Boolean).join(',') : (raw ?? '')).trim()
  const byId = new Map<string, number>()
  let dropped = false
  for (const piece of text.split(',')) {
    const part = piece.trim()
    if (!part) continue
    const [id = '', qty = '', ...rest] = part.split(':').map((s) => s.trim())
    const quantity = /^\d+$/.test(qty) ? Number(qty) : Number.NaN
    if (rest.length || !UUID.test(id) || !Number.isInteger(quantity) || quantity < 1) {
      dropped = true
      continue
    }
    const key = id.toLowerCase()
    if (!byId.has(key) && byId.size >= MAX_LINES) {
      dropped = true
      continue
    }
    byId.set(key, Math.min(MAX_QUANTITY, (byId.get(key) ?? 0) + quantity))
  }
  return { items: [...byId].map(([sku_id, quantity]) => ({ sku_id, quantity })), dropped }
}

/** The `items=` value for some lines (the inverse of parseItems for what it accepts). */
export function formatItems(items: readonly CheckoutItem[]): string {
  return items.map((item) => `${item.sku_id}:${item.quantity}`).join(',')
}

/** The lines without one SKU (a shopper removing a line that cannot be bought). */
export function withoutSku(items: readonly CheckoutItem[], skuId: string): CheckoutItem[] {
  return items.filter((item) => item.sku_id !== skuId)
}

/** The lines with one SKU's quantity changed (down to what is in stock, say). */
export function withQuantity(items: readonly CheckoutItem[], skuId: string, quantity: number): CheckoutItem[] {
  const clamped = Math.max(1, Math.min(MAX_QUANTITY, Math.floor(quantity)))
  return items.map((item) => (item.sku_id === skuId ? { ...item, quantity: clamped } : item))
}

/**
 * A fresh `Idempotency-Key` (a random UUID v4). `crypto.randomUUID` exists only on secure pages (https or
 * localhost), so a shop served over plain http on a LAN still gets one from `getRandomValues`.
 */
export function newIdempotencyKey(source: Pick<Crypto, 'getRandomValues'> & Partial<Pick<Crypto, 'randomUUID'>> = crypto): string {
  if (typeof source.randomUUID === 'function') return source.randomUUID()
  const bytes = source.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6] & 0x0f) | 0x40
  bytes[8] = (bytes[8] & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
