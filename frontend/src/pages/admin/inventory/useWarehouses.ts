import { onMounted, ref } from 'vue'
import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import type { Warehouse } from './types'

/** The warehouses for pickers and filters, loaded once per page; only active ones unless asked otherwise. */
export function useWarehouses(options: { includeInactive?: boolean } = {}) {
  const warehouses = ref<Warehouse[]>([])
  async function reload() {
    try {
      warehouses.value = await unwrap(
        api.GET('/warehouses', { params: { query: { active: options.includeInactive ? undefined : true } } }),
      )
    } catch {
      // Pickers stay empty; the page's own load reports the problem.
      warehouses.value = []
    }
  }
  onMounted(reload)
  return { warehouses, reload }
}
