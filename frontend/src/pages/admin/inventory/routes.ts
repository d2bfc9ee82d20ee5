import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office inventory pages, children of /admin. */
export const inventoryRoutes: RouteRecordRaw[] = [
  {
    path: 'inventory/stock',
    name: 'admin-stock',
    component: () => import('./StockPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.stock, title: 'inventory.menu.stock' },
  },
  {
    path: 'inventory/alerts',
    name: 'admin-stock-alerts',
    component: () => import('./StockPage.vue'),
    // The low-stock list is the stock list fixed to status=low.
    props: { lowOnly: true },
    meta: { permission: PAGE_PERMISSIONS.stockAlerts, title: 'inventory.menu.alerts' },
  },
  {
    path: 'inventory/receive',
    name: 'admin-stock-receive',
    component: () => import('./ReceivePage.vue'),
    meta: { permission: PAGE_PERMISSIONS.stockReceive, title: 'inventory.menu.receive' },
  },
  {
    path: 'inventory/adjustments',
    name: 'admin-stock-adjust',
    component: () => import('./AdjustmentsPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.stockAdjust, title: 'inventory.menu.adjust' },
  },
  {
    path: 'inventory/movements',
    name: 'admin-movements',
    component: () => import('./MovementsPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.movements, title: 'inventory.menu.movements' },
  },
  {
    path: 'inventory/stocktakes',
    name: 'admin-stocktakes',
    component: () => import('./StocktakesPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.stocktakes, title: 'inventory.menu.stocktakes' },
  },
  {
    path: 'inventory/stocktakes/:id',
    name: 'admin-stocktake',
    component: () => import('./StocktakePage.vue'),
    props: true,
    meta: { permission: PAGE_PERMISSIONS.stocktakes, title: 'inventory.stocktake.title' },
  },
  {
    path: 'inventory/warehouses',
    name: 'admin-warehouses',
    component: () => import('./WarehousesPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.warehouses, title: 'inventory.menu.warehouses' },
  },
]
