import { computed } from 'vue'

/**
 * A date-range picker's model over two moment filters of a list's draft (`since`, `until`): picking edits the
 * filters, searching applies them.
 */
export function momentRange<K extends string>(filters: Record<K, string>, from: K, to: K) {
  return computed<[Date, Date] | null>({
    get: (): [Date, Date] | null => (filters[from] && filters[to] ? [new Date(filters[from]), new Date(filters[to])] : null),
    set: (value) => {
      filters[from] = value?.[0]?.toISOString() ?? ''
      filters[to] = value?.[1]?.toISOString() ?? ''
    },
  })
}
