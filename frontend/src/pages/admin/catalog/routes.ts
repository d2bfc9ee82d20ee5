import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office catalog pages, children of /admin. */
export const catalogRoutes: RouteRecordRaw[] = [
  {
    path: 'catalog/categories',
    name: 'admin-categories',
    component: () => import('./CategoriesPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.categories, title: 'catalog.menu.categories' },
  },
  {
    path: 'catalog/products',
    name: 'admin-products',
    component: () => import('./ProductsPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.products, title: 'catalog.menu.products' },
  },
  {
    path: 'catalog/products/new',
    name: 'admin-product-new',
    component: () => import('./ProductEditorPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.productCreate, title: 'catalog.product.createTitle' },
  },
  {
    path: 'catalog/products/:id',
    name: 'admin-product',
    component: () => import('./ProductEditorPage.vue'),
    props: true,
    meta: { permission: PAGE_PERMISSIONS.products, title: 'catalog.product.editTitle' },
  },
  {
    path: 'catalog/import',
    name: 'admin-catalog-import',
    component: () => import('./ImportPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.catalogImport, title: 'catalog.menu.import' },
  },
]
