import { useIsMobile } from './useViewport'

type Fixed = 'left' | 'right' | false

/**
 * How a back-office table's columns sit on a phone. The column that names a row (product, SKU, user) is pinned
 * at the left so it never scrolls away; the row actions follow it as a narrow pinned column whose buttons open
 * from a "more" menu (RowActions), instead of a wide pinned column at the right that covers the names. On a
 * desktop nothing changes: no pinned key column, the actions pinned at the right at their full width.
 */
export function useResponsiveTable() {
  const isMobile = useIsMobile()

  /** Bind on the column that names the row: `<el-table-column v-bind="keyColumn()" …>`. */
  const keyColumn = (): { fixed: Fixed } => ({ fixed: isMobile.value ? 'left' : false })

  /** Bind on the actions column instead of `width` and `fixed`: `v-bind="actionsColumn(120)"`. */
  const actionsColumn = (width: number): { width: number; fixed: Fixed; align?: 'center' } =>
    isMobile.value ? { width: 48, fixed: 'left', align: 'center' } : { width, fixed: 'right' }

  return { isMobile, keyColumn, actionsColumn }
}

/** How many filters hold a value: text typed, an option picked, a box ticked. */
export function activeFilterCount(values: object, ignore: readonly string[] = []): number {
  return Object.entries(values).filter(([key, value]) => {
    if (ignore.includes(key)) return false
    if (Array.isArray(value)) return value.length > 0
    if (typeof value === 'string') return value.trim() !== ''
    return value !== null && value !== undefined && value !== false
  }).length
}
