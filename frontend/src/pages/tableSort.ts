export interface SortChange {
  prop: string | null
  order: 'ascending' | 'descending' | null
}

/** Element Plus's sort event as the API's `sort` parameter (`-created_at` for newest first). */
export function sortParam(change: SortChange, fallback: string): string {
  if (!change.prop || !change.order) return fallback
  return change.order === 'descending' ? `-${change.prop}` : change.prop
}

/** The API's `sort` parameter as Element Plus's default-sort, so a shared or restored URL shows its sort arrow. */
export function tableSortOf(sort: string, keys: Record<string, string> = {}): { prop: string; order: 'ascending' | 'descending' } | undefined {
  if (!sort) return undefined
  const descending = sort.startsWith('-')
  const key = descending ? sort.slice(1) : sort
  const prop = Object.keys(keys).find((column) => keys[column] === key) ?? key
  return { prop, order: descending ? 'descending' : 'ascending' }
}

/**
 * A sortable table bound to a list's `sort` (useListQuery): `defaultSort` for `:default-sort` (the arrow a shared
 * or restored URL shows) and `onSort` for `@sort-change`, back to `fallback` when a header click clears the sort.
 * `keys` maps a column's prop to the API's sort key where they differ.
 */
export function tableSortOn(sort: { value: string }, fallback: string, keys: Record<string, string> = {}) {
  return {
    defaultSort: tableSortOf(sort.value, keys),
    onSort(change: SortChange) {
      const prop = change.prop ? (keys[change.prop] ?? change.prop) : null
      sort.value = sortParam({ prop, order: change.order }, fallback)
    },
  }
}
