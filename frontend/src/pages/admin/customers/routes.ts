import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office customer pages, children of /admin. */
export const customerRoutes: RouteRecordRaw[] = [
  {
    path: 'customers',
    name: 'admin-customers',
    component: () => import('./CustomersPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.customers, title: 'customers.menu' },
  },
  {
    path: 'customers/:id',
    name: 'admin-customer',
    component: () => import('./CustomerPage.vue'),
    props: true,
    meta: { permission: PAGE_PERMISSIONS.customers, title: 'customers.detailTitle' },
  },
]
