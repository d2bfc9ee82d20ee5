import { beforeEach, describe, expect, it, vi } from 'vitest'

describe('language switch', () => {
  beforeEach(() => {
    localStorage.clear()
    vi.resetModules()
    vi.restoreAllMocks()
  })

  function browserPrefers(...languages: string[]) {
    vi.spyOn(navigator, 'languages', 'get').mockReturnValue(languages)
  }

  it("starts in the browser's language when nothing was chosen before", async () => {
    browserPrefers('zh-CN', 'zh', 'en')
    const { i18n, elementLocale } = await import('@/i18n')
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(i18n.global.t('menu.users')).toBe('用户管理')
    expect(elementLocale.value.name).toBe('zh-cn')
  })

  it('opens in English for an English browser on the first visit', async () => {
    browserPrefers('en-US', 'en')
    const { i18n } = await import('@/i18n')
    expect(i18n.global.locale.value).toBe('en')
    expect(i18n.global.t('menu.users')).toBe('Users')
  })

  it("takes the first language it has from the browser's list, else Chinese", async () => {
    browserPrefers('fr', 'de')
    const { browserLocale, i18n } = await import('@/i18n')
    expect(i18n.global.locale.value).toBe('zh-CN')
    expect(browserLocale(['fr-FR', 'en-GB', 'zh-CN'])).toBe('en')
    expect(browserLocale(['de', 'zh-TW'])).toBe('zh-CN')
    expect(browserLocale(['fr', 'de'])).toBeNull()
  })

  it("keeps a choice made on this device over the browser's language", async () => {
    browserPrefers('en-US')
    localStorage.setItem('allorder.locale', 'zh-CN')
    const { i18n } = await import('@/i18n')
    expect(i18n.global.locale.value).toBe('zh-CN')
  })

  it('switches the texts and Element Plus to English and remembers the choice', async () => {
    const { i18n, elementLocale, setLocale, LOCALE_STORAGE_KEY } = await import('@/i18n')

    setLocale('en')

    expect(i18n.global.t('menu.users')).toBe('Users')
    expect(elementLocale.value.name).toBe('en')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en')
    expect(document.documentElement.lang).toBe('en')
  })

  it('comes back in the remembered language on the next visit', async () => {
    localStorage.setItem('allorder.locale', 'en')
    const { i18n } = await import('@/i18n')
    expect(i18n.global.locale.value).toBe('en')
  })

  it('understands the locale spellings servers and browsers use', async () => {
    const { normalizeLocale } = await import('@/i18n')
    expect(normalizeLocale('zh_CN')).toBe('zh-CN')
    expect(normalizeLocale('zh-cn')).toBe('zh-CN')
    expect(normalizeLocale('en-US')).toBe('en')
    expect(normalizeLocale('fr')).toBeNull()
    expect(normalizeLocale(null)).toBeNull()
  })

  it('writes the profile locale the way the server stores it', async () => {
    const { serverLocale } = await import('@/i18n')
    expect(serverLocale('zh-CN')).toBe('zh_CN')
    expect(serverLocale('en')).toBe('en')
  })

  it('has the same message keys in both languages', async () => {
    const zh = (await import('@/i18n/zh-CN.json')).default
    const en = (await import('@/i18n/en.json')).default
    expect(keys(en)).toEqual(keys(zh))
  })

  it('has the same role, permission and wording keys in both languages', async () => {
    for (const area of ['access', 'wording']) {
      const zh = (await import(`@/i18n/${area}/zh-CN.json`)).default
      const en = (await import(`@/i18n/${area}/en.json`)).default
      expect(keys(en)).toEqual(keys(zh))
    }
  })
})

function keys(messages: object, prefix = ''): string[] {
  return Object.entries(messages)
    .flatMap(([key, value]) => (typeof value === 'object' && value ? keys(value, `${prefix}${key}.`) : [`${prefix}${key}`]))
    .sort()
}
