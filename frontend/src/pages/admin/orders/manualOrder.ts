/**
 * The manual order form's arithmetic and request: lines picked from the catalog, each with the catalog price or
 * an override, summed in integer minor units (never floats). The server prices the order again when it is placed
 * (freight, tax, its own rounding); what is shown here is the goods' subtotal the clerk reads to the customer.
 */
import { currencyDigits, fromMinor, isAmount, toMinor, type Money } from '@/money/decimal'

export interface ManualLine {
  sku_id: string
  code: string
  name: string
  attributes: Record<string, string>
  image_url: string | null
  /** The catalog's price now (promotion included), in the order's currency. */
  catalog_price: Money
  /** What the clerk typed instead of the catalog price; '' keeps the catalog price. */
  override: string
  quantity: number
  /** Units free to sell when picked, to warn before the server refuses. */
  available: number | null
}

/** The price a line is charged: the override when it is a valid amount, else the catalog's. */
export function unitPrice(line: ManualLine): Money {
  const override = line.override.trim()
  if (override && isAmount(override, line.catalog_price.currency)) return { amount: override, currency: line.catalog_price.currency }
  return line.catalog_price
}

export function lineTotal(line: ManualLine): Money | null {
  const price = unitPrice(line)
  const digits = currencyDigits(price.currency)
  const minor = toMinor(price.amount, Math.max(digits, fractionLength(price.amount)))
  if (minor === null || !Number.isInteger(line.quantity) || line.quantity < 1) return null
  const scale = 10 ** (Math.max(digits, fractionLength(price.amount)) - digits)
  // Round half up to the currency's decimals, once per line, as the server does for a line total.
  return { amount: fromMinor(Math.round((minor * line.quantity) / scale), digits), currency: price.currency }
}

/** The goods' subtotal; null while the lines are not all readable or mix currencies. */
export function subtotal(lines: readonly ManualLine[]): Money | null {
  if (!lines.length) return null
  const currency = lines[0]!.catalog_price.currency
  const digits = currencyDigits(currency)
  let minor = 0
  for (const line of lines) {
    const total = lineTotal(line)
    if (!total || total.currency !== currency) return null
    minor += toMinor(total.amount, digits) ?? 0
  }
  return { amount: fromMinor(minor, digits), currency }
}

/** Adds a SKU, or one more of it when it is already a line (a scanner scanning twice). */
export function addLine(lines: ManualLine[], line: Omit<ManualLine, 'quantity' | 'override'>): ManualLine[] {
  const found = lines.find((existing) => existing.sku_id === line.sku_id)
  if (found) return lines.map((existing) => (existing === found ? { ...existing, quantity: existing.quantity + 1 } : existing))
  return [...lines, { ...line, quantity: 1, override: '' }]
}

/** Why the form cannot be sent yet, as message keys; empty when it can. */
export function manualOrderProblems(form: { customerId: string; addressId: string; lines: readonly ManualLine[] }): string[] {
  const problems: string[] = []
  if (!form.customerId) problems.push('orders.new.needCustomer')
  if (!form.addressId) problems.push('orders.new.needAddress')
  if (!form.lines.length) problems.push('orders.new.needLines')
  if (form.lines.some((line) => line.override.trim() && !isAmount(line.override.trim(), line.catalog_price.currency))) {
    problems.push('orders.new.badPrice')
  }
  return problems
}

export interface ManualOrderBody {
  customer_id: string
  channel: 'phone' | 'pos'
  address_id: string
  lines: { sku_id: string; quantity: number; unit_price?: string }[]
  note: string
  remark: string
}

/** `POST /orders`'s body: a unit price only where the clerk overrode it, texts trimmed. */
export function manualOrderBody(form: {
  customerId: string
  channel: 'phone' | 'pos'
  addressId: string
  lines: readonly ManualLine[]
  note: string
  remark: string
}): ManualOrderBody {
  return {
    customer_id: form.customerId,
    channel: form.channel,
    address_id: form.addressId,
    lines: form.lines.map((line) => {
      const override = line.override.trim()
      return override ? { sku_id: line.sku_id, quantity: line.quantity, unit_price: override } : { sku_id: line.sku_id, quantity: line.quantity }
    }),
    note: form.note.trim(),
    remark: form.remark.trim(),
  }
}

/** One key per form session: a double click, or a retry after a lost answer, places one order. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  // Plain-HTTP origins other than localhost have no randomUUID; getRandomValues is there everywhere.
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

function fractionLength(amount: string): number {
  const point = amount.indexOf('.')
  return point < 0 ? 0 : amount.length - point - 1
}
