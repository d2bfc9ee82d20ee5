/** Names for the catalog API's shapes, read off the generated paths (see src/api/types.ts for why). */
import type { ApiPaths as paths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

export type Category = Json<paths['/categories']['get']['responses'][200]>[number]
export type ProductSummary = Json<paths['/products']['get']['responses'][200]>['items'][number]
export type ProductQuery = NonNullable<paths['/products']['get']['parameters']['query']>
export type ProductDetail = Json<paths['/products/{product_id}']['get']['responses'][200]>
export type ProductCreate = Body<paths['/products']['post']>
export type ProductUpdate = Body<paths['/products/{product_id}']['patch']>
export type ProductSave = Body<paths['/products/{product_id}']['put']>
export type Sku = ProductDetail['skus'][number]
export type SkuCreate = Body<paths['/products/{product_id}/skus']['post']>
export type SkuUpdate = Body<paths['/skus/{sku_id}']['patch']>
export type ProductImage = ProductDetail['images'][number]
export type PriceChange = Body<paths['/skus/batch/prices']['post']>['items'][number]
export type ImportReport = Json<paths['/catalog/import']['post']['responses'][200]>
export type ImportError = ImportReport['errors'][number]
export type ImportJob = Json<paths['/catalog/imports/{import_id}']['get']['responses'][200]>
export type ProductStatus = 'draft' | 'on_sale' | 'off_sale'
export const PRODUCT_STATUSES: ProductStatus[] = ['draft', 'on_sale', 'off_sale']
