/**
 * One list page's state — filters, sort, page, page size — held in the address bar, so a list can be shared,
 * survives a reload, and Back returns to the previous filters. The page edits a draft of the filters (text boxes
 * do not search per keystroke); `search()` writes it to the URL from page 1, and every URL change loads the list
 * through the typed client. A response to an older URL is dropped, and its request aborted, when filters change
 * faster than the server answers.
 */
import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { useRoute, useRouter, type LocationQuery, type RouteLocationRaw } from 'vue-router'
import { showProblem } from '@/api/feedback'
import {
  defaultFilters,
  firstValue,
  integerField,
  readFilters,
  writeFilters,
  type QueryField,
  type QueryFields,
} from './queryFields'

export interface ListPage<T> {
  items: T[]
  total: number
}

/** What a page's loader is asked for; `signal` aborts a request that a newer one made stale. */
export interface ListRequest<F> {
  filters: F
  sort: string
  page: number
  page_size: number
  signal: AbortSignal
}

export interface ListQueryOptions<F, T> {
  /** The filters and how each is written in the URL (see queryFields.ts). */
  fields: QueryFields<F>
  /** Loads one page through the typed client; an unpaged endpoint may return the whole array. */
  load: (request: ListRequest<F>) => Promise<ListPage<T> | T[]>
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
  /** How a failed load is reported; by default the problem is shown as a message. */
  onError?: (error: unknown) => void
}

/** The part of the options that says how the list is written in the URL. */
export type ListUrl<F> = Pick<ListQueryOptions<F, never>, 'fields' | 'sort' | 'sorts' | 'pageSize' | 'pageSizes' | 'paged' | 'normalize'>

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

function sameQuery(a: Record<string, string>, b: LocationQuery): boolean {
  const keys = Object.keys(b).filter((key) => firstValue(b[key]) !== '')
  return keys.length === Object.keys(a).length && keys.every((key) => a[key] === firstValue(b[key]))
}

export function useListQuery<F extends object, T>(options: ListQueryOptions<F, T>) {
  const route = useRoute()
  const router = useRouter()
  const onError = options.onError ?? ((error: unknown) => void showProblem(error))

  /** What the URL says: the list as shown. */
  const state = computed(() => readListState<F>(options, route.query))
  /** The filters as being edited; copied from the URL whenever it changes. */
  const filters = reactive(structuredClone(defaultFilters(options.fields))) as F
  // Deep: pages update a row in place after saving it (a stock level's threshold) and the table must show it.
  const items = ref([]) as Ref<T[]>
  const total = ref(0)
  const loading = ref(false)
  const loaded = ref(false)
  const error = shallowRef<unknown>(null)

  let ticket = 0
  let inFlight: AbortController | null = null
  // The state last asked for, until the router has moved there: a second change in the same tick (the pager
  // moving to page 1 after a page-size change) builds on the first instead of on the old URL.
  let pending: ListState<F> | null = null
  const current = () => pending ?? state.value

  async function reload(): Promise<void> {
    const mine = ++ticket
    inFlight?.abort()
    const controller = new AbortController()
    inFlight = controller
    const { filters: wanted, sort, page, pageSize } = state.value
    loading.value = true
    error.value = null
    try {
      const result = await options.load({ filters: wanted, sort, page, page_size: pageSize, signal: controller.signal })
      if (mine !== ticket) return // the URL moved on while this was loading
      items.value = Array.isArray(result) ? result : result.items
      total.value = Array.isArray(result) ? result.length : result.total
      loaded.value = true
    } catch (failure) {
      if (mine !== ticket || controller.signal.aborted) return
      error.value = failure
      onError(failure)
    } finally {
      if (mine === ticket) {
        loading.value = false
        inFlight = null
      }
    }
  }

  async function go(next: ListState<F>): Promise<void> {
    const query = writeListState(options, next)
    // Searching again for what is shown refreshes it; the router would ignore a push to the same address.
    if (!pending && sameQuery(query, route.query)) {
      void reload()
      return
    }
    pending = next
    try {
      await router.push({ path: route.path, query, hash: route.hash })
    } finally {
      if (pending === next) pending = null
    }
  }

  /** Shows the edited filters from the first page. */
  function search(): Promise<void> {
    return go({ ...current(), filters: { ...(filters as F) }, page: 1 })
  }

  /** Changes some filters and searches at once (selects, check boxes, links in the table). */
  function apply(patch: Partial<F>): Promise<void> {
    Object.assign(filters, patch)
    return search()
  }

  /** Every filter back to its default, first page; sort and page size stay. */
  function reset(): Promise<void> {
    Object.assign(filters, structuredClone(defaultFilters(options.fields)))
    return search()
  }

  /** Shows a whole list state at once (filters, sort and page together), for pages that compute it themselves. */
  function show(next: ListState<F>): Promise<void> {
    Object.assign(filters, structuredClone(next.filters))
    return go(next)
  }

  /** A link to this list with some filters changed, from the first page (breadcrumbs, "see all"). */
  function linkWith(patch: Partial<F>): RouteLocationRaw {
    const next = { ...state.value, filters: { ...state.value.filters, ...patch }, page: 1 }
    return { path: route.path, query: writeListState(options, next) }
  }

  const page = computed({
    get: () => state.value.page,
    set: (value: number) => void go({ ...current(), page: value }),
  })
  const pageSize = computed({
    get: () => state.value.pageSize,
    // A new page size starts from the first page: the old page number means other rows now.
    set: (value: number) => void go({ ...current(), pageSize: value, page: 1 }),
  })
  const sort = computed({
    get: () => state.value.sort,
    set: (value: string) => void go({ ...current(), sort: value || (options.sort ?? ''), page: 1 }),
  })

  // Post-flush: when the user leaves the page the component is unmounted first, so the next page's URL never
  // loads this list. The path is part of the key because one page may serve two routes (stock and low stock).
  watch(
    () => `${route.path}?${JSON.stringify(writeListState(options, state.value))}`,
    () => {
      Object.assign(filters, structuredClone(state.value.filters))
      void reload()
    },
    { immediate: true, flush: 'post' },
  )

  return {
    filters,
    /** The filters the shown list was loaded with (the URL's). */
    applied: computed(() => state.value.filters),
    sort,
    page,
    pageSize,
    items,
    total,
    loading,
    loaded,
    error,
    failed: computed(() => error.value !== null),
    search,
    apply,
    reset,
    show,
    reload,
    linkWith,
  }
}
