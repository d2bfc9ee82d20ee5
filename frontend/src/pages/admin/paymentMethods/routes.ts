import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office payment pages, children of /admin. */
export const paymentMethodRoutes: RouteRecordRaw[] = [
  {
    path: 'payment-methods',
    name: 'admin-payment-methods',
    component: () => import('./PaymentMethodsPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.paymentMethods, title: 'paymentMethods.menu' },
  },
  {
    path: 'bank-transfers',
    name: 'admin-bank-transfers',
    component: () => import('./BankTransfersPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.bankTransfers, title: 'paymentMethods.transfersMenu' },
  },
]
