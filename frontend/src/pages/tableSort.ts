export interface SortChange {
  prop: string | null
  order: 'ascending' | 'descending' | null
}

/** Element Plus's sort event as the API's `sort` parameter (`-created_at` for newest first). */
export function sortParam(change: SortChange, fallback: string): string {
  if (!change.prop || !change.order) return fallback
  return change.order === 'descending' ? `-${change.prop}` : change.prop
}
