/**
 * The storefront's calls: the public catalog under /store. A signed-in dealer gets wholesale prices because the
 * client sends the session's token with every call. Types are read off the generated paths.
 */
import { api } from '@/api/client'
import type { ApiPaths as paths } from '@/api/paths'
import { unwrap } from '@/api/problem'
import { apiQuery, type SearchFilters } from './searchQuery'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type StoreCategory = Json<paths['/store/categories']['get']['responses'][200]>[number]
export type StorePage = Json<paths['/store/products']['get']['responses'][200]>
export type StoreProductCard = StorePage['items'][number]
export type StoreProduct = Json<paths['/store/products/{product_id}']['get']['responses'][200]>
export type StoreSku = StoreProduct['skus'][number]
export type StoreImage = StoreProduct['images'][number]
export type Money = StoreProduct['price']

export function fetchCategories(): Promise<StoreCategory[]> {
  return unwrap(api.GET('/store/categories'))
}

export function searchProducts(filters: SearchFilters, pageSize?: number): Promise<StorePage> {
  return unwrap(api.GET('/store/products', { params: { query: apiQuery(filters, pageSize) } }))
}

export function fetchProduct(id: string): Promise<StoreProduct> {
  return unwrap(api.GET('/store/products/{product_id}', { params: { path: { product_id: id } } }))
}
