/**
 * What the edit, split and merge dialogs send (PATCH /orders/{id}, POST /orders/{id}/split, POST /orders/merge),
 * kept free of Vue so unit tests build the bodies cheaply. Each carries the `updated_at` the clerk saw: a change
 * made meanwhile by someone else is refused (409 order.modified) rather than overwritten.
 */
import type { Order, OrderLine } from './types'

/** A line in the edit dialog: one the order has (`line_id`) or a SKU being added (`sku_id`). */
export interface EditRow {
  key: string
  line_id: string | null
  sku_id: string | null
  code: string
  name: string
  quantity: number
  unit_price: string // as shown; sent only when it differs from `original_price`
  original_price: string
}

export function rowsOf(order: Order): EditRow[] {
  return order.lines.map((line: OrderLine) => ({
    key: line.id,
    line_id: line.id,
    sku_id: null,
    code: line.sku_code,
    name: line.product_name,
    quantity: line.quantity,
    unit_price: line.unit_price.amount,
    original_price: line.unit_price.amount,
  }))
}

function samePrice(a: string, b: string): boolean {
  return Number(a) === Number(b)
}

/** `addressId`: one of the customer's saved addresses to ship to instead (empty: the order's address stays). */
export function editBody(order: Order, rows: EditRow[], note: string, remark: string, addressId = '') {
  const lines = rows.map((row) => ({
    ...(row.line_id ? { line_id: row.line_id } : { sku_id: row.sku_id as string }),
    quantity: row.quantity,
    ...(samePrice(row.unit_price, row.original_price) ? {} : { unit_price: row.unit_price }),
  }))
  const unchanged =
    rows.length === order.lines.length &&
    rows.every((row, i) => row.line_id === order.lines[i].id && row.quantity === order.lines[i].quantity && samePrice(row.unit_price, row.original_price))
  return {
    updated_at: order.updated_at as string,
    ...(unchanged ? {} : { lines }),
    ...(note !== order.note ? { note } : {}),
    ...(addressId ? { address: { address_id: addressId } } : {}),
    remark: remark.trim(),
  }
}

/** Chosen quantities (line id → units to move) as the split body; none chosen splits by warehouse. */
export function splitBody(order: Order, byWarehouse: boolean, moving: Record<string, number>) {
  const lines = Object.entries(moving)
    .filter(([, quantity]) => quantity > 0)
    .map(([line_id, quantity]) => ({ line_id, quantity }))
  return { updated_at: order.updated_at as string, ...(byWarehouse ? {} : { lines }) }
}

/** A split by lines must move something and leave something. */
export function splitReady(order: Order, byWarehouse: boolean, moving: Record<string, number>): boolean {
  if (byWarehouse) return true
  const moved = Object.values(moving).reduce((sum, n) => sum + (n > 0 ? n : 0), 0)
  const all = order.lines.reduce((sum, line) => sum + line.quantity, 0)
  return moved > 0 && moved < all
}

/** States in which an order may still be changed (before anything ships). */
export const CHANGEABLE = ['pending_payment', 'paid', 'on_hold', 'awaiting_shipment']
export const MERGEABLE = ['pending_payment', 'paid', 'awaiting_shipment']
