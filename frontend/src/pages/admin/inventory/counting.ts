/** Stocktake counting: a scan adds to what was counted so far, a typed number replaces it. */
export interface CountedLine {
  sku_id: string
  counted: number | null // null: on the count sheet, not counted yet
}

export function countAfterScan(lines: readonly CountedLine[], skuId: string, quantity: number, mode: 'add' | 'set'): number {
  const current = lines.find((line) => line.sku_id === skuId)?.counted ?? 0
  return Math.max(0, mode === 'add' ? current + quantity : quantity)
}

export interface DifferenceLine {
  expected?: number | null
  counted: number | null
  difference: number | null // null until counted, or while a blind count hides what was expected
}

export type LineFilter = 'all' | 'uncounted' | 'differences'

/** The lines a filter of the review shows: everything, what is left to count, or what differs. */
export function linesShown<T extends DifferenceLine>(lines: readonly T[], filter: LineFilter): T[] {
  if (filter === 'uncounted') return lines.filter((line) => line.counted === null)
  if (filter === 'differences') return lines.filter((line) => (line.difference ?? 0) !== 0)
  return [...lines]
}

/** Gains and losses as the review shows them (the server's summary has the final word). */
export function differenceSummary(lines: readonly DifferenceLine[]): { gains: number; losses: number; differing: number } {
  let gains = 0
  let losses = 0
  let differing = 0
  for (const line of lines) {
    const difference = line.difference ?? 0
    if (difference > 0) gains += difference
    if (difference < 0) losses -= difference
    if (difference !== 0) differing += 1
  }
  return { gains, losses, differing }
}

/** Element Plus tag colours for stocktake statuses. */
export function stocktakeTag(status: string): 'primary' | 'success' | 'info' | 'warning' {
  const tags: Record<string, 'primary' | 'success' | 'info' | 'warning'> = {
    open: 'primary',
    applied: 'success',
    closed: 'info',
    cancelled: 'warning',
  }
  return tags[status] ?? 'info'
}
