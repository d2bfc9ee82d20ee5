import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BACKOFFICE_MENU, visibleMenu } from '@/access/menu'
import { readListState, writeListState } from '@/composables/listUrl'
import ordersEn from '@/i18n/orders/en.json'
import ordersZh from '@/i18n/orders/zh-CN.json'
import {
  DEFAULT_SORT,
  ORDER_FIELDS,
  ORDER_SORTS,
  STATUS_TABS,
  activeTab,
  daysToMoments,
  momentsToDays,
  normalizeOrderFilters,
  orderQuery,
  tabPatch,
} from '@/pages/admin/orders/filters'
import { CHANNELS, ORDER_ACTIONS, ORDER_STATUSES, PAYMENT_METHODS, REVIEW_FLAGS, orderButtons, statusTagType } from '@/pages/admin/orders/labels'
import { addLine, lineTotal, manualOrderBody, manualOrderProblems, newIdempotencyKey, subtotal, type ManualLine } from '@/pages/admin/orders/manualOrder'
import { actionBody, shipmentLines, type ActionForm } from '@/pages/admin/orders/actions'
import { positive, shipments, timeline } from '@/pages/admin/orders/timeline'
import { stillQueued } from '@/pages/admin/orders/review'
import { catalogPrice } from '@/pages/admin/orders/skuChoice'
import type { Order, OrderLine } from '@/pages/admin/orders/types'

const LIST = { fields: ORDER_FIELDS, sort: DEFAULT_SORT, sorts: ORDER_SORTS, pageSizes: [10, 20, 50, 100], normalize: normalizeOrderFilters }

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
    .sort()
}

function lookup(messages: object, key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), messages)
}

describe('order list address', () => {
  it('keeps every filter, the sort and the page in the URL and reads them back the same', () => {
    // given a list filtered by everything the API can filter by
    const state = {
      filters: {
        number: '2026112912345',
        customer: '张三',
        status: ['paid', 'on_hold'] as const,
        channel: 'phone',
        payment_method: 'cash',
        amount_min: '10.5',
        amount_max: '200',
        created_from: '2026-11-01T00:00:00.000Z',
        created_to: '2026-11-08T00:00:00.000Z',
        paid_from: '2026-11-02T00:00:00.000Z',
        paid_to: '2026-11-03T00:00:00.000Z',
        shipped_from: '',
        shipped_to: '',
        product: 'KETTLE-RED',
        needs_review: 'true',
        expiring_before: '',
      },
      sort: '-total',
      page: 3,
      pageSize: 50,
    }
    // when it is written to the address and read back (a shared link, Back)
    const query = writeListState(LIST, state as never)
    // then the address says it plainly and means the same list
    expect(query).toMatchObject({ status: 'paid,on_hold', channel: 'phone', amount_min: '10.5', sort: '-total', page: '3', page_size: '50' })
    expect(query).not.toHaveProperty('shipped_from')
    expect(readListState(LIST, query)).toEqual(state)
  })

  it('drops what the API would refuse: unknown states, bad amounts, dates that are not dates, other sorts', () => {
    const state = readListState(LIST, { status: 'paid,teleported,closed', amount_min: '-5', amount_max: '1.234', created_from: 'yesterday', sort: 'number', channel: 'fax' })
    expect(state.filters.status).toEqual(['paid', 'closed'])
    expect(state.filters.amount_min).toBe('')
    expect(state.filters.amount_max).toBe('')
    expect(state.filters.created_from).toBe('')
    expect(state.filters.channel).toBe('')
    expect(state.sort).toBe('-created_at')
  })

  it('puts an amount range typed the wrong way round lowest first', () => {
    expect(readListState(LIST, { amount_min: '500', amount_max: '20' }).filters).toMatchObject({ amount_min: '20', amount_max: '500' })
  })

  it('asks the API for repeated states and a yes/no review flag, and nothing for empty filters', () => {
    const filters = readListState(LIST, { status: 'shipped,completed', needs_review: 'false' }).filters
    expect(orderQuery(filters, '', 2, 20)).toEqual({
      number: undefined,
      customer: undefined,
      status: ['shipped', 'completed'],
      channel: undefined,
      payment_method: undefined,
      amount_min: undefined,
      amount_max: undefined,
      created_from: undefined,
      created_to: undefined,
      paid_from: undefined,
      paid_to: undefined,
      shipped_from: undefined,
      shipped_to: undefined,
      product: undefined,
      needs_review: false,
      expiring_before: undefined,
      sort: '-created_at',
      page: 2,
      page_size: 20,
    })
  })

  it('lights the quick tab whose states the filters hold, in any order, and none for a mix', () => {
    expect(activeTab({ status: [], needs_review: '' })).toBe('all')
    expect(activeTab({ status: ['closed', 'cancelled'], needs_review: '' })).toBe('cancelled')
    expect(activeTab({ status: [], needs_review: 'true' })).toBe('review')
    expect(activeTab({ status: ['paid', 'shipped'], needs_review: '' })).toBe('')
    for (const tab of STATUS_TABS) expect(activeTab(tabPatch(tab))).toBe(tab.key)
  })

  it('turns the days picked into a half-open range of moments and back', () => {
    const [from, to] = daysToMoments([new Date(2026, 10, 1, 15, 30), new Date(2026, 10, 3)])
    expect(new Date(from)).toEqual(new Date(2026, 10, 1))
    expect(new Date(to)).toEqual(new Date(2026, 10, 4))
    expect(momentsToDays(from, to)).toEqual([new Date(2026, 10, 1), new Date(2026, 10, 3)])
    expect(daysToMoments(null)).toEqual(['', ''])
  })
})

describe('order words', () => {
  it('has every text in both languages', () => {
    expect(keys(ordersEn)).toEqual(keys(ordersZh))
    expect(Object.keys(ordersZh)).toEqual(['orders'])
  })

  it('names every state, action, channel, payment method and review flag in both languages', () => {
    const codes = [
      ...ORDER_STATUSES.map((code) => `orders.status.${code}`),
      ...ORDER_ACTIONS.map((code) => `orders.action.${code}`),
      ...CHANNELS.map((code) => `orders.channel.${code}`),
      ...PAYMENT_METHODS.map((code) => `orders.paymentMethod.${code}`),
      ...REVIEW_FLAGS.map((code) => `orders.reviewFlag.${code}`),
    ]
    for (const key of codes) {
      expect(lookup(ordersEn, key), key).toEqual(expect.any(String))
      expect(lookup(ordersZh, key), key).toMatch(/[\u4e00-\u9fff]/)
    }
  })

  it('has a message for every key the order pages write out in full', () => {
    const folder = 'src/pages/admin/orders'
    const found = new Set<string>()
    for (const file of readdirSync(folder).map((name) => join(folder, name))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/['`](orders\.[A-Za-z0-9_.]+[A-Za-z0-9_])['`]/g)) found.add(match[1]!)
    }
    expect(found.size).toBeGreaterThan(50)
    for (const key of found) {
      expect(lookup(ordersEn, key), key).toEqual(expect.any(String))
      expect(lookup(ordersZh, key), key).toEqual(expect.any(String))
    }
    for (const button of ['pay', 'approve', 'hold', 'release', 'ship', 'confirm', 'cancel']) {
      for (const part of ['button', 'title', 'intro', 'submit', 'done']) expect(lookup(ordersZh, `orders.actions.${part}.${button}`)).toEqual(expect.any(String))
    }
  })

  it('colours waiting amber, blocked red, done green and over grey', () => {
    expect(statusTagType('pending_payment')).toBe('warning')
    expect(statusTagType('on_hold')).toBe('danger')
    expect(statusTagType('completed')).toBe('success')
    expect(statusTagType('closed')).toBe('info')
    expect(statusTagType('unheard_of')).toBe('info')
  })

  it('shows one Ship button for either ship action and never one for the clock', () => {
    expect(orderButtons(['ship_rest', 'ship_part', 'cancel', 'expire', 'hold'])).toEqual(['ship', 'hold', 'cancel'])
    expect(orderButtons(['cancel', 'pay'])).toEqual(['pay', 'cancel'])
    expect(orderButtons([])).toEqual([])
  })
})

describe('order menu', () => {
  it('shows the order list to readers of orders and to nobody else', () => {
    expect(visibleMenu(BACKOFFICE_MENU, ['orders:read']).map((entry) => entry.key)).toContain('orders')
    expect(visibleMenu(BACKOFFICE_MENU, ['inventory:read']).map((entry) => entry.key)).not.toContain('orders')
  })
})

const kettle: Omit<ManualLine, 'quantity' | 'override'> = {
  sku_id: 'sku-1',
  code: 'KETTLE-RED',
  name: 'Kettle',
  attributes: {},
  image_url: null,
  catalog_price: { amount: '19.90', currency: 'CNY' },
  available: 5,
}

describe('manual order form', () => {
  it('adds one more of a SKU picked twice instead of a second line', () => {
    const lines = addLine(addLine([], kettle), kettle)
    expect(lines).toHaveLength(1)
    expect(lines[0]!.quantity).toBe(2)
  })

  it('sums the goods exactly in minor units, with a price override where one was typed', () => {
    const lines: ManualLine[] = [
      { ...kettle, quantity: 3, override: '' },
      { ...kettle, sku_id: 'sku-2', code: 'CUP', catalog_price: { amount: '0.10', currency: 'CNY' }, quantity: 3, override: '' },
      { ...kettle, sku_id: 'sku-3', code: 'MUG', quantity: 2, override: '15.5' },
    ]
    expect(lineTotal(lines[1]!)).toEqual({ amount: '0.30', currency: 'CNY' })
    expect(subtotal(lines)).toEqual({ amount: '91.00', currency: 'CNY' })
  })

  it('says what is missing before it can be sent', () => {
    expect(manualOrderProblems({ customerId: '', addressId: '', lines: [] })).toEqual(['orders.new.needCustomer', 'orders.new.needAddress', 'orders.new.needLines'])
    expect(manualOrderProblems({ customerId: 'c', addressId: 'a', lines: [{ ...kettle, quantity: 1, override: '1,5' }] })).toEqual(['orders.new.badPrice'])
  })

  it('sends a unit price only for overridden lines, and the texts trimmed', () => {
    const body = manualOrderBody({
      customerId: 'c',
      channel: 'pos',
      addressId: 'a',
      lines: [
        { ...kettle, quantity: 2, override: '' },
        { ...kettle, sku_id: 'sku-2', quantity: 1, override: ' 9.90 ' },
      ],
      note: '  ',
      remark: 'VIP',
    })
    expect(body).toEqual({
      customer_id: 'c',
      channel: 'pos',
      address_id: 'a',
      lines: [
        { sku_id: 'sku-1', quantity: 2 },
        { sku_id: 'sku-2', quantity: 1, unit_price: '9.90' },
      ],
      note: '',
      remark: 'VIP',
    })
  })

  it('makes a fresh UUID idempotency key per form session', () => {
    const first = newIdempotencyKey()
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newIdempotencyKey()).not.toBe(first)
  })

  it('quotes the promotional price only while its window is open', () => {
    const sku = { retail_price: { amount: '10.00', currency: 'CNY' }, promo_price: { amount: '8.00', currency: 'CNY' }, promo_starts_at: '2026-11-01T00:00:00Z', promo_ends_at: '2026-11-10T00:00:00Z' }
    expect(catalogPrice(sku, new Date('2026-11-05T00:00:00Z')).amount).toBe('8.00')
    expect(catalogPrice(sku, new Date('2026-11-10T00:00:00Z')).amount).toBe('10.00')
    expect(catalogPrice({ ...sku, promo_price: null }, new Date('2026-11-05T00:00:00Z')).amount).toBe('10.00')
  })
})

const line = (id: string, quantity: number, shipped: number) => ({ id, quantity, shipped_quantity: shipped }) as OrderLine
const form = (changes: Partial<ActionForm>): ActionForm => ({ method: 'cash', reference: '', note: '', reason: '', carrier: 'SF', tracking_number: 'SF123', partial: false, quantities: {}, ...changes })

describe('order actions', () => {
  it('ships all that is left unless quantities were chosen, and never more than is left', () => {
    const lines = [line('a', 3, 1), line('b', 2, 0)]
    expect(actionBody('ship', form({}), lines)).toEqual({ carrier: 'SF', tracking_number: 'SF123' })
    expect(shipmentLines(form({ partial: true, quantities: { a: 2, b: 0 } }), lines)).toEqual([{ line_id: 'a', quantity: 2 }])
    expect(shipmentLines(form({ partial: true, quantities: { a: 3 } }), lines)).toEqual([])
  })

  it('sends a reason for hold and cancel, and no payment reference when none was typed', () => {
    expect(actionBody('cancel', form({ reason: ' out of stock ' }), [])).toEqual({ reason: 'out of stock' })
    expect(actionBody('pay', form({ method: 'bank_transfer', reference: ' R-1 ' }), [])).toEqual({ method: 'bank_transfer', reference: 'R-1', note: '' })
    expect(actionBody('pay', form({ method: 'cash' }), [])).toEqual({ method: 'cash', reference: null, note: '' })
    expect(actionBody('confirm', form({}), [])).toEqual({})
  })

  it('tells the history oldest first with remarks in their place, and the parcels from ship events', () => {
    const order: Pick<Order, 'events' | 'remarks'> = {
      events: [
        { id: '1', at: '2026-11-01T10:00:00Z', actor_kind: 'customer', actor_name: 'Ann', action: 'place', from_status: null, to_status: 'pending_payment', note: '' },
        { id: '2', at: '2026-11-01T12:00:00Z', actor_kind: 'staff', actor_name: 'Bo', action: 'ship_rest', from_status: 'awaiting_shipment', to_status: 'shipped', note: 'SF SF123' },
      ],
      remarks: [{ id: 'r', at: '2026-11-01T11:00:00Z', author_name: 'Cy', text: 'call first' }],
    }
    expect(timeline(order).map((entry) => entry.key)).toEqual(['event-1', 'remark-r', 'event-2'])
    expect(shipments(order).map((event) => event.id)).toEqual(['2'])
    expect(positive({ amount: '0.00', currency: 'CNY' })).toBe(false)
    expect(positive({ amount: '0.01', currency: 'CNY' })).toBe(true)
  })

  it('keeps a row in the review queue only while it still belongs there', () => {
    expect(stillQueued({ status: 'awaiting_shipment', needs_review: false }, 'review')).toBe(false)
    expect(stillQueued({ status: 'on_hold', needs_review: true }, 'review')).toBe(true)
    expect(stillQueued({ status: 'paid', needs_review: true }, 'held')).toBe(false)
  })
})
