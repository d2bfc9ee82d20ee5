/**
 * The product editor's SKU table: rows as typed, their problems, and what to send — a full list on create, and
 * create / update / delete calls when editing an existing product.
 */
import { duplicateAttributeRows, formatAttributes, parseAttributes, type Attributes } from './attributes'
import { BASE_CURRENCY } from '@/money/decimal'
import { amountOf, normalizePrice, priceProblems, type Money } from './prices'

export interface SkuRow {
  /** Set for SKUs that exist on the server. */
  id?: string
  /** Stable key for the table while rows are added and removed. */
  key: string
  code: string
  barcode: string
  attributesText: string
  retail_price: string
  wholesale_price: string
  promo_price: string
  promo_window: [string, string] | null
  weight_grams: number | null
  active: boolean
  available?: number
}

export interface SkuLike {
  id: string
  code: string
  barcode?: string | null
  attributes?: Attributes | null
  retail_price: Money | string
  wholesale_price?: Money | string | null
  promo_price?: Money | string | null
  promo_starts_at?: string | null
  promo_ends_at?: string | null
  weight_grams?: number | null
  active?: boolean
  available?: number
}

export interface SkuPayload {
  code: string
  barcode: string | null
  attributes: Attributes
  retail_price: string
  wholesale_price: string | null
  promo_price: string | null
  promo_starts_at: string | null
  promo_ends_at: string | null
  weight_grams: number | null
  active: boolean
}

/** The server's code rule for products and SKUs: letters and digits, then also `.`, `_`, `/` and `-`. */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/

let counter = 0
const nextKey = () => `new-${++counter}`

export function emptyRow(): SkuRow {
  return {
    key: nextKey(),
    code: '',
    barcode: '',
    attributesText: '',
    retail_price: '',
    wholesale_price: '',
    promo_price: '',
    promo_window: null,
    weight_grams: null,
    active: true,
  }
}

export function rowFromSku(sku: SkuLike): SkuRow {
  return {
    id: sku.id,
    key: sku.id,
    code: sku.code,
    barcode: sku.barcode ?? '',
    attributesText: formatAttributes(sku.attributes),
    retail_price: amountOf(sku.retail_price),
    wholesale_price: amountOf(sku.wholesale_price),
    promo_price: amountOf(sku.promo_price),
    promo_window: sku.promo_starts_at && sku.promo_ends_at ? [sku.promo_starts_at, sku.promo_ends_at] : null,
    weight_grams: sku.weight_grams ?? null,
    active: sku.active ?? true,
    available: sku.available,
  }
}

/** The row as the API takes it; prices in the canonical spelling of the product's currency. */
export function payloadOf(row: SkuRow, currency: string = BASE_CURRENCY): SkuPayload {
  return {
    code: row.code.trim(),
    barcode: row.barcode.trim() || null,
    attributes: parseAttributes(row.attributesText).attributes,
    retail_price: normalizePrice(row.retail_price, currency),
    wholesale_price: normalizePrice(row.wholesale_price, currency) || null,
    promo_price: normalizePrice(row.promo_price, currency) || null,
    promo_starts_at: row.promo_window?.[0] ?? null,
    promo_ends_at: row.promo_window?.[1] ?? null,
    weight_grams: row.weight_grams ?? null,
    active: row.active,
  }
}

/**
 * Problems per row index as i18n keys under `catalog.sku.errors` (prices under `catalog.price.errors` are
 * prefixed `price.`). A product needs at least one SKU; codes and attribute sets must be unique.
 */
export function rowProblems(rows: readonly SkuRow[], currency: string = BASE_CURRENCY): Map<number, string[]> {
  const problems = new Map<number, string[]>()
  const add = (index: number, key: string) => problems.set(index, [...(problems.get(index) ?? []), key])
  const codes = new Map<string, number>()
  rows.forEach((row, index) => {
    const code = row.code.trim()
    if (!code) add(index, 'codeRequired')
    else if (!CODE_PATTERN.test(code)) add(index, 'codeInvalid')
    else if (codes.has(code.toLowerCase())) add(index, 'codeDuplicate')
    else codes.set(code.toLowerCase(), index)
    const parsed = parseAttributes(row.attributesText)
    if (parsed.errors.length) add(index, 'attributes')
    const payload = payloadOf(row, currency)
    for (const key of priceProblems(payload, currency)) add(index, `price.${key}`)
  })
  for (const index of duplicateAttributeRows(rows.map((row) => parseAttributes(row.attributesText).attributes))) {
    add(index, 'attributesDuplicate')
  }
  return problems
}

export interface SkuChanges {
  create: SkuPayload[]
  update: { id: string; payload: SkuPayload }[]
  remove: string[]
}

/** The calls that turn the server's SKUs into the edited rows; untouched rows cause no call. */
export function skuChanges(original: readonly SkuLike[], rows: readonly SkuRow[], currency: string = BASE_CURRENCY): SkuChanges {
  const before = new Map(original.map((sku) => [sku.id, JSON.stringify(payloadOf(rowFromSku(sku), currency))]))
  const kept = new Set(rows.filter((row) => row.id).map((row) => row.id as string))
  const changes: SkuChanges = { create: [], update: [], remove: [] }
  for (const row of rows) {
    const payload = payloadOf(row, currency)
    if (!row.id) changes.create.push(payload)
    else if (before.get(row.id) !== JSON.stringify(payload)) changes.update.push({ id: row.id, payload })
  }
  changes.remove = original.filter((sku) => !kept.has(sku.id)).map((sku) => sku.id)
  return changes
}
