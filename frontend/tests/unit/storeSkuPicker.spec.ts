import { describe, expect, it } from 'vitest'
import {
  chosenSku,
  clampQuantity,
  initialSelection,
  maxQuantity,
  optionGroups,
  toggle,
  type PickableSku,
  type Selection,
} from '@/pages/store/skuPicker'

const OPTIONS = { colour: ['red', 'blue'], size: ['S', 'M', 'L'] }

function sku(id: string, colour: string, size: string, available: number): PickableSku {
  const stock_status = available <= 0 ? 'out_of_stock' : available <= 3 ? 'low' : 'in_stock'
  return { id, attributes: { colour, size }, available, stock_status }
}

// red/S 5, red/M sold out, blue/M 2 (low), blue/L 8; red/L and blue/S do not exist.
const SKUS = [sku('rs', 'red', 'S', 5), sku('rm', 'red', 'M', 0), sku('bm', 'blue', 'M', 2), sku('bl', 'blue', 'L', 8)]

function state(selection: Selection) {
  const groups = optionGroups(OPTIONS, SKUS, selection)
  const of = (name: string) => Object.fromEntries(groups.find((g) => g.name === name)!.values.map((v) => [v.value, v]))
  return { colour: of('colour'), size: of('size') }
}

describe('SKU picker', () => {
  it('offers every value that some in-stock SKU has while nothing is chosen', () => {
    const { colour, size } = state({})
    expect(colour.red.selectable && colour.blue.selectable).toBe(true)
    expect([size.S.selectable, size.M.selectable, size.L.selectable]).toEqual([true, true, true])
  })

  it('disables a size that is sold out in the chosen colour and marks it sold out', () => {
    const { size } = state({ colour: 'red' })
    expect(size.S.selectable).toBe(true)
    expect(size.M).toMatchObject({ selectable: false, soldOut: true })
  })

  it('disables a combination that does not exist without calling it sold out', () => {
    const { size } = state({ colour: 'red' })
    expect(size.L).toMatchObject({ selectable: false, soldOut: false })
  })

  it('judges each attribute against the other choices only, so a choice can be changed in place', () => {
    const { colour, size } = state({ colour: 'red', size: 'S' })
    expect(colour.blue.selectable).toBe(false) // blue/S does not exist
    expect(colour.red.selected).toBe(true)
    expect(size.S.selected).toBe(true)
    expect(state({ colour: 'blue', size: 'M' }).colour.red.selectable).toBe(false) // red/M is sold out
  })

  it('disables a value none of whose SKUs is in stock', () => {
    const allGone = [sku('a', 'red', 'S', 0), sku('b', 'blue', 'S', 4)]
    const red = optionGroups({ colour: ['red', 'blue'], size: ['S'] }, allGone, {})[0].values[0]
    expect(red).toMatchObject({ value: 'red', selectable: false, soldOut: true })
  })

  it('names the SKU once every attribute is chosen', () => {
    expect(chosenSku(OPTIONS, SKUS, { colour: 'blue' })).toBeNull()
    expect(chosenSku(OPTIONS, SKUS, { colour: 'blue', size: 'M' })?.id).toBe('bm')
    expect(chosenSku(OPTIONS, SKUS, { colour: 'red', size: 'L' })).toBeNull()
  })

  it('picks a value, clears it on a second click, and refuses a value that cannot be bought', () => {
    let selection = toggle(OPTIONS, SKUS, {}, 'colour', 'red')
    expect(selection).toEqual({ colour: 'red' })
    expect(toggle(OPTIONS, SKUS, selection, 'size', 'M')).toEqual({ colour: 'red' })
    selection = toggle(OPTIONS, SKUS, selection, 'size', 'S')
    expect(selection).toEqual({ colour: 'red', size: 'S' })
    expect(toggle(OPTIONS, SKUS, selection, 'colour', 'red')).toEqual({ size: 'S' })
  })

  it('starts with single-valued attributes chosen and a single SKU chosen whole', () => {
    const oneColour = [sku('s', 'black', 'S', 1), sku('m', 'black', 'M', 1)]
    expect(initialSelection({ colour: ['black'], size: ['S', 'M'] }, oneColour)).toEqual({ colour: 'black' })
    const only = [sku('x', 'green', 'XL', 3)]
    expect(chosenSku({}, only, initialSelection({}, only))?.id).toBe('x')
  })

  it('treats a product without attributes as its one SKU', () => {
    const plain: PickableSku[] = [{ id: 'p', attributes: {}, available: 2, stock_status: 'low' }]
    expect(optionGroups({}, plain, {})).toEqual([])
    expect(chosenSku({}, plain, {})?.id).toBe('p')
  })

  it('keeps the quantity between one and what is available', () => {
    const blueM = SKUS[2]
    expect(maxQuantity(blueM)).toBe(2)
    expect(clampQuantity(5, blueM)).toBe(2)
    expect(clampQuantity(0, blueM)).toBe(1)
    expect(clampQuantity(Number.NaN, blueM)).toBe(1)
    expect(clampQuantity(1.7, blueM)).toBe(1)
    expect(maxQuantity(SKUS[1])).toBe(1)
    expect(maxQuantity(null)).toBe(1)
  })
})
