/** Names for the inventory API's shapes, read off the generated paths (see src/api/types.ts for why). */
import type { ApiPaths as paths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type Warehouse = Json<paths['/warehouses']['get']['responses'][200]>[number]
export type StockLevel = Json<paths['/stock']['get']['responses'][200]>['items'][number]
export type Movement = Json<paths['/stock/movements']['get']['responses'][200]>['items'][number]
export type StocktakeSummary = Json<paths['/stocktakes']['get']['responses'][200]>['items'][number]
export type Stocktake = Json<paths['/stocktakes/{stocktake_id}']['get']['responses'][200]>
export type StocktakeLine = Stocktake['lines'][number]

export const MOVEMENT_KINDS = [
  'inbound',
  'reserve',
  'release',
  'ship',
  'return_in',
  'adjust',
  'stocktake',
  'transfer_out',
  'transfer_in',
] as const
export const STOCK_STATUSES = ['low', 'out_of_stock', 'paused'] as const
export const STOCKTAKE_STATUSES = ['open', 'applied', 'closed', 'cancelled'] as const
