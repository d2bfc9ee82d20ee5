/** Lines of the receive and adjustment forms and what is wrong with them before anything is sent. */
export interface StockLine {
  key: number
  sku_id: string
  /** Adjustments name a warehouse per line; receipts have one for the whole form. */
  warehouse_id?: string
  /** Quantity for receipts (≥ 1), signed delta for adjustments (≠ 0). */
  quantity: number | null
}

export const MAX_QUANTITY = 1_000_000

let counter = 0
export function newLine(warehouseId?: string): StockLine {
  return { key: ++counter, sku_id: '', warehouse_id: warehouseId, quantity: null }
}

/**
 * Problems per line index as keys under `inventory.lines.errors`. The same SKU twice (in the same warehouse) is
 * refused rather than summed, so what was typed is what gets booked.
 */
export function lineProblems(lines: readonly StockLine[], kind: 'receipt' | 'adjustment'): Map<number, string[]> {
  const problems = new Map<number, string[]>()
  const add = (index: number, key: string) => problems.set(index, [...(problems.get(index) ?? []), key])
  const seen = new Set<string>()
  lines.forEach((line, index) => {
    if (!line.sku_id) add(index, 'skuRequired')
    if (kind === 'adjustment' && !line.warehouse_id) add(index, 'warehouseRequired')
    const quantity = line.quantity
    const valid =
      quantity !== null &&
      Number.isInteger(quantity) &&
      Math.abs(quantity) <= MAX_QUANTITY &&
      (kind === 'receipt' ? quantity >= 1 : quantity !== 0)
    if (!valid) add(index, kind === 'receipt' ? 'quantityPositive' : 'deltaNonZero')
    if (line.sku_id) {
      const key = kind === 'adjustment' ? `${line.sku_id}@${line.warehouse_id ?? ''}` : line.sku_id
      if (seen.has(key)) add(index, 'duplicate')
      seen.add(key)
    }
  })
  return problems
}

/** Net change of an adjustment batch: what it adds, what it removes. */
export function adjustmentTotals(lines: readonly StockLine[]): { added: number; removed: number } {
  let added = 0
  let removed = 0
  for (const line of lines) {
    if (!line.quantity || !Number.isInteger(line.quantity)) continue
    if (line.quantity > 0) added += line.quantity
    else removed -= line.quantity
  }
  return { added, removed }
}
