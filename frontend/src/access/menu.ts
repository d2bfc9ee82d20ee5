import { can } from './permissions'

/** What each back-office page asks for; the router and the side menu both read this. */
export const PAGE_PERMISSIONS = {
  users: ['users:manage'],
  roles: ['roles:manage'],
  audit: ['audit:read'],
} as const satisfies Record<string, readonly string[]>

export interface MenuEntry {
  /** Also the `data-testid` suffix: `menu-${key}`. */
  key: string
  path: string
  labelKey: string
  icon: 'dashboard' | 'users' | 'roles' | 'audit'
  /** Any one of these grants the entry; none means every staff member sees it. */
  permission?: readonly string[]
}

export const BACKOFFICE_MENU: readonly MenuEntry[] = [
  { key: 'dashboard', path: '/admin', labelKey: 'menu.dashboard', icon: 'dashboard' },
  { key: 'users', path: '/admin/users', labelKey: 'menu.users', icon: 'users', permission: PAGE_PERMISSIONS.users },
  { key: 'roles', path: '/admin/roles', labelKey: 'menu.roles', icon: 'roles', permission: PAGE_PERMISSIONS.roles },
  { key: 'audit', path: '/admin/audit-log', labelKey: 'menu.audit', icon: 'audit', permission: PAGE_PERMISSIONS.audit },
]

/** The menu entries a user with these permissions may open. */
export function visibleMenu(entries: readonly MenuEntry[], permissions: readonly string[] | null | undefined): MenuEntry[] {
  return entries.filter((entry) => !entry.permission || can(permissions ?? [], entry.permission))
}
