import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elementEn from 'element-plus/es/locale/lang/en'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import coreEn from './en.json'
import coreZhCN from './zh-CN.json'
import catalogEn from './catalog/en.json'
import catalogZhCN from './catalog/zh-CN.json'
import inventoryEn from './inventory/en.json'
import inventoryZhCN from './inventory/zh-CN.json'
import storeEn from './store/en.json'
import storeZhCN from './store/zh-CN.json'
import signupEn from './signup/en.json'
import signupZhCN from './signup/zh-CN.json'

// One file pair per area, each under its own top-level keys, so areas never edit each other's files.
const zhCN = { ...coreZhCN, ...catalogZhCN, ...inventoryZhCN, ...storeZhCN, ...signupZhCN }
const en = { ...coreEn, ...catalogEn, ...inventoryEn, ...storeEn, ...signupEn }

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const
export type AppLocale = (typeof SUPPORTED_LOCALES)[number]
export const DEFAULT_LOCALE: AppLocale = 'zh-CN'
export const LOCALE_STORAGE_KEY = 'allorder.locale'

export const LOCALE_LABELS: Record<AppLocale, string> = { 'zh-CN': '简体中文', en: 'English' }

type MessageSchema = typeof zhCN

/** Maps what servers and browsers say (`zh_CN`, `zh-cn`, `en-US`) to a locale the UI has. */
export function normalizeLocale(value: string | null | undefined): AppLocale | null {
  if (!value) return null
  const lowered = value.replace('_', '-').toLowerCase()
  if (lowered.startsWith('zh')) return 'zh-CN'
  if (lowered.startsWith('en')) return 'en'
  return null
}

/** The spelling the server stores on a user's profile (Babel style: `zh_CN`, `en`). */
export type ServerLocale = 'zh_CN' | 'en'

export function serverLocale(locale: AppLocale): ServerLocale {
  return locale === 'zh-CN' ? 'zh_CN' : 'en'
}

export function storedLocale(): AppLocale | null {
  try {
    return normalizeLocale(localStorage.getItem(LOCALE_STORAGE_KEY))
  } catch {
    return null
  }
}

export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale() ?? DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { 'zh-CN': zhCN, en },
})

export function currentLocale(): AppLocale {
  return i18n.global.locale.value
}

/** Switches the UI language and remembers the choice for the next visit. */
export function setLocale(locale: AppLocale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Private mode without storage: the switch still applies to this visit.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

/** Element Plus's own texts (pagination, date pickers, dialogs) follow the UI language. */
export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elementEn : elementZhCn))
