import type { RouteRecordRaw } from 'vue-router'

/** Checkout, a child of the storefront layout; a guest is sent to sign in and comes back with the same items. */
export const checkoutRoutes: RouteRecordRaw[] = [
  {
    path: 'checkout',
    name: 'store-checkout',
    component: () => import('./CheckoutPage.vue'),
    meta: { requiresAuth: true, title: 'storeOrders.checkout.title' },
  },
]
