import type { RouteRecordRaw } from 'vue-router'

/** Paying an order, the providers' way back, and the customer's payment history; children of the storefront layout. */
export const storePayRoutes: RouteRecordRaw[] = [
  {
    path: 'orders/:id/pay',
    name: 'store-pay',
    component: () => import('./PayPage.vue'),
    props: true,
    meta: { requiresAuth: true, title: 'payments.pay.title' },
  },
  {
    path: 'pay/result/:paymentId',
    name: 'store-pay-result',
    component: () => import('./PayResultPage.vue'),
    props: true,
    meta: { requiresAuth: true, title: 'payments.result.title' },
  },
  {
    path: 'account/payments',
    name: 'store-payments',
    component: () => import('./MyPaymentsPage.vue'),
    meta: { requiresAuth: true, title: 'payments.mine.title' },
  },
]
