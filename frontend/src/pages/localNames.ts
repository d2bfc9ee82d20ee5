/**
 * Product data in the UI language: staff may give a product an English name and its options English words. The
 * English UI shows those and falls back to the shop's own words; the Chinese UI shows the shop's own words and
 * falls back to the English ones. Only the data is chosen here: words around it ("Choose", "/") are UI texts.
 */
import type { AppLocale } from '@/i18n'

export function localName(own: string | null | undefined, english: string | null | undefined, locale: AppLocale | string): string {
  const first = locale === 'en' ? english : own
  const second = locale === 'en' ? own : english
  return first?.trim() || second?.trim() || ''
}

/** A category's name in the UI language: its English name in the English UI when staff gave one. */
export function categoryName(category: { name: string; name_en?: string | null }, locale: AppLocale | string): string {
  return localName(category.name, category.name_en, locale)
}

/** The English words of a product's options, as the storefront sends them (`options_en`). */
export type OptionsEnglish = Record<string, { name?: string | null; values?: Record<string, string> }>

export function optionName(name: string, english: OptionsEnglish | null | undefined, locale: AppLocale | string): string {
  return localName(name, english?.[name]?.name, locale)
}

export function optionValue(name: string, value: string, english: OptionsEnglish | null | undefined, locale: AppLocale | string): string {
  return localName(value, english?.[name]?.values?.[value], locale)
}
