/**
 * Whether a set of granted permissions allows `wanted`. Grants are exact names (`users:manage`), `*` for
 * everything, or `family:*` for every permission in one family. An array for `wanted` means "any of these".
 */
export function can(granted: readonly string[] | null | undefined, wanted: string | readonly string[]): boolean {
  const candidates = typeof wanted === 'string' ? [wanted] : wanted
  if (candidates.length === 0) return true
  if (!granted || granted.length === 0) return false
  return candidates.some((permission) => grants(granted, permission))
}

function grants(granted: readonly string[], permission: string): boolean {
  if (granted.includes('*') || granted.includes(permission)) return true
  const family = permission.split(':')[0]
  return granted.includes(`${family}:*`)
}

/** The family of a permission name: `orders:read` → `orders`. */
export function permissionFamily(permission: string): string {
  const index = permission.indexOf(':')
  return index === -1 ? permission : permission.slice(0, index)
}
