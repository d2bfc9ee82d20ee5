/**
 * The shopper's order calls (`/me/checkout/preview`, `/me/orders…`) through the typed client. Types are read off
 * the generated paths, so a change on the server shows up here at compile time.
 */
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { CheckoutItem } from '@/pages/store/checkout/checkoutItems'
import type { Tab } from './orderStatus'

// Until orders-core's schema is generated: the shapes of /work/wt/ORDERS.md, and an untyped client.
// TODO(orders-core merge): read these off the generated paths instead.
type Money = { amount: string; currency: string }
export interface OrderLine {
  id: string
  sku_id: string
  product_id: string
  product_name: string
  product_name_en: string | null
  sku_code: string
  attributes: Record<string, string>
  image_url: string | null
  unit_price: Money
  quantity: number
  subtotal: Money
  discount: Money
  total: Money
  shipped_quantity: number
}
export interface OrderEvent {
  id: string
  at: string
  actor_name: string | null
  action: string
  from_status: string | null
  to_status: string
  note: string | null
}
export interface OrderAmounts {
  subtotal: Money
  discount: Money
  points_deduction: Money
  shipping_fee: Money
  tax: Money
  total: Money
  paid: Money
  refunded: Money
  tax_inclusive: boolean
}
export interface OrderAddress {
  recipient: string
  phone: string
  region_code: string
  province: string
  city: string
  district: string
  detail: string
  postal_code: string | null
}
export interface Order {
  id: string
  number: string
  status: string
  channel: string
  currency: string
  lines: OrderLine[]
  amounts: OrderAmounts
  tax_inclusive: boolean
  address: OrderAddress | null
  note: string | null
  payment_method: string | null
  cancel_reason: string | null
  expires_at: string | null
  paid_at: string | null
  shipped_at: string | null
  completed_at: string | null
  cancelled_at: string | null
  created_at: string
  allowed_actions: string[]
  events: OrderEvent[]
}
export interface OrderSummary {
  id: string
  number: string
  status: string
  total: Money
  item_count: number
  first_item_name: string
  first_item_image_url: string | null
  created_at: string
  expires_at: string | null
}
export interface OrderPage {
  items: OrderSummary[]
  total: number
  page: number
  page_size: number
}
export type OrderCounts = Record<Tab, number>
export type PreviewLine = OrderLine & { problem: string | null }
export interface CheckoutPreview {
  currency: string
  lines: PreviewLine[]
  amounts: OrderAmounts
  tax_inclusive: boolean
  problems: string[]
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const untyped = api as any

export function previewCheckout(lines: CheckoutItem[], addressId: string | null): Promise<CheckoutPreview> {
  return unwrap(untyped.POST('/me/checkout/preview', { body: { lines, address_id: addressId } }))
}

/** Places the order; the same key sent again (a double click, a retry after a lost answer) gives the same order. */
export function placeOrder(lines: CheckoutItem[], addressId: string, note: string, idempotencyKey: string): Promise<Order> {
  return unwrap(
    untyped.POST('/me/orders', {
      body: { lines, address_id: addressId, note },
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  )
}

export function fetchOrders(tab: Tab, page: number, pageSize: number, signal?: AbortSignal): Promise<OrderPage> {
  return unwrap(untyped.GET('/me/orders', { params: { query: { status_group: tab, page, page_size: pageSize } }, signal }))
}

export function fetchCounts(): Promise<OrderCounts> {
  return unwrap(untyped.GET('/me/orders/counts'))
}

export function fetchOrder(id: string): Promise<Order> {
  return unwrap(untyped.GET('/me/orders/{order_id}', { params: { path: { order_id: id } } }))
}

export function cancelOrder(id: string, reason: string): Promise<Order> {
  return unwrap(untyped.POST('/me/orders/{order_id}/cancel', { params: { path: { order_id: id } }, body: { reason } }))
}

export function confirmReceipt(id: string): Promise<Order> {
  return unwrap(untyped.POST('/me/orders/{order_id}/confirm-receipt', { params: { path: { order_id: id } } }))
}
