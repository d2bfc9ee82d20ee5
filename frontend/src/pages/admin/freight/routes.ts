import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office freight pages, children of /admin. */
export const freightRoutes: RouteRecordRaw[] = [
  {
    path: 'freight',
    name: 'admin-freight',
    component: () => import('./FreightPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.freight, title: 'freight.menu' },
  },
]
