import { can } from './permissions'

/** What each back-office page asks for; the router and the side menu both read this. */
export const PAGE_PERMISSIONS = {
  users: ['users:manage'],
  roles: ['roles:manage'],
  audit: ['audit:read'],
  customers: ['customers:read'],
  categories: ['catalog:read'],
  products: ['catalog:read'],
  productCreate: ['catalog:write'],
  catalogImport: ['catalog:write'],
  stock: ['inventory:read'],
  stockReceive: ['inventory:adjust'],
  stockAdjust: ['inventory:adjust'],
  movements: ['inventory:read'],
  stocktakes: ['inventory:read'],
  warehouses: ['inventory:read'],
  stockAlerts: ['inventory:read'],
  orders: ['orders:read'],
  ordersReview: ['orders:review'],
  orderCreate: ['orders:write'],
  freight: ['orders:read', 'settings:write'],
  paymentMethods: ['settings:write'],
  bankTransfers: ['payments:read'],
  reconciliation: ['payments:read'],
  payments: ['payments:read'],
  refunds: ['payments:read'],
} as const satisfies Record<string, readonly string[]>

export interface MenuEntry {
  /** Also the `data-testid` suffix: `menu-${key}`. */
  key: string
  path: string
  labelKey: string
  icon:
    | 'dashboard'
    | 'users'
    | 'customers'
    | 'roles'
    | 'audit'
    | 'products'
    | 'categories'
    | 'import'
    | 'stock'
    | 'receive'
    | 'adjust'
    | 'movements'
    | 'stocktakes'
    | 'warehouses'
    | 'alerts'
    | 'orders'
    | 'freight'
    | 'paymentMethods'
    | 'bankTransfers'
    | 'reconciliation'
    | 'payments'
    | 'refunds'
  /** Any one of these grants the entry; none means every staff member sees it. */
  permission?: readonly string[]
}

export const BACKOFFICE_MENU: readonly MenuEntry[] = [
  { key: 'dashboard', path: '/admin', labelKey: 'menu.dashboard', icon: 'dashboard' },
  { key: 'users', path: '/admin/users', labelKey: 'menu.users', icon: 'users', permission: PAGE_PERMISSIONS.users },
  { key: 'roles', path: '/admin/roles', labelKey: 'menu.roles', icon: 'roles', permission: PAGE_PERMISSIONS.roles },
  { key: 'audit', path: '/admin/audit-log', labelKey: 'menu.audit', icon: 'audit', permission: PAGE_PERMISSIONS.audit },
  // Orders (the review queue and the manual order open from the list); labels in src/i18n/orders/.
  { key: 'orders', path: '/admin/orders', labelKey: 'orders.menu.list', icon: 'orders', permission: PAGE_PERMISSIONS.orders },
  // Payments; labels in src/i18n/payments/.
  { key: 'payments', path: '/admin/payments', labelKey: 'payments.menu.payments', icon: 'payments', permission: PAGE_PERMISSIONS.payments },
  { key: 'refunds', path: '/admin/refunds', labelKey: 'payments.menu.refunds', icon: 'refunds', permission: PAGE_PERMISSIONS.refunds },
  { key: 'customers', path: '/admin/customers', labelKey: 'customers.menu', icon: 'customers', permission: PAGE_PERMISSIONS.customers },
  // Catalog and inventory; their labels live in src/i18n/{catalog,inventory}/.
  { key: 'products', path: '/admin/catalog/products', labelKey: 'catalog.menu.products', icon: 'products', permission: PAGE_PERMISSIONS.products },
  { key: 'categories', path: '/admin/catalog/categories', labelKey: 'catalog.menu.categories', icon: 'categories', permission: PAGE_PERMISSIONS.categories },
  { key: 'catalog-import', path: '/admin/catalog/import', labelKey: 'catalog.menu.import', icon: 'import', permission: PAGE_PERMISSIONS.catalogImport },
  { key: 'stock', path: '/admin/inventory/stock', labelKey: 'inventory.menu.stock', icon: 'stock', permission: PAGE_PERMISSIONS.stock },
  { key: 'stock-receive', path: '/admin/inventory/receive', labelKey: 'inventory.menu.receive', icon: 'receive', permission: PAGE_PERMISSIONS.stockReceive },
  { key: 'stock-adjust', path: '/admin/inventory/adjustments', labelKey: 'inventory.menu.adjust', icon: 'adjust', permission: PAGE_PERMISSIONS.stockAdjust },
  { key: 'movements', path: '/admin/inventory/movements', labelKey: 'inventory.menu.movements', icon: 'movements', permission: PAGE_PERMISSIONS.movements },
  { key: 'stocktakes', path: '/admin/inventory/stocktakes', labelKey: 'inventory.menu.stocktakes', icon: 'stocktakes', permission: PAGE_PERMISSIONS.stocktakes },
  { key: 'warehouses', path: '/admin/inventory/warehouses', labelKey: 'inventory.menu.warehouses', icon: 'warehouses', permission: PAGE_PERMISSIONS.warehouses },
  { key: 'stock-alerts', path: '/admin/inventory/alerts', labelKey: 'inventory.menu.alerts', icon: 'alerts', permission: PAGE_PERMISSIONS.stockAlerts },
  // Orders; freight labels live in src/i18n/freight/.
  { key: 'freight', path: '/admin/freight', labelKey: 'freight.menu', icon: 'freight', permission: PAGE_PERMISSIONS.freight },
  // Payments; labels in src/i18n/payment_methods/.
  { key: 'bank-transfers', path: '/admin/bank-transfers', labelKey: 'paymentMethods.transfersMenu', icon: 'bankTransfers', permission: PAGE_PERMISSIONS.bankTransfers },
  { key: 'payment-methods', path: '/admin/payment-methods', labelKey: 'paymentMethods.menu', icon: 'paymentMethods', permission: PAGE_PERMISSIONS.paymentMethods },
  // Payments; reconciliation labels live in src/i18n/reconciliation/.
  { key: 'reconciliation', path: '/admin/reconciliation', labelKey: 'reconciliation.menu', icon: 'reconciliation', permission: PAGE_PERMISSIONS.reconciliation },
]

/** The menu entries a user with these permissions may open. */
export function visibleMenu(entries: readonly MenuEntry[], permissions: readonly string[] | null | undefined): MenuEntry[] {
  return entries.filter((entry) => !entry.permission || can(permissions ?? [], entry.permission))
}
