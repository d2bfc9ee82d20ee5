import type { RouteLocationRaw } from 'vue-router'
import type { SearchGroup } from '@/api/types'

type Hit = SearchGroup['hits'][number]

/** Where a global-search hit leads: the page of the object it `opens` (a SKU's or barcode's product). */
export function hitLink(group: SearchGroup['name'], hit: Hit): RouteLocationRaw {
  switch (group) {
    case 'products':
    case 'skus':
    case 'barcodes':
      return `/admin/catalog/products/${hit.opens}`
    case 'orders':
      return `/admin/orders/${hit.opens}`
    case 'customers':
      return `/admin/customers/${hit.opens}`
    case 'staff':
      // staff have no page of their own: the user list, found by the e-mail the hit shows (else the name)
      return { path: '/admin/users', query: { q: hit.detail?.split(' · ')[0] || hit.title } }
  }
}
