import type { Permission } from '@/api/types'
import { permissionFamily } from '@/access/permissions'
import { moduleLabel } from '@/access/roleNames'
import { i18n } from '@/i18n'

export interface PermissionGroup {
  family: string
  permissions: Permission[]
}

/** Permissions grouped by family (`orders:read`, `orders:manage` → `orders`), families and members sorted. */
export function groupPermissions(permissions: readonly Permission[]): PermissionGroup[] {
  const groups = new Map<string, Permission[]>()
  for (const permission of permissions) {
    const family = permissionFamily(permission.name)
    const members = groups.get(family) ?? []
    members.push(permission)
    groups.set(family, members)
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([family, members]) => ({ family, permissions: members.sort((a, b) => a.name.localeCompare(b.name)) }))
}

export interface GrantTag {
  key: string
  label: string
  /** The permissions' descriptions, for a tooltip. */
  title: string
}

/**
 * What a role may do, one tag per module it reaches, in the UI language. `live` is the server's list of
 * grantable permissions: grants in modules the shop does not have yet (orders, payments …) are kept on the role
 * but not shown.
 */
export function grantSummary(granted: readonly string[], live: readonly Permission[]): GrantTag[] {
  const { t } = i18n.global
  if (granted.includes('*')) return [{ key: 'all', label: t('rolePermissions.all'), title: '' }]
  const tags: GrantTag[] = []
  for (const group of groupPermissions(live)) {
    const module = moduleLabel(group.family)
    if (granted.includes(`${group.family}:*`)) {
      tags.push({ key: group.family, label: t('rolePermissions.wholeModule', { module }), title: '' })
      continue
    }
    const held = group.permissions.filter((permission) => granted.includes(permission.name))
    if (held.length) tags.push({ key: group.family, label: module, title: held.map((p) => p.description).join('; ') })
  }
  return tags
}
