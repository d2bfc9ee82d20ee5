import { computed, ref, type ComputedRef, type Ref, type WritableComputedRef } from 'vue'
import { useListQuery, type ListUrl } from '@/composables/useListQuery'
import { daysToMoments, momentsToDays } from '@/pages/admin/orders/filters'
import { tableSortOf, tableSortOn, type SortChange } from '@/pages/tableSort'

/** The filters every finance list has (payments, refunds). */
export interface RecordFilters {
  order_number: string
  method: string[]
  status: string[]
  amount_min: string
  amount_max: string
  created_from: string
  created_to: string
}

interface CappedPage<R> {
  items: R[]
  total: number
  /** The count stopped at the server's cap: "more than N". */
  total_capped: boolean
}

export interface RecordListOptions<F, R, Q> {
  fields: ListUrl<F>['fields']
  sorts: readonly string[]
  /** The API's query for these filters and sort (the list's and its export's). */
  query: (filters: F, sort: string) => Q
  fetch: (query: Q & { page: number; page_size: number }, signal: AbortSignal) => Promise<CappedPage<R>>
}

/**
 * A finance record list (payments, refunds): filters, sort and page in the URL (useListQuery), newest first, the
 * export's query for what is shown, and day ranges edited as dates but kept as moments.
 */
export function useRecordList<F extends RecordFilters, R, Q extends object>(
  options: RecordListOptions<F, R, Q>,
): RecordList<F, R> & ReturnType<typeof useListQuery<F, R>> {
  const totalCapped = ref(false)
  const list = useListQuery<F, R>({
    fields: options.fields,
    sort: '-created_at',
    sorts: options.sorts,
    pageSizes: [10, 20, 50, 100],
    load: async ({ filters, sort, page, page_size, signal }) => {
      const found = await options.fetch({ ...options.query(filters, sort), page, page_size }, signal)
      totalCapped.value = found.total_capped
      return found
    },
  })

  /** A date-range picker's model over two moment filters; picking applies at once. */
  function dayRange<K extends keyof F & string>(from: K, to: K) {
    return computed({
      get: () => momentsToDays(String(list.filters[from] ?? ''), String(list.filters[to] ?? '')),
      set: (days: [Date, Date] | null) => {
        const [start, end] = daysToMoments(days)
        void list.apply({ [from]: start, [to]: end } as Partial<F>)
      },
    })
  }

  return {
    ...list,
    totalCapped,
    ...tableSortOn(list.sort, '-created_at'),
    exportQuery: computed(() => options.query(list.applied.value, list.sort.value)),
    dayRange,
  }
}

/** What the list's frame (RecordsList.vue) binds. */
export interface RecordList<F, R> {
  filters: F
  items: Ref<R[]>
  total: Ref<number>
  loading: Ref<boolean>
  failed: ComputedRef<boolean>
  page: WritableComputedRef<number>
  pageSize: WritableComputedRef<number>
  sort: WritableComputedRef<string>
  totalCapped: Ref<boolean>
  defaultSort: ReturnType<typeof tableSortOf>
  onSort: (change: SortChange) => void
  exportQuery: ComputedRef<object>
  search: () => Promise<void>
  reset: () => Promise<void>
  reload: () => Promise<void>
  dayRange: <K extends keyof F & string>(from: K, to: K) => WritableComputedRef<[Date, Date] | null>
}
