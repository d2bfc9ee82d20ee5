import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office order pages, children of /admin (ORDERS.md "SPA routes"). Static paths before `:id`. */
export const orderRoutes: RouteRecordRaw[] = [
  {
    path: 'orders',
    name: 'admin-orders',
    component: () => import('./OrdersPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.orders, title: 'orders.menu.list' },
  },
  {
    path: 'orders/review',
    name: 'admin-orders-review',
    component: () => import('./ReviewQueuePage.vue'),
    meta: { permission: PAGE_PERMISSIONS.ordersReview, title: 'orders.menu.review' },
  },
  {
    path: 'orders/new',
    name: 'admin-order-new',
    component: () => import('./NewOrderPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.orderCreate, title: 'orders.new.title' },
  },
  {
    path: 'orders/:id',
    name: 'admin-order',
    component: () => import('./OrderPage.vue'),
    props: true,
    meta: { permission: PAGE_PERMISSIONS.orders, title: 'orders.detail.title' },
  },
  {
    path: 'orders/:id/print',
    name: 'admin-order-print',
    component: () => import('./OrderPrintPage.vue'),
    props: true,
    meta: { permission: PAGE_PERMISSIONS.orders, title: 'orders.print.title' },
  },
]
