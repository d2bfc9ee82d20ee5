/**
 * Order actions as the API takes them: each button's form turned into the request body of its endpoint, and
 * the call through the typed client. Every action answers with the order as it now is.
 */
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { OrderButton } from './labels'
import type { Order, OrderLine } from './types'

export interface ActionForm {
  method: 'bank_transfer' | 'cash_on_delivery' | 'cash'
  reference: string
  note: string
  reason: string
  carrier: string
  tracking_number: string
  /** Ship only some of what is left (quantities per line) instead of all of it. */
  partial: boolean
  quantities: Record<string, number | undefined>
}

/** The lines to ship when the clerk chose quantities: lines with none left out; null when shipping all. */
export function shipmentLines(form: Pick<ActionForm, 'partial' | 'quantities'>, lines: readonly OrderLine[]): { line_id: string; quantity: number }[] | null {
  if (!form.partial) return null
  return lines.flatMap((line) => {
    const wanted = form.quantities[line.id] ?? 0
    const left = line.quantity - line.shipped_quantity
    return Number.isInteger(wanted) && wanted > 0 && wanted <= left ? [{ line_id: line.id, quantity: wanted }] : []
  })
}

const text = (value: string) => (value.trim() ? value.trim() : undefined)

/** The body each action's endpoint takes (ORDERS.md): texts trimmed, no payment reference when none was typed. */
export function actionBody(action: OrderButton, form: ActionForm, lines: readonly OrderLine[]): Record<string, unknown> {
  switch (action) {
    case 'pay':
      return { method: form.method, reference: text(form.reference) ?? null, note: form.note.trim() }
    case 'approve':
    case 'release':
      return { note: form.note.trim() }
    case 'hold':
    case 'cancel':
      return { reason: form.reason.trim() }
    case 'ship': {
      const chosen = shipmentLines(form, lines)
      return { carrier: form.carrier.trim(), tracking_number: form.tracking_number.trim(), ...(chosen ? { lines: chosen } : {}) }
    }
    case 'confirm':
      return {}
  }
}

export async function runOrderAction(order: Order, action: OrderButton, form: ActionForm): Promise<Order> {
  const params = { path: { order_id: order.id } }
  const body = actionBody(action, form, order.lines) as never
  switch (action) {
    case 'pay':
      return unwrap(api.POST('/orders/{order_id}/pay', { params, body }))
    case 'approve':
      return unwrap(api.POST('/orders/{order_id}/approve', { params, body }))
    case 'hold':
      return unwrap(api.POST('/orders/{order_id}/hold', { params, body }))
    case 'release':
      return unwrap(api.POST('/orders/{order_id}/release', { params, body }))
    case 'ship':
      return unwrap(api.POST('/orders/{order_id}/ship', { params, body }))
    case 'confirm':
      return unwrap(api.POST('/orders/{order_id}/confirm-receipt', { params, body }))
    case 'cancel':
      return unwrap(api.POST('/orders/{order_id}/cancel', { params, body }))
  }
}
