import { describe, expect, it } from 'vitest'
import { combinationCount, combinations, generateRows, optionsFromRows } from '@/pages/admin/catalog/variants'
import { emptyRow, type SkuRow } from '@/pages/admin/catalog/skuRows'

function row(fields: Partial<SkuRow>): SkuRow {
  return { ...emptyRow(), ...fields }
}

const colourAndSize = [
  { name: '颜色|Colour', values: '红|Red; 蓝' },
  { name: '尺码', values: 'S；M；L' },
]

describe('SKU rows built from options', () => {
  it('makes one combination per colour and size, the first option varying slowest', () => {
    const made = combinations(colourAndSize)
    expect(made.map((c) => Object.values(c.attributes).join('/'))).toEqual(['红/S', '红/M', '红/L', '蓝/S', '蓝/M', '蓝/L'])
    expect(made[0].english).toEqual({ 颜色: { name: 'Colour', value: 'Red' } })
    expect(made[3].english).toEqual({ 颜色: { name: 'Colour' } })
    expect(combinationCount(colourAndSize)).toBe(6)
  })

  it('ignores options without a name or values, repeated values and blank parts', () => {
    const made = combinations([{ name: '颜色', values: '红;;红; ' }, { name: '', values: 'x' }, { name: '尺码', values: '' }])
    expect(made.map((c) => c.attributes)).toEqual([{ 颜色: '红' }])
    expect(combinations([{ name: '', values: '' }])).toEqual([])
  })

  it('writes new rows in the attribute syntax with proposed codes and the prices of the first row', () => {
    const { rows, removed, added } = generateRows(colourAndSize, [row({ code: '', retail_price: '' })], 'TS')
    expect(rows.map((r) => [r.code, r.attributesText])).toEqual([
      ['TS-RED-S', '颜色|Colour=红|Red; 尺码=S'],
      ['TS-RED-M', '颜色|Colour=红|Red; 尺码=M'],
      ['TS-RED-L', '颜色|Colour=红|Red; 尺码=L'],
      ['TS-2-S', '颜色|Colour=蓝; 尺码=S'],
      ['TS-2-M', '颜色|Colour=蓝; 尺码=M'],
      ['TS-2-L', '颜色|Colour=蓝; 尺码=L'],
    ])
    expect(removed).toEqual([])
    expect(added).toBe(5) // the blank row the new product started with became the first
  })

  it('keeps the code, prices and id of rows a combination still names when regenerating', () => {
    const existing = [
      row({ id: 'sku-red-m', code: 'OLD-RM', attributesText: '颜色=红; 尺码=M', retail_price: '59.00', barcode: '690001' }),
      row({ id: 'sku-green-m', code: 'OLD-GM', attributesText: '颜色=绿; 尺码=M', retail_price: '69.00' }),
    ]
    const { rows, removed } = generateRows(colourAndSize, existing, 'TS')
    const redM = rows.find((r) => r.attributesText === '颜色|Colour=红|Red; 尺码=M')
    expect(redM).toMatchObject({ id: 'sku-red-m', code: 'OLD-RM', retail_price: '59.00', barcode: '690001' })
    expect(rows.filter((r) => r.id === undefined).map((r) => r.retail_price)).toEqual(['59.00', '59.00', '59.00', '59.00', '59.00'])
    expect(removed.map((r) => r.code)).toEqual(['OLD-GM'])
  })

  it('keeps rows made before an option was added, each once', () => {
    const existing = [row({ id: 'red', code: 'TS-R', attributesText: '颜色=红', retail_price: '10' })]
    const { rows } = generateRows(colourAndSize, existing, 'TS')
    expect(rows.filter((r) => r.id === 'red').map((r) => r.attributesText)).toEqual(['颜色|Colour=红|Red; 尺码=S'])
    expect(new Set(rows.map((r) => r.code)).size).toBe(6)
  })

  it('never proposes a code a kept row already has', () => {
    const existing = [row({ code: 'TS-RED-M', attributesText: '颜色=蓝; 尺码=S', retail_price: '1' })]
    const { rows } = generateRows(colourAndSize, existing, 'TS')
    expect(rows.find((r) => r.attributesText.includes('红|Red; 尺码=M'))?.code).toBe('TS-RED-M-2')
  })

  it('reads the options back from the rows, with the English words they carry', () => {
    const options = optionsFromRows([
      row({ attributesText: '颜色|Colour=红|Red; 尺码=S' }),
      row({ attributesText: '颜色=蓝; 尺码|Size=M' }),
      row({ attributesText: '颜色=红; 尺码=M' }),
    ])
    expect(options).toEqual([
      { name: '颜色|Colour', values: '红|Red; 蓝' },
      { name: '尺码|Size', values: 'S; M' },
    ])
  })
})
