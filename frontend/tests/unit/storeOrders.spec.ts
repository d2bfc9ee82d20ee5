import { describe, expect, it } from 'vitest'
import en from '@/i18n/storeOrders/en.json'
import zh from '@/i18n/storeOrders/zh-CN.json'
import {
  formatItems,
  MAX_LINES,
  MAX_QUANTITY,
  newIdempotencyKey,
  parseItems,
  withoutSku,
  withQuantity,
} from '@/pages/store/checkout/checkoutItems'
import {
  clock,
  customerMayCancel,
  customerMayConfirm,
  groupOf,
  ORDER_STATUSES,
  secondsUntil,
  TABS,
  tabOf,
  tabQuery,
} from '@/pages/store/orders/orderStatus'
import { notificationLink } from '@/composables/useInbox'
import type { Notification } from '@/api/types'

const A = '0b7c6f1e-2d3a-4c5b-8e9f-1a2b3c4d5e6f'
const B = 'f1e2d3c4-b5a6-4789-8abc-def012345678'

describe('checkout items in the address', () => {
  it('reads sku:quantity pairs in their order', () => {
    expect(parseItems(`${A}:2,${B}:1`)).toEqual({
      items: [
        { sku_id: A, quantity: 2 },
        { sku_id: B, quantity: 1 },
      ],
      dropped: false,
    })
  })

  it('adds up the same SKU named twice and lower-cases ids', () => {
    expect(parseItems(`${A.toUpperCase()}:2, ${A}:3`).items).toEqual([{ sku_id: A, quantity: 5 }])
  })

  it('drops what it cannot read and says so', () => {
    const parsed = parseItems(`${A}:0,${B}:x,not-a-uuid:2,${A}:1.5,${B}:2:3,${A}:-1,,${B}:4`)
    expect(parsed.items).toEqual([{ sku_id: B, quantity: 4 }])
    expect(parsed.dropped).toBe(true)
  })

  it('is empty without items, and takes repeated parameters as one list', () => {
    expect(parseItems(undefined)).toEqual({ items: [], dropped: false })
    expect(parseItems('')).toEqual({ items: [], dropped: false })
    expect(parseItems([`${A}:1`, null, `${B}:2`]).items.map((i) => i.sku_id)).toEqual([A, B])
  })

  it('caps quantities and the number of lines', () => {
    expect(parseItems(`${A}:123456789`).items[0].quantity).toBe(MAX_QUANTITY)
    const many = Array.from({ length: MAX_LINES + 1 }, (_, i) => `${A.slice(0, -4)}${String(i).padStart(4, '0')}:1`)
    const parsed = parseItems(many.join(','))
    expect(parsed.items).toHaveLength(MAX_LINES)
    expect(parsed.dropped).toBe(true)
  })

  it('writes back what it reads', () => {
    const items = [
      { sku_id: A, quantity: 2 },
      { sku_id: B, quantity: 1 },
    ]
    expect(formatItems(items)).toBe(`${A}:2,${B}:1`)
    expect(parseItems(formatItems(items)).items).toEqual(items)
  })

  it('removes a line and changes a quantity within bounds', () => {
    const items = [
      { sku_id: A, quantity: 2 },
      { sku_id: B, quantity: 1 },
    ]
    expect(withoutSku(items, A)).toEqual([{ sku_id: B, quantity: 1 }])
    expect(withQuantity(items, B, 3)[1].quantity).toBe(3)
    expect(withQuantity(items, B, 0)[1].quantity).toBe(1)
    expect(items[1].quantity).toBe(1)
  })

  it('makes version-4 idempotency keys even where randomUUID is missing', () => {
    const insecurePage = { getRandomValues: crypto.getRandomValues.bind(crypto) }
    const key = newIdempotencyKey(insecurePage)
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey())
  })
})

describe('order tabs in the address', () => {
  it('reads the tab from ?tab=, all when absent or unknown', () => {
    expect(tabOf({ tab: 'unpaid' })).toBe('unpaid')
    expect(tabOf({ tab: 'cancelled' })).toBe('cancelled')
    expect(tabOf({})).toBe('all')
    expect(tabOf({ tab: 'nonsense' })).toBe('all')
    expect(tabOf({ tab: ['to_ship', 'unpaid'] })).toBe('to_ship')
  })

  it('writes a tab into the query, all as the plain address', () => {
    expect(tabQuery('unpaid')).toEqual({ tab: 'unpaid' })
    expect(tabQuery('all')).toEqual({})
    for (const tab of TABS) expect(tabOf(tabQuery(tab))).toBe(tab)
  })

  it('files every status under one tab, as GET /me/orders/counts counts them', () => {
    expect(ORDER_STATUSES.map(groupOf)).toEqual([
      'unpaid',
      'to_ship',
      'to_ship',
      'to_ship',
      'to_ship',
      'shipped',
      'completed',
      'cancelled',
      'cancelled',
    ])
    expect(groupOf('unknown')).toBeNull()
  })

  it('lets a shopper cancel until shipment and confirm a shipped order', () => {
    expect(ORDER_STATUSES.filter(customerMayCancel)).toEqual(['pending_payment', 'paid', 'on_hold', 'awaiting_shipment'])
    expect(ORDER_STATUSES.filter(customerMayConfirm)).toEqual(['shipped'])
  })
})

describe('payment countdown', () => {
  it('counts whole seconds to the deadline, never below zero', () => {
    const now = Date.parse('2026-11-29T10:00:00Z')
    expect(secondsUntil('2026-11-29T10:30:00Z', now)).toBe(1800)
    expect(secondsUntil('2026-11-29T10:00:00.900Z', now)).toBe(0)
    expect(secondsUntil('2026-11-29T09:00:00Z', now)).toBe(0)
    expect(secondsUntil(null, now)).toBe(0)
    expect(secondsUntil('garbage', now)).toBe(0)
  })

  it('shows minutes and seconds, with hours once there are any', () => {
    expect(clock(1800)).toBe('30:00')
    expect(clock(65)).toBe('01:05')
    expect(clock(0)).toBe('00:00')
    expect(clock(3600 + 61)).toBe('1:01:01')
  })
})

describe('messages that lead somewhere', () => {
  const message = (event: string, extra: object = {}) =>
    ({ id: 'n1', event, title: '', body: '', created_at: '2026-11-29T10:00:00Z', read_at: null, ...extra }) as Notification
  const everything = () => true

  it('opens the order a message is about, in the storefront or the back office', () => {
    const about = message('order.placed', { order_id: A })
    expect(notificationLink(about, 'account', everything)).toBe(`/account/orders/${A}`)
    expect(notificationLink(about, 'admin', everything)).toBe(`/admin/orders/${A}`)
    expect(notificationLink(about, 'admin', () => false)).toBeNull()
  })

  it('opens the low-stock list for staff who may read stock, and nothing for other messages', () => {
    expect(notificationLink(message('inventory.low_stock'), 'admin', everything)).toBe('/admin/inventory/alerts')
    expect(notificationLink(message('inventory.low_stock'), 'admin', () => false)).toBeNull()
    expect(notificationLink(message('security.password_changed'), 'account', everything)).toBeNull()
  })

  it("leads to the tab an order message speaks of when it does not say which order", () => {
    expect(notificationLink(message('order.placed'), 'account', everything)).toBe('/account/orders?tab=unpaid')
    expect(notificationLink(message('order.expired'), 'account', everything)).toBe('/account/orders?tab=cancelled')
    expect(notificationLink(message('order.shipped'), 'account', everything)).toBe('/account/orders?tab=shipped')
    expect(notificationLink(message('order.placed'), 'admin', everything)).toBeNull()
  })
})

describe('order texts', () => {
  function keys(messages: object, prefix = ''): string[] {
    return Object.entries(messages)
      .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
      .sort()
  }

  it('has the same keys in Chinese and English, all under storeOrders', () => {
    expect(keys(en)).toEqual(keys(zh))
    expect(Object.keys(en)).toEqual(['storeOrders'])
  })

  it('names and explains every status and names every tab', () => {
    for (const status of ORDER_STATUSES) {
      expect(zh.storeOrders.status[status]).toBeTruthy()
      expect(en.storeOrders.explain[status]).toBeTruthy()
    }
    for (const tab of TABS) expect(zh.storeOrders.tabs[tab]).toBeTruthy()
  })

  it('names every problem a checkout line can have, in both languages', async () => {
    const { i18n, setLocale } = await import('@/i18n')
    for (const locale of ['en', 'zh-CN'] as const) {
      setLocale(locale)
      for (const code of ['sku.inactive', 'stock.insufficient', 'sku.not_found']) {
        expect(i18n.global.te(`storeOrders.checkout.problem.${code}`, locale)).toBe(true)
      }
    }
    expect(i18n.global.t('storeOrders.checkout.problem.stock.insufficient')).toBe('库存不足')
  })
})
