/** Names for the orders API's shapes, read off the generated paths (see src/api/types.ts for why). */
import type { ApiPaths as paths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type OrderSummary = Json<paths['/orders']['get']['responses'][200]>['items'][number]
export type Order = Json<paths['/orders/{order_id}']['get']['responses'][200]>
export type OrderLine = Order['lines'][number]
export type OrderEvent = Order['events'][number]
export type OrderRemark = Order['remarks'][number]
