import { i18n } from '@/i18n'

/** A province by its name in the UI language, any other code (a city, a district) as its digits. */
export function regionName(code: string): string {
  const key = `freight.provinces.${code}`
  return i18n.global.te(key) ? i18n.global.t(key) : code
}

export function regionNames(codes: readonly string[]): string {
  const separator = i18n.global.locale.value === 'en' ? ', ' : '、'
  return codes.map(regionName).join(separator)
}
