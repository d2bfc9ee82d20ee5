import { i18n } from '@/i18n'

/** A role as people read it: built-in roles by their name in the UI language, custom roles as an admin named them. */
export function roleLabel(name: string): string {
  const key = `roleNames.${name}`
  return i18n.global.te(key) ? i18n.global.t(key) : name
}

/** Whether the label is the shop's own word (UI text) rather than a name someone typed (data). */
export function isBuiltinRoleName(name: string): boolean {
  return i18n.global.te(`roleNames.${name}`)
}

/** A permission module (`inventory`) in the UI language; an unknown one keeps its code. */
export function moduleLabel(family: string): string {
  const key = `permissionModules.${family}`
  return i18n.global.te(key) ? i18n.global.t(key) : family
}
