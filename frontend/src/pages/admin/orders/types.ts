/** Names for the orders API's shapes (ORDERS.md); read off the generated paths once the core's schema lands. */
import type { Money } from '@/money/decimal'

export interface OrderSummary {
  id: string
  number: string
  status: string
  channel: string
  customer_name: string
  total: Money
  item_count: number
  first_item_name: string
  first_item_image_url: string | null
  needs_review: boolean
  created_at: string
  paid_at: string | null
  expires_at: string | null
}

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
  to_status: string | null
  note: string | null
}

export interface OrderRemark {
  id: string
  at: string
  author_name: string | null
  text: string
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
  customer: { id: string; name: string; phone: string | null; email: string | null }
  currency: string
  lines: OrderLine[]
  amounts: OrderAmounts
  tax_inclusive: boolean
  address: OrderAddress | null
  note: string | null
  payment_method: string | null
  needs_review: boolean
  review_flags: string[]
  hold_reason: string | null
  cancel_reason: string | null
  expires_at: string | null
  paid_at: string | null
  shipped_at: string | null
  completed_at: string | null
  cancelled_at: string | null
  created_at: string
  updated_at: string | null
  allowed_actions: string[]
  events: OrderEvent[]
  remarks: OrderRemark[]
}
