/** Stocktake counting: a scan adds to what was counted so far, a typed number replaces it. */
export interface CountedLine {
  sku_id: string
  counted: number
}

export function countAfterScan(lines: readonly CountedLine[], skuId: string, quantity: number, mode: 'add' | 'set'): number {
  const current = lines.find((line) => line.sku_id === skuId)?.counted ?? 0
  return Math.max(0, mode === 'add' ? current + quantity : quantity)
}

export interface DifferenceLine {
  expected: number
  counted: number
  difference: number
}

/** Gains and losses as the review shows them (the server's summary has the final word). */
export function differenceSummary(lines: readonly DifferenceLine[]): { gains: number; losses: number; differing: number } {
  let gains = 0
  let losses = 0
  let differing = 0
  for (const line of lines) {
    if (line.difference > 0) gains += line.difference
    if (line.difference < 0) losses -= line.difference
    if (line.difference !== 0) differing += 1
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
