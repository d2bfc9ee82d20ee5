/** An order's states as the API names them (DESIGN.md §2), in the order an order lives through them: one list for
 * the back office's filters and tags and the storefront's tabs. */
export const ORDER_STATUSES = [
  'pending_payment',
  'paid',
  'on_hold',
  'awaiting_shipment',
  'partially_shipped',
  'shipped',
  'completed',
  'cancelled',
  'closed',
] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]
