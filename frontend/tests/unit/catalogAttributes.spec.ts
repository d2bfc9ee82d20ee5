import { describe, expect, it } from 'vitest'
import { duplicateAttributeRows, formatAttributes, parseAttributes } from '@/pages/admin/catalog/attributes'

describe('SKU spec attributes', () => {
  it('reads name:value pairs with ASCII or full-width separators', () => {
    expect(parseAttributes('颜色：红，尺码:L; 材质=棉').attributes).toEqual({ 颜色: '红', 尺码: 'L', 材质: '棉' })
    expect(parseAttributes('  ').attributes).toEqual({})
  })

  it('reports parts without a name or value and repeated names', () => {
    const { errors } = parseAttributes('颜色, :红, 尺码:L, 尺码:M')
    expect(errors).toEqual([
      { key: 'missingValue', part: '颜色' },
      { key: 'missingName', part: ':红' },
      { key: 'duplicate', part: '尺码:M' },
    ])
  })

  it('writes attributes back in the same one-line form', () => {
    const text = formatAttributes({ 颜色: '红', 尺码: 'L' })
    expect(text).toBe('颜色:红, 尺码:L')
    expect(parseAttributes(text).attributes).toEqual({ 颜色: '红', 尺码: 'L' })
  })

  it('finds SKUs that repeat the attributes of an earlier one whatever the order', () => {
    expect(duplicateAttributeRows([{ a: '1', b: '2' }, { b: '2', a: '1' }, { a: '2' }])).toEqual([1])
  })
})
