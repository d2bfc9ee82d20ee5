import type { RouteRecordRaw } from 'vue-router'
import { PAGE_PERMISSIONS } from '@/access/menu'

/** Back-office reconciliation pages, children of /admin. */
export const reconciliationRoutes: RouteRecordRaw[] = [
  {
    path: 'reconciliation',
    name: 'admin-reconciliation',
    component: () => import('./ReconciliationPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.reconciliation, title: 'reconciliation.menu' },
  },
  {
    path: 'reconciliation/:id',
    name: 'admin-reconciliation-run',
    component: () => import('./ReconciliationRunPage.vue'),
    meta: { permission: PAGE_PERMISSIONS.reconciliation, title: 'reconciliation.run.title' },
  },
]
