import type { ProductStatus } from './types'

/** Element Plus tag colours for product statuses. */
export const STATUS_TAG: Record<ProductStatus, 'info' | 'success' | 'warning'> = {
  draft: 'info',
  on_sale: 'success',
  off_sale: 'warning',
}

export function statusTag(status: string): 'info' | 'success' | 'warning' {
  return STATUS_TAG[status as ProductStatus] ?? 'info'
}
