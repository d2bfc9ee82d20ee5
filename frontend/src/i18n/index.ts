import { computed } from 'vue'
import { createI18n } from 'vue-i18n'
import elementEn from 'element-plus/es/locale/lang/en'
import elementZhCn from 'element-plus/es/locale/lang/zh-cn'
import coreEn from './en.json'
import coreZhCN from './zh-CN.json'
import catalogEn from './catalog/en.json'
import catalogZhCN from './catalog/zh-CN.json'
import customersEn from './customers/en.json'
import customersZhCN from './customers/zh-CN.json'
import inventoryEn from './inventory/en.json'
import inventoryZhCN from './inventory/zh-CN.json'
import auditEn from './audit/en.json'
import auditZhCN from './audit/zh-CN.json'
import storeEn from './store/en.json'
import formsEn from './forms/en.json'
import formsZhCN from './forms/zh-CN.json'
import storeZhCN from './store/zh-CN.json'
import searchEn from './search/en.json'
import searchZhCN from './search/zh-CN.json'
import accessEn from './access/en.json'
import accessZhCN from './access/zh-CN.json'
import wordingEn from './wording/en.json'
import wordingZhCN from './wording/zh-CN.json'
import signupEn from './signup/en.json'
import signupZhCN from './signup/zh-CN.json'
import ordersEn from './orders/en.json'
import ordersZhCN from './orders/zh-CN.json'
import freightEn from './freight/en.json'
import freightZhCN from './freight/zh-CN.json'
import cartEn from './cart/en.json'
import cartZhCN from './cart/zh-CN.json'
import regionsEn from './regions/en.json'
import regionsZhCN from './regions/zh-CN.json'
import storeOrdersEn from './storeOrders/en.json'
import storeOrdersZhCN from './storeOrders/zh-CN.json'
import dashboardEn from './dashboard/en.json'
import dashboardZhCN from './dashboard/zh-CN.json'
import orderExportEn from './orderExport/en.json'
import orderExportZhCN from './orderExport/zh-CN.json'
import orderChangesEn from './orderChanges/en.json'
import orderChangesZhCN from './orderChanges/zh-CN.json'
import orderNotesEn from './orderNotes/en.json'
import orderNotesZhCN from './orderNotes/zh-CN.json'
import emailChangeEn from './emailChange/en.json'
import emailChangeZhCN from './emailChange/zh-CN.json'
import paymentMethodsEn from './payment_methods/en.json'
import paymentMethodsZhCN from './payment_methods/zh-CN.json'
import reconciliationEn from './reconciliation/en.json'
import reconciliationZhCN from './reconciliation/zh-CN.json'
import paymentsEn from './payments/en.json'
import paymentsZhCN from './payments/zh-CN.json'

// One file pair per area, each under its own top-level keys, so areas never edit each other's files (one line
// each below, so areas added in parallel merge cleanly).
const zhCN = {
  ...coreZhCN,
  ...catalogZhCN,
  ...customersZhCN,
  ...inventoryZhCN,
  ...auditZhCN,
  ...storeZhCN,
  ...formsZhCN,
  ...searchZhCN,
  ...accessZhCN,
  ...wordingZhCN,
  ...signupZhCN,
  ...ordersZhCN,
  ...freightZhCN,
  ...cartZhCN,
  ...regionsZhCN,
  ...storeOrdersZhCN,
  ...dashboardZhCN,
  ...orderExportZhCN,
  ...orderChangesZhCN,
  ...orderNotesZhCN,
  ...emailChangeZhCN,
  ...paymentMethodsZhCN,
  ...reconciliationZhCN,
  ...paymentsZhCN,
}
const en = {
  ...coreEn,
  ...catalogEn,
  ...customersEn,
  ...inventoryEn,
  ...auditEn,
  ...storeEn,
  ...formsEn,
  ...searchEn,
  ...accessEn,
  ...wordingEn,
  ...signupEn,
  ...ordersEn,
  ...freightEn,
  ...cartEn,
  ...regionsEn,
  ...storeOrdersEn,
  ...dashboardEn,
  ...orderExportEn,
  ...orderChangesEn,
  ...orderNotesEn,
  ...emailChangeEn,
  ...paymentMethodsEn,
  ...reconciliationEn,
  ...paymentsEn,
}

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

/** The first language the browser prefers that the UI has (`navigator.languages`, as Accept-Language says). */
export function browserLocale(languages: readonly string[] | undefined = globalThis.navigator?.languages): AppLocale | null {
  for (const language of languages ?? []) {
    const locale = normalizeLocale(language)
    if (locale) return locale
  }
  return null
}

// Until the user picks a language on this device, the browser's preference decides.
export const i18n = createI18n<[MessageSchema], AppLocale, false>({
  legacy: false,
  locale: storedLocale() ?? browserLocale() ?? DEFAULT_LOCALE,
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
