/**
 * The storefront's calls: the public catalog under /store. A signed-in dealer gets wholesale prices because the
 * client sends the session's token with every call.
 */
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import { apiQuery, type SearchFilters } from './searchQuery'
import type { StockStatus } from './skuPicker'

export interface Money {
  amount: string
  currency: string
}

export interface StoreCategory {
  id: string
  name: string
  parent_id: string | null
  position: number
  depth: number
  product_count: number
  children: StoreCategory[]
}

export interface StoreProductCard {
  id: string
  name: string
  brand: string | null
  price: Money
  original_price: Money | null
  thumbnail_url: string | null
  in_stock: boolean
  sales_count: number
}

export interface StoreImage {
  id: string
  url: string
  thumbnail_url: string
  position: number
}

export interface StoreSku {
  id: string
  code: string
  attributes: Record<string, string>
  title: string
  price: Money
  original_price: Money | null
  stock_status: StockStatus
  available: number
}

export interface StoreProduct {
  id: string
  name: string
  brand: string | null
  description: string | null
  tags: string[]
  category_path: { id: string; name: string }[]
  images: StoreImage[]
  price: Money
  original_price: Money | null
  options: Record<string, string[]>
  skus: StoreSku[]
}

export interface StorePage {
  items: StoreProductCard[]
  total: number
  page: number
  page_size: number
}

// Until the backend's /store routes are in openapi.json the generated paths do not know them.
type LooseGet = (
  path: string,
  init?: { params?: { query?: object; path?: Record<string, string> } },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>
const get = (api as unknown as { GET: LooseGet }).GET

export async function fetchCategories(): Promise<StoreCategory[]> {
  return (await unwrap(get('/store/categories'))) as StoreCategory[]
}

export async function searchProducts(filters: SearchFilters, pageSize?: number): Promise<StorePage> {
  return (await unwrap(get('/store/products', { params: { query: apiQuery(filters, pageSize) } }))) as StorePage
}

export async function fetchProduct(id: string): Promise<StoreProduct> {
  return (await unwrap(get('/store/products/{product_id}', { params: { path: { product_id: id } } }))) as StoreProduct
}
