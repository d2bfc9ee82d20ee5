/**
 * One list page's state — filters, sort, page, page size — held in the address bar, so a list can be shared,
 * survives a reload, and Back returns to the previous filters. The page edits a draft of the filters (text boxes
 * do not search per keystroke); `search()` writes it to the URL from page 1, and every URL change loads the list
 * through the typed client. A response to an older URL is dropped, and its request aborted, when filters change
 * faster than the server answers.
 */
import { computed, reactive, ref, shallowRef, watch, type Ref } from 'vue'
import { useRoute, useRouter, type RouteLocationRaw } from 'vue-router'
import { showProblem } from '@/api/feedback'
import { defaultFilters } from './queryFields'
import { readListState, sameQuery, writeListState, type ListState, type ListUrl } from './listUrl'

export { readListState, writeListState, type ListState, type ListUrl }

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

export interface ListQueryOptions<F, T> extends ListUrl<F> {
  /** Loads one page through the typed client; an unpaged endpoint may return the whole array. */
  load: (request: ListRequest<F>) => Promise<ListPage<T> | T[]>
  /** How a failed load is reported; by default the problem is shown as a message. */
  onError?: (error: unknown) => void
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
