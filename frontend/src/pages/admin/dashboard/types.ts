import type { ApiPaths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

/** GET /dashboard: the blocks the signed-in member may see (the others are absent). */
export type Dashboard = Json<ApiPaths['/dashboard']['get']['responses'][200]>
export type DashboardDay = NonNullable<Dashboard['figures']>['series'][number]
export type LatestOrder = NonNullable<Dashboard['latest_orders']>[number]

/** The to-do cards, in the order they show. */
export const TODO_KEYS = ['awaiting_review', 'awaiting_shipment', 'unpaid_expiring', 'low_stock'] as const
export type TodoKey = (typeof TODO_KEYS)[number]
