/**
 * The storefront search lives in the address bar (`/search?q=&category=&price_min=&price_max=&in_stock=&sort=&page=`)
 * so a result list can be shared and the back button returns to it. These functions translate between that URL,
 * the page's filters and the API's query; anything malformed in a URL falls back to the default.
 */
import type { LocationQuery } from 'vue-router'
import { amountField, flagField, idField, textField, type FiltersOf } from '@/composables/queryFields'
import { readListState, writeListState, type ListState, type ListUrl } from '@/composables/listUrl'
import { BASE_CURRENCY, currencyDigits, toMinor } from '@/money/decimal'

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

/** The search's address-bar parameters, read and written by the shared list codecs. */
export const SEARCH_FIELDS = {
  q: textField(MAX_KEYWORDS),
  category: idField(),
  price_min: amountField(),
  price_max: amountField(),
  in_stock: flagField(),
}
export type SearchUrlFilters = FiltersOf<typeof SEARCH_FIELDS>

/** A price as the API accepts it (`12`, `12.5`), or null for anything else. */
export function normalizeAmount(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null
  return SEARCH_FIELDS.price_min.format(String(value)) || null
}

/** A reversed range is put the right way round, compared exactly in minor units. */
function lowFirst(filters: SearchUrlFilters): SearchUrlFilters {
  const digits = currencyDigits(BASE_CURRENCY)
  const min = toMinor(filters.price_min, digits)
  const max = toMinor(filters.price_max, digits)
  if (min !== null && max !== null && min > max) return { ...filters, price_min: filters.price_max, price_max: filters.price_min }
  return filters
}

/** How the search list lives in the URL: filters, a sort, a page; the page size is fixed. */
export const SEARCH_LIST: ListUrl<SearchUrlFilters> = {
  fields: SEARCH_FIELDS,
  sort: DEFAULT_SORT,
  sorts: SORTS,
  pageSize: PAGE_SIZE,
  pageSizes: [PAGE_SIZE],
  normalize: lowFirst,
}

/** The page's filters for some list state from the URL. */
export function searchFilters(state: ListState<SearchUrlFilters>): SearchFilters {
  const { q, category, price_min, price_max, in_stock } = state.filters
  return {
    q,
    category: category || null,
    priceMin: price_min || null,
    priceMax: price_max || null,
    inStock: in_stock,
    sort: state.sort as SearchSort,
    page: state.page,
  }
}

/** The list state for the page's filters. */
export function searchState(filters: SearchFilters): ListState<SearchUrlFilters> {
  return {
    filters: {
      q: filters.q,
      category: filters.category ?? '',
      price_min: filters.priceMin ?? '',
      price_max: filters.priceMax ?? '',
      in_stock: filters.inStock,
    },
    sort: filters.sort,
    page: filters.page,
    pageSize: PAGE_SIZE,
  }
}

export function filtersFromQuery(query: LocationQuery): SearchFilters {
  return searchFilters(readListState(SEARCH_LIST, query))
}

/** The URL query for some filters: defaults are left out, so the plain search address stays `/search`. */
export function queryFromFilters(filters: SearchFilters): Record<string, string> {
  return writeListState(SEARCH_LIST, searchState(filters))
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
