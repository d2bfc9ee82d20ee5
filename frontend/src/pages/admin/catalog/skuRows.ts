/**
 * The product editor's SKU table: rows as typed, their problems, what to send (the full list, on create and on
 * save alike) and where the server's field errors (`skus.<index>.<field>`) belong.
 */
import type { FieldError } from '@/api/problem'
import { duplicateAttributeRows, formatAttributes, parseAttributes, type Attributes, type AttributesEnglish } from './attributes'
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
  attributes_en?: AttributesEnglish | null
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
  attributes_en: AttributesEnglish
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
    attributesText: formatAttributes(sku.attributes, sku.attributes_en),
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
  const parsed = parseAttributes(row.attributesText)
  return {
    code: row.code.trim(),
    barcode: row.barcode.trim() || null,
    attributes: parsed.attributes,
    attributes_en: parsed.english,
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

/** A row as `PUT /products/{id}` takes it: with its SKU's id when it edits one, without for a new SKU. */
export type SkuSaveLine = SkuPayload & { id?: string }

export function saveLineOf(row: SkuRow, currency: string = BASE_CURRENCY): SkuSaveLine {
  const payload = payloadOf(row, currency)
  return row.id ? { id: row.id, ...payload } : payload
}

/** One server error on one SKU row: the field it names (`barcode`) and the message to show. */
export interface RowError {
  field: string
  message: string
}

export interface SplitErrors {
  /** By the row's `key`, so the errors stay on their row if rows are then added or removed. */
  rows: Record<string, RowError[]>
  /** About the SKU list as a whole, e.g. a left-out SKU that has stock (`skus`). */
  list: string[]
  /** About the product's own fields, by field name. */
  product: Record<string, string>
}

/** Sorts a save's field errors into those of SKU rows, of the SKU list and of the product's own fields. */
export function splitFieldErrors(errors: readonly FieldError[], rows: readonly SkuRow[]): SplitErrors {
  const split: SplitErrors = { rows: {}, list: [], product: {} }
  for (const error of errors) {
    const field = String(error.field ?? '')
    const match = /^skus\.(\d+)(?:\.(.+))?$/.exec(field)
    const row = match ? rows[Number(match[1])] : undefined
    if (match && row) {
      split.rows[row.key] = [...(split.rows[row.key] ?? []), { field: match[2] ?? '', message: error.message }]
    } else if (field === 'skus' || field.startsWith('skus.')) {
      split.list.push(error.message)
    } else {
      const name = field.split('.').pop() ?? ''
      if (name && !split.product[name]) split.product[name] = error.message
    }
  }
  return split
}
