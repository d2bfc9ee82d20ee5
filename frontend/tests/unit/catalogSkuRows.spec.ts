import { describe, expect, it } from 'vitest'
import { emptyRow, payloadOf, rowFromSku, rowProblems, saveLineOf, splitFieldErrors, type SkuLike } from '@/pages/admin/catalog/skuRows'

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
    const payload = payloadOf(row({ code: ' TS-L ', attributesText: '颜色|Colour=红; 尺码=L', retail_price: '59.9' }))
    expect(payload).toMatchObject({
      code: 'TS-L',
      barcode: null,
      attributes: { 颜色: '红', 尺码: 'L' },
      attributes_en: { 颜色: { name: 'Colour' } },
      retail_price: '59.90',
      wholesale_price: null,
      promo_price: null,
    })
  })

  it('flags missing and repeated codes, bad attributes, bad prices and repeated attribute sets', () => {
    const problems = rowProblems([
      row({ code: 'A', attributesText: '颜色=红', retail_price: '10' }),
      row({ code: 'a', attributesText: '颜色=红', retail_price: '10' }),
      row({ code: '', attributesText: '颜色', retail_price: 'x' }),
      row({ code: '红色 L', attributesText: '颜色=蓝', retail_price: '1' }),
    ])
    expect(problems.get(3)).toEqual(['codeInvalid'])
    expect(problems.get(0)).toBeUndefined()
    expect(problems.get(1)).toEqual(['codeDuplicate', 'attributesDuplicate'])
    expect(problems.get(2)).toEqual(['codeRequired', 'attributes', 'price.retail'])
  })

  it('sends the whole list to save, existing SKUs with their id and new ones without', () => {
    const rows = [rowFromSku(red), row({ code: 'TS-GREEN', attributesText: '颜色=绿', retail_price: '59' })]
    rows[0].retail_price = '49'
    const lines = rows.map((line) => saveLineOf(line))
    expect(lines[0]).toMatchObject({ id: 'sku-red', code: 'TS-RED', retail_price: '49.00' })
    expect(lines[1]).toMatchObject({ code: 'TS-GREEN', retail_price: '59.00' })
    expect(lines[1]).not.toHaveProperty('id')
  })

  it("sends prices to save in the product currency's decimals", () => {
    const yen = row({ code: 'TS-JP', retail_price: '1200', wholesale_price: ' 1000 ' })
    expect(saveLineOf(yen, 'JPY')).toMatchObject({ retail_price: '1200', wholesale_price: '1000' })
    expect(saveLineOf(row({ code: 'TS-KW', retail_price: '1.5' }), 'KWD')).toMatchObject({ retail_price: '1.500' })
    expect(rowProblems([row({ code: 'TS-JP', retail_price: '12.5' })], 'JPY').get(0)).toEqual(['price.retail'])
  })

  it("puts the server's errors on the row they name, the list's under the table and the product's by field", () => {
    const rows = [rowFromSku(red), row({ code: 'TS-GREEN' })]
    const split = splitFieldErrors(
      [
        { field: 'skus.1.barcode', message: 'barcode taken' },
        { field: 'skus.1.retail_price', message: 'bad price' },
        { field: 'skus', message: 'TS-BLUE has stock' },
        { field: 'code', message: 'code taken' },
      ],
      rows,
    )
    expect(split.rows).toEqual({
      [rows[1].key]: [
        { field: 'barcode', message: 'barcode taken' },
        { field: 'retail_price', message: 'bad price' },
      ],
    })
    expect(split.list).toEqual(['TS-BLUE has stock'])
    expect(split.product).toEqual({ code: 'code taken' })
  })
})
