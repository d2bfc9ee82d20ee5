import { ref, type Ref } from 'vue'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { ProductDetail } from '@/pages/admin/catalog/types'

/** What every picker's option has: a SKU's code and barcode, the keys a scanner types. */
interface Scannable {
  code: string
  barcode: string | null
}

/**
 * The back office's SKU pickers search the same way. There is no SKU search endpoint: the product search (name,
 * brand, code, barcode) finds products and their details list the SKUs; a handful of products per keystroke
 * keeps that cheap. `optionsOf` turns one product into the picker's options. An exact code or barcode match (a
 * scanner) goes first; an answer overtaken by a later keystroke is dropped, and a failed search offers nothing.
 */
export function useSkuSearch<T extends Scannable>(optionsOf: (product: ProductDetail) => T[]) {
  const options = ref([]) as Ref<T[]>
  const loading = ref(false)
  let latest = 0

  async function search(keyword: string): Promise<void> {
    const q = keyword.trim()
    if (!q) {
      options.value = []
      return
    }
    const ticket = ++latest
    loading.value = true
    try {
      const page = await unwrap(api.GET('/products', { params: { query: { q, page: 1, page_size: 6 } } }))
      const details = await Promise.all(
        page.items.map((product) => unwrap(api.GET('/products/{product_id}', { params: { path: { product_id: product.id } } }))),
      )
      if (ticket !== latest) return
      const lowered = q.toLowerCase()
      const exact = (sku: T) => sku.code.toLowerCase() === lowered || sku.barcode?.toLowerCase() === lowered
      options.value = details.flatMap(optionsOf).sort((a, b) => Number(exact(b)) - Number(exact(a)))
    } catch {
      if (ticket === latest) options.value = []
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  return { options, loading, search }
}
