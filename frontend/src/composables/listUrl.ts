/**
 * A list's whole state — filters, sort, page, page size — as a URL query and back. Pure functions without Vue or
 * the API client, so links and tests can use them cheaply; useListQuery.ts binds them to the router.
 */
import type { LocationQuery } from 'vue-router'
import { firstValue, integerField, readFilters, writeFilters, type QueryField, type QueryFields } from './queryFields'

/** The part of the options that says how the list is written in the URL. */
export interface ListUrl<F> {
  /** The filters and how each is written in the URL (see queryFields.ts). */
  fields: QueryFields<F>
  /** The sort when the URL names none ('' leaves it to the server), and the sorts the URL may name (none if absent). */
  sort?: string
  sorts?: readonly string[]
  /** Rows per page by default, and the sizes a URL may ask for. */
  pageSize?: number
  pageSizes?: readonly number[]
  /** False for endpoints without paging (warehouses, roles): no page or page_size in the URL. */
  paged?: boolean
  /** Puts filters into their canonical form before they go to the URL (e.g. a price range lowest first). */
  normalize?: (filters: F) => F
}

export interface ListState<F> {
  filters: F
  sort: string
  page: number
  pageSize: number
}

const RESERVED = ['sort', 'page', 'page_size'] as const

/** Reads list state from a URL query, coercing every value; exported for tests and links. */
export function readListState<F>(options: ListUrl<F>, query: LocationQuery): ListState<F> {
  const fields = options.fields
  for (const key of RESERVED) {
    if (key in (fields as object)) throw new Error(`"${key}" is the list's own parameter, not a filter`)
  }
  const normalize = options.normalize ?? ((filters: F) => filters)
  const sort = firstValue(query.sort)
  const defaultSort = options.sort ?? ''
  const sizes = options.pageSizes ?? []
  const pageSize = pageSizeField(options).parse(firstValue(query.page_size))
  return {
    filters: normalize(readFilters(fields, query)),
    // Only a sort the page offers reaches the API; a list without `sorts` keeps its default whatever the URL says.
    sort: sort && options.sorts?.includes(sort) ? sort : defaultSort,
    page: options.paged === false ? 1 : integerField(1).parse(firstValue(query.page)),
    pageSize: options.paged === false || !sizes.length || sizes.includes(pageSize) ? pageSize : (options.pageSize ?? 20),
  }
}

/** The URL query for some list state: filters first in declared order, then sort, page and page size; defaults left out. */
export function writeListState<F>(options: ListUrl<F>, state: ListState<F>): Record<string, string> {
  const normalize = options.normalize ?? ((filters: F) => filters)
  const query = writeFilters(options.fields, normalize(state.filters))
  if (state.sort && state.sort !== (options.sort ?? '')) query.sort = state.sort
  if (options.paged !== false) {
    if (state.page > 1) query.page = String(state.page)
    const size = pageSizeField(options).format(state.pageSize)
    if (size) query.page_size = size
  }
  return query
}

function pageSizeField(options: { pageSize?: number }): QueryField<number> {
  return integerField(options.pageSize ?? 20, 1, 200)
}

/** Whether a URL query already says what a written query says (so pushing it would not navigate). */
export function sameQuery(a: Record<string, string>, b: LocationQuery): boolean {
  const keys = Object.keys(b).filter((key) => firstValue(b[key]) !== '')
  return keys.length === Object.keys(a).length && keys.every((key) => a[key] === firstValue(b[key]))
}

