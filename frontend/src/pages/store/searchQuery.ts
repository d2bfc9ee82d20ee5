/**
 * The storefront search lives in the address bar (`/search?q=&category=&price_min=&price_max=&in_stock=&sort=&page=`)
 * so a result list can be shared and the back button returns to it. These functions translate between that URL,
 * the page's filters and the API's query; anything malformed in a URL falls back to the default.
 */
import type { LocationQuery, LocationQueryValue } from 'vue-router'

export const SORTS = ['relevance', 'price', '-price', 'sales', 'newest'] as const
export type SearchSort = (typeof SORTS)[number]
export const DEFAULT_SORT: SearchSort = 'relevance'
export const PAGE_SIZE = 24
/** The longest keyword text GET /store/products accepts. */
export const MAX_KEYWORDS = 100

export interface SearchFilters {
  q: string
  category: string | null
  /** Decimal strings as typed (`"12.5"`), the way the API takes amounts. */
  priceMin: string | null
  priceMax: string | null
  inStock: boolean
  sort: SearchSort
  page: number
}

export const EMPTY_FILTERS: Readonly<SearchFilters> = Object.freeze({
  q: '',
  category: null,
  priceMin: null,
  priceMax: null,
  inStock: false,
  sort: DEFAULT_SORT,
  page: 1,
})

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const AMOUNT = /^\d{1,9}(\.\d{1,2})?$/
const MAX_PAGE = 10_000

function first(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const one = Array.isArray(value) ? value[0] : value
  return (one ?? '').trim()
}

/** A price as the API accepts it (`12`, `12.5`), or null for anything else. */
export function normalizeAmount(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null
  const text = String(value).trim().replace(/^0+(?=\d)/, '')
  return AMOUNT.test(text) ? text : null
}

function lowFirst(min: string | null, max: string | null): [string | null, string | null] {
  if (min !== null && max !== null && Number(min) > Number(max)) return [max, min]
  return [min, max]
}

export function filtersFromQuery(query: LocationQuery): SearchFilters {
  const category = first(query.category)
  const sort = first(query.sort) as SearchSort
  const page = Number(first(query.page))
  const [priceMin, priceMax] = lowFirst(normalizeAmount(first(query.price_min)), normalizeAmount(first(query.price_max)))
  const inStock = first(query.in_stock).toLowerCase()
  return {
    q: first(query.q).slice(0, MAX_KEYWORDS).trim(),
    category: UUID.test(category) ? category.toLowerCase() : null,
    priceMin,
    priceMax,
    inStock: inStock === '1' || inStock === 'true',
    sort: SORTS.includes(sort) ? sort : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  }
}

/** The URL query for some filters: defaults are left out, so the plain search address stays `/search`. */
export function queryFromFilters(filters: SearchFilters): Record<string, string> {
  const query: Record<string, string> = {}
  const q = filters.q.trim().slice(0, MAX_KEYWORDS).trim()
  if (q) query.q = q
  if (filters.category) query.category = filters.category
  const [priceMin, priceMax] = lowFirst(normalizeAmount(filters.priceMin), normalizeAmount(filters.priceMax))
  if (priceMin !== null) query.price_min = priceMin
  if (priceMax !== null) query.price_max = priceMax
  if (filters.inStock) query.in_stock = '1'
  if (filters.sort !== DEFAULT_SORT) query.sort = filters.sort
  if (filters.page > 1) query.page = String(filters.page)
  return query
}

/** Changing any filter starts again from the first page; changing only the page keeps the rest. */
export function withChange(filters: SearchFilters, change: Partial<SearchFilters>): SearchFilters {
  const page = change.page ?? 1
  return { ...filters, ...change, page }
}

export interface StoreProductQuery {
  q?: string
  category_id?: string
  price_min?: string
  price_max?: string
  in_stock?: boolean
  sort: SearchSort
  page: number
  page_size: number
}

/** What GET /store/products is asked for these filters. */
export function apiQuery(filters: SearchFilters, pageSize = PAGE_SIZE): StoreProductQuery {
  const query = queryFromFilters(filters)
  return {
    q: query.q,
    category_id: query.category,
    price_min: query.price_min,
    price_max: query.price_max,
    in_stock: filters.inStock || undefined,
    sort: filters.sort,
    page: filters.page,
    page_size: pageSize,
  }
}

/** Whether any narrowing filter is set (the "clear filters" button shows then). */
export function hasFilters(filters: SearchFilters): boolean {
  return Boolean(filters.category || filters.priceMin || filters.priceMax || filters.inStock)
}
