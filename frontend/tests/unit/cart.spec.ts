import { afterEach, describe, expect, it } from 'vitest'
import {
  canCheckout,
  checkoutItems,
  guestToken,
  notices,
  selectAllState,
  stepperMax,
  type CartLineLike,
} from '@/pages/store/cart/cartLogic'
import { queryWithSku, selectionFromUrl } from '@/pages/store/skuInUrl'
import en from '@/i18n/cart/en.json'
import zh from '@/i18n/cart/zh-CN.json'

function line(sku_id: string, fields: Partial<CartLineLike> = {}): CartLineLike {
  return {
    sku_id,
    quantity: 1,
    selected: true,
    unavailable: false,
    insufficient_stock: false,
    price_changed: false,
    available_quantity: 10,
    ...fields,
  }
}

describe('cart checkout', () => {
  it('sends the selected lines that are still for sale, as sku:qty pairs', () => {
    const lines = [
      line('a', { quantity: 2 }),
      line('b', { selected: false }),
      line('c', { unavailable: true }),
      line('d', { quantity: 3 }),
    ]
    expect(checkoutItems(lines)).toBe('a:2,d:3')
    expect(canCheckout(lines)).toBe(true)
  })

  it('cannot start with nothing selected or with a selected line short of stock', () => {
    expect(canCheckout([line('a', { selected: false })])).toBe(false)
    expect(canCheckout([line('a', { unavailable: true })])).toBe(false)
    expect(canCheckout([line('a'), line('b', { insufficient_stock: true })])).toBe(false)
  })
})

describe('cart lines', () => {
  it('ticks select-all when every buyable line is selected, half when some are', () => {
    expect(selectAllState([line('a'), line('b', { unavailable: true, selected: false })])).toEqual({ checked: true, indeterminate: false })
    expect(selectAllState([line('a'), line('b', { selected: false })])).toEqual({ checked: false, indeterminate: true })
    expect(selectAllState([line('a', { selected: false })])).toEqual({ checked: false, indeterminate: false })
    expect(selectAllState([])).toEqual({ checked: false, indeterminate: false })
  })

  it('lets the stepper go up to the stock, at most 99, and never below the quantity already there', () => {
    expect(stepperMax(line('a', { quantity: 2, available_quantity: 5 }))).toBe(5)
    expect(stepperMax(line('a', { quantity: 2, available_quantity: 500 }))).toBe(99)
    expect(stepperMax(line('a', { quantity: 7, available_quantity: 3 }))).toBe(7)
    expect(stepperMax(line('a', { quantity: 1, available_quantity: 0 }))).toBe(1)
  })

  it('says what changed, and only that an unavailable line is unavailable', () => {
    expect(notices(line('a', { price_changed: true, insufficient_stock: true }))).toEqual(['insufficient_stock', 'price_changed'])
    expect(notices(line('a', { unavailable: true, price_changed: true }))).toEqual(['unavailable'])
    expect(notices(line('a'))).toEqual([])
  })
})

describe('guest cart token', () => {
  afterEach(() => guestToken.clear())

  it('is kept across page loads until cleared', () => {
    expect(guestToken.get()).toBeNull()
    guestToken.set('t0k3n')
    expect(guestToken.get()).toBe('t0k3n')
    guestToken.clear()
    expect(guestToken.get()).toBeNull()
  })
})

describe('chosen SKU in the product address', () => {
  const skus = [
    { id: 's1', attributes: { colour: 'red' }, available: 3, stock_status: 'low' as const },
    { id: 's2', attributes: { colour: 'blue' }, available: 0, stock_status: 'out_of_stock' as const },
  ]

  it('restores the choice a ?sku= names, and ignores one of another product', () => {
    expect(selectionFromUrl(skus, 's2')).toEqual({ colour: 'blue' })
    expect(selectionFromUrl(skus, 'other')).toBeNull()
    expect(selectionFromUrl(skus, ['s1'])).toBeNull()
  })

  it('writes the chosen SKU into the query, keeps the rest, and says when nothing changes', () => {
    expect(queryWithSku({ from: 'search' }, 's1')).toEqual({ from: 'search', sku: 's1' })
    expect(queryWithSku({ sku: 's1', from: 'search' }, null)).toEqual({ from: 'search' })
    expect(queryWithSku({ sku: 's1' }, 's1')).toBeNull()
    expect(queryWithSku({}, null)).toBeNull()
  })
})

describe('cart texts', () => {
  function keys(messages: object, prefix = ''): string[] {
    return Object.entries(messages)
      .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
      .sort()
  }

  it('has the same keys in Chinese and English, all under cart', () => {
    expect(keys(en)).toEqual(keys(zh))
    expect(Object.keys(en)).toEqual(['cart'])
  })
})
