import { describe, expect, it } from 'vitest'
import { adjustmentTotals, lineProblems, newLine } from '@/pages/admin/inventory/lines'
import { countAfterScan, differenceSummary, linesShown } from '@/pages/admin/inventory/counting'

const line = (fields: Partial<ReturnType<typeof newLine>>) => ({ ...newLine(), ...fields })

describe('receipt and adjustment lines', () => {
  it('accept a receipt of whole positive quantities of distinct SKUs', () => {
    expect(lineProblems([line({ sku_id: 'a', quantity: 5 }), line({ sku_id: 'b', quantity: 1 })], 'receipt').size).toBe(0)
  })

  it('refuse a receipt line without SKU, with zero, negative or fractional quantity, or a repeated SKU', () => {
    const problems = lineProblems(
      [
        line({ sku_id: '', quantity: 1 }),
        line({ sku_id: 'a', quantity: 0 }),
        line({ sku_id: 'b', quantity: 1.5 }),
        line({ sku_id: 'b', quantity: -2 }),
      ],
      'receipt',
    )
    expect(Object.fromEntries(problems)).toEqual({
      0: ['skuRequired'],
      1: ['quantityPositive'],
      2: ['quantityPositive'],
      3: ['quantityPositive', 'duplicate'],
    })
  })

  it('let adjustments go both ways but never by zero, and the same SKU twice only in different warehouses', () => {
    const problems = lineProblems(
      [
        line({ sku_id: 'a', warehouse_id: 'w1', quantity: -3 }),
        line({ sku_id: 'a', warehouse_id: 'w2', quantity: 2 }),
        line({ sku_id: 'a', warehouse_id: 'w1', quantity: 1 }),
        line({ sku_id: 'b', warehouse_id: '', quantity: 0 }),
      ],
      'adjustment',
    )
    expect(Object.fromEntries(problems)).toEqual({ 2: ['duplicate'], 3: ['warehouseRequired', 'deltaNonZero'] })
  })

  it('sum what an adjustment batch adds and removes', () => {
    expect(adjustmentTotals([line({ quantity: 5 }), line({ quantity: -2 }), line({ quantity: -1 }), line({ quantity: null })])).toEqual({
      added: 5,
      removed: 3,
    })
  })
})

describe('stocktake counting', () => {
  const lines = [{ sku_id: 'a', counted: 4 }]

  it('adds a scan to what was counted and replaces it when a number is typed', () => {
    expect(countAfterScan(lines, 'a', 1, 'add')).toBe(5)
    expect(countAfterScan(lines, 'b', 1, 'add')).toBe(1)
    expect(countAfterScan(lines, 'a', 2, 'set')).toBe(2)
    expect(countAfterScan(lines, 'a', -9, 'add')).toBe(0)
  })

  it('summarises gains, losses and lines that differ', () => {
    expect(
      differenceSummary([
        { expected: 5, counted: 7, difference: 2 },
        { expected: 5, counted: 1, difference: -4 },
        { expected: 3, counted: 3, difference: 0 },
      ]),
    ).toEqual({ gains: 2, losses: 4, differing: 2 })
  })

  it('counts a scan of a line on the count sheet that is not counted yet as one', () => {
    expect(countAfterScan([{ sku_id: 'a', counted: null }], 'a', 1, 'add')).toBe(1)
  })

  it('shows what is left to count, or only what differs', () => {
    const sheet = [
      { sku_id: 'a', counted: null, difference: null },
      { sku_id: 'b', counted: 3, difference: 0 },
      { sku_id: 'c', counted: 1, difference: -2 },
    ]
    expect(linesShown(sheet, 'uncounted').map((line) => line.sku_id)).toEqual(['a'])
    expect(linesShown(sheet, 'differences').map((line) => line.sku_id)).toEqual(['c'])
    expect(linesShown(sheet, 'all')).toHaveLength(3)
  })
})
