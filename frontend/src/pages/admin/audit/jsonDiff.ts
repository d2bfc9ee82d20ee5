export type ChangeKind = 'added' | 'removed' | 'changed' | 'unchanged'

export interface DiffRow {
  key: string
  before: unknown
  after: unknown
  kind: ChangeKind
}

type Json = Record<string, unknown> | null | undefined

/** Field-by-field comparison of an audit entry's before and after snapshots; changed fields first. */
export function diffJson(before: Json, after: Json): DiffRow[] {
  const left = before ?? {}
  const right = after ?? {}
  const keys = [...new Set([...Object.keys(left), ...Object.keys(right)])].sort()
  const rows = keys.map((key): DiffRow => {
    const inLeft = Object.prototype.hasOwnProperty.call(left, key)
    const inRight = Object.prototype.hasOwnProperty.call(right, key)
    const kind: ChangeKind = !inLeft ? 'added' : !inRight ? 'removed' : same(left[key], right[key]) ? 'unchanged' : 'changed'
    return { key, before: left[key], after: right[key], kind }
  })
  const order: Record<ChangeKind, number> = { changed: 0, added: 1, removed: 2, unchanged: 3 }
  return rows.sort((a, b) => order[a.kind] - order[b.kind] || a.key.localeCompare(b.key))
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

export function showValue(value: unknown): string {
  if (value === undefined) return ''
  if (typeof value === 'string') return value
  const compact = JSON.stringify(value)
  // Short values stay on one line; nested snapshots are indented so they can be read.
  return compact.length <= 60 ? compact : JSON.stringify(value, null, 2)
}
