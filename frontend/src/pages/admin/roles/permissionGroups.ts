import type { Permission } from '@/api/types'
import { permissionFamily } from '@/access/permissions'

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
