import type { RouteRecordRaw } from 'vue-router'

/** Storefront cart pages, children of /. */
export const cartRoutes: RouteRecordRaw[] = [
  { path: 'cart', name: 'store-cart', component: () => import('./CartPage.vue'), meta: { title: 'cart.title' } },
]
