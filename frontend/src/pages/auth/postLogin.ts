import type { Me } from '@/api/types'
import { safeNext } from '@/router'

/** Where to go once signed in: the page that asked for it, else the user's home (staff → back office). */
export function landingPath(me: Me, next: unknown): string {
  const asked = safeNext(next)
  if (asked && (me.is_staff || !asked.startsWith('/admin'))) return asked
  return me.is_staff ? '/admin' : '/'
}
