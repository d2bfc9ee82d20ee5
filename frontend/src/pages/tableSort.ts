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
