import { describe, expect, it } from 'vitest'
import { emptyRow, payloadOf, rowFromSku, rowProblems, skuChanges, type SkuLike } from '@/pages/admin/catalog/skuRows'

const red: SkuLike = {
  id: 'sku-red',
  code: 'TS-RED',
  barcode: '690001',
  attributes: { 颜色: '红' },
  retail_price: { amount: '59.00', currency: 'CNY' },
  wholesale_price: null,
  promo_price: null,
  active: true,
}

function row(fields: Partial<ReturnType<typeof emptyRow>>) {
  return { ...emptyRow(), ...fields }
}

describe('SKU rows of the product editor', () => {
  it('sends typed rows in the API shape with canonical prices and parsed attributes', () => {
    const payload = payloadOf(row({ code: ' TS-L ', attributesText: '颜色:红, 尺码:L', retail_price: '59.9' }))
    expect(payload).toMatchObject({
      code: 'TS-L',
      barcode: null,
      attributes: { 颜色: '红', 尺码: 'L' },
      retail_price: '59.90',
      wholesale_price: null,
      promo_price: null,
    })
  })

  it('flags missing and repeated codes, bad attributes, bad prices and repeated attribute sets', () => {
    const problems = rowProblems([
      row({ code: 'A', attributesText: '颜色:红', retail_price: '10' }),
      row({ code: 'a', attributesText: '颜色:红', retail_price: '10' }),
      row({ code: '', attributesText: '颜色', retail_price: 'x' }),
      row({ code: '红色 L', attributesText: '颜色:蓝', retail_price: '1' }),
    ])
    expect(problems.get(3)).toEqual(['codeInvalid'])
    expect(problems.get(0)).toBeUndefined()
    expect(problems.get(1)).toEqual(['codeDuplicate', 'attributesDuplicate'])
    expect(problems.get(2)).toEqual(['codeRequired', 'attributes', 'price.retail'])
  })

  it('turns edits into create, update and delete calls and leaves untouched SKUs alone', () => {
    const blue: SkuLike = { ...red, id: 'sku-blue', code: 'TS-BLUE', attributes: { 颜色: '蓝' } }
    const rows = [rowFromSku(red), row({ code: 'TS-GREEN', attributesText: '颜色:绿', retail_price: '59' })]
    const unchanged = skuChanges([red, blue], rows)
    expect(unchanged.update).toEqual([])
    expect(unchanged.remove).toEqual(['sku-blue'])
    expect(unchanged.create.map((sku) => sku.code)).toEqual(['TS-GREEN'])

    rows[0].retail_price = '49'
    expect(skuChanges([red, blue], rows).update).toEqual([{ id: 'sku-red', payload: expect.objectContaining({ retail_price: '49.00' }) }])
  })
})
