/**
 * The shopper's order calls (`/me/checkout/preview`, `/me/orders…`) through the typed client. Types are read off
 * the generated paths, so a change on the server shows up here at compile time.
 */
import { api } from '@/api/client'
import type { ApiPaths as paths } from '@/api/paths'
import { unwrap } from '@/api/problem'
import type { CheckoutItem } from '@/pages/store/checkout/checkoutItems'
import type { Tab } from './orderStatus'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type Order = Json<paths['/me/orders/{order_id}']['get']['responses'][200]>
export type OrderLine = Order['lines'][number]
export type OrderEvent = Order['events'][number]
export type OrderAmounts = Order['amounts']
export type OrderPage = Json<paths['/me/orders']['get']['responses'][200]>
export type OrderSummary = OrderPage['items'][number]
export type OrderCounts = Json<paths['/me/orders/counts']['get']['responses'][200]>
export type CheckoutPreview = Json<paths['/me/checkout/preview']['post']['responses'][200]>
export type PreviewLine = CheckoutPreview['lines'][number]

export function previewCheckout(lines: CheckoutItem[], addressId: string | null): Promise<CheckoutPreview> {
  return unwrap(api.POST('/me/checkout/preview', { body: { lines, address_id: addressId } }))
}

/** Places the order; the same key sent again (a double click, a retry after a lost answer) gives the same order. */
export function placeOrder(lines: CheckoutItem[], addressId: string, note: string, idempotencyKey: string): Promise<Order> {
  return unwrap(
    api.POST('/me/orders', {
      body: { lines, address_id: addressId, note },
      params: { header: { 'Idempotency-Key': idempotencyKey } },
    }),
  )
}

export function fetchOrders(tab: Tab, page: number, pageSize: number, signal?: AbortSignal): Promise<OrderPage> {
  return unwrap(api.GET('/me/orders', { params: { query: { status_group: tab, page, page_size: pageSize } }, signal }))
}

export function fetchCounts(): Promise<OrderCounts> {
  return unwrap(api.GET('/me/orders/counts'))
}

export function fetchOrder(id: string): Promise<Order> {
  return unwrap(api.GET('/me/orders/{order_id}', { params: { path: { order_id: id } } }))
}

export function cancelOrder(id: string, reason: string): Promise<Order> {
  return unwrap(api.POST('/me/orders/{order_id}/cancel', { params: { path: { order_id: id } }, body: { reason } }))
}

export function confirmReceipt(id: string): Promise<Order> {
  return unwrap(api.POST('/me/orders/{order_id}/confirm-receipt', { params: { path: { order_id: id } } }))
}
