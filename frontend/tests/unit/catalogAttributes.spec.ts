import { describe, expect, it } from 'vitest'
import { duplicateAttributeRows, formatAttributes, parseAttributes } from '@/pages/admin/catalog/attributes'

describe('SKU spec attributes (the syntax of catalog files too)', () => {
  it('reads name=value pairs with their optional English words, ASCII or full-width', () => {
    expect(parseAttributes('颜色｜Colour＝红|Red；尺码=L\n材质 = 棉')).toEqual({
      attributes: { 颜色: '红', 尺码: 'L', 材质: '棉' },
      english: { 颜色: { name: 'Colour', value: 'Red' } },
      errors: [],
    })
    expect(parseAttributes('  ').attributes).toEqual({})
  })

  it('reports parts without a name or value, repeated names and too long words', () => {
    const { errors } = parseAttributes(`颜色; =红; 尺码=L; 尺码=M; 材质|Material=|Cotton; ${'名'.repeat(33)}=x`)
    expect(errors).toEqual([
      { key: 'missingValue', part: '颜色' },
      { key: 'missingName', part: '=红' },
      { key: 'duplicate', part: '尺码=M' },
      { key: 'missingValue', part: '材质|Material=|Cotton' },
      { key: 'tooLong', part: `${'名'.repeat(33)}=x` },
    ])
  })

  it('writes attributes back in the same one-line form', () => {
    const text = formatAttributes({ 颜色: '红', 尺码: 'L' }, { 颜色: { name: 'Colour', value: null }, 尺码: { value: 'Large' } })
    expect(text).toBe('颜色|Colour=红; 尺码=L|Large')
    expect(parseAttributes(text).english).toEqual({ 颜色: { name: 'Colour' }, 尺码: { value: 'Large' } })
  })

  it('finds SKUs that repeat the attributes of an earlier one whatever the order', () => {
    expect(duplicateAttributeRows([{ a: '1', b: '2' }, { b: '2', a: '1' }, { a: '2' }])).toEqual([1])
  })
})
