import type { RouteRecordRaw } from 'vue-router'

/** The shopper's orders and messages, children of the storefront layout. */
export const storeOrderRoutes: RouteRecordRaw[] = [
  {
    path: 'account/orders',
    name: 'store-orders',
    component: () => import('./MyOrdersPage.vue'),
    meta: { requiresAuth: true, title: 'storeOrders.list.title' },
  },
  {
    path: 'account/orders/:id',
    name: 'store-order',
    component: () => import('./OrderDetailPage.vue'),
    props: true,
    meta: { requiresAuth: true, title: 'storeOrders.detail.title' },
  },
  {
    path: 'account/notifications',
    name: 'store-notifications',
    component: () => import('./InboxPage.vue'),
    meta: { requiresAuth: true, title: 'storeOrders.inbox.title' },
  },
]
