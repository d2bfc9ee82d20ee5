import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Finance's payment and refund records, children of /admin. */
export const paymentRoutes: RouteRecordRaw[] = [
  {
    path: 'payments',
    name: 'admin-payments',
    component: () => import('./PaymentsPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.payments, title: 'payments.menu.payments' },
  },
  {
    path: 'refunds',
    name: 'admin-refunds',
    component: () => import('./RefundsPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.refunds, title: 'payments.menu.refunds' },
  },
]
