import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, h, nextTick, ref, type App } from 'vue'
import ElementPlus from 'element-plus'
import { i18n, setLocale } from '@/i18n'
import RegionCascader from '@/components/RegionCascader.vue'
import RegionName from '@/components/RegionName.vue'
import type { Region } from '@/components/regionSource'

const { guangdong, shenzhen, nanshan, noEnglish } = vi.hoisted(() => {
  const region = (code: string, name: string, name_en: string, level: number): Region => ({ code, name, name_en, level, leaf: level === 3 })
  return {
    guangdong: region('440000', '广东省', 'Guangdong', 1),
    shenzhen: region('440300', '深圳市', 'Shenzhen', 2),
    nanshan: region('440305', '南山区', 'Nanshan District', 3),
    noEnglish: region('440306', '宝安区', '', 3), // a region without an English name shows its Chinese one
  }
})

// the page's shared region source, answered from a fixed tree instead of the server
vi.mock('@/components/sharedRegions', async () => {
  const { createRegionSource } = await import('@/components/regionSource')
  const below: Record<string, Region[]> = { '': [guangdong], '440000': [shenzhen], '440300': [nanshan, noEnglish] }
  const paths: Record<string, Region[]> = { '440305': [guangdong, shenzhen, nanshan], '440306': [guangdong, shenzhen, noEnglish] }
  return {
    regions: createRegionSource({
      children: async (parent) => below[parent ?? ''] ?? [],
      path: async (code) => paths[code] ?? [],
    }),
  }
})

let app: App | undefined

afterEach(() => {
  app?.unmount()
  app = undefined
  document.body.innerHTML = ''
  setLocale('zh-CN')
})

async function mounted(render: () => ReturnType<typeof h>): Promise<HTMLElement> {
  const root = document.createElement('div')
  document.body.appendChild(root)
  app = createApp({ render })
  app.use(i18n).use(ElementPlus)
  app.mount(root)
  await nextTick()
  return root
}

function listed(): (string | null)[] {
  return [...document.querySelectorAll('.region-cascader-popper .el-cascader-node__label')].map((n) => n.textContent)
}

/** Chooses a region in the open menus, by the label shown. */
async function choose(label: string): Promise<void> {
  await vi.waitFor(() => expect(listed()).toContain(label))
  const node = [...document.querySelectorAll<HTMLElement>('.region-cascader-popper .el-cascader-node')].find(
    (n) => n.querySelector('.el-cascader-node__label')?.textContent === label,
  )
  node!.click()
}

describe('the region cascader in the UI language', () => {
  it('lists the regions under their English names in the English UI, and the chosen path reads in English', async () => {
    setLocale('en')
    const code = ref<string | null>(null)
    const root = await mounted(() =>
      h(RegionCascader, { modelValue: code.value, 'onUpdate:modelValue': (v: string | null | undefined) => (code.value = v ?? null) }),
    )

    root.querySelector<HTMLElement>('[data-testid="region-cascader"] .el-cascader')!.click()
    await choose('Guangdong')
    await choose('Shenzhen')
    await vi.waitFor(() => expect(listed()).toEqual(['Guangdong', 'Shenzhen', 'Nanshan District', '宝安区'])) // no English name: Chinese
    await choose('Nanshan District')

    await vi.waitFor(() => expect(code.value).toBe('440305')) // the code is what is stored; the server adds the Chinese names
    const input = root.querySelector<HTMLInputElement>('[data-testid="region-cascader"] input')!
    expect(input.value).toBe('Guangdong / Shenzhen / Nanshan District')
  })

  it('lists them under their Chinese names in the Chinese UI', async () => {
    setLocale('zh-CN')
    const root = await mounted(() => h(RegionCascader, { modelValue: null }))

    root.querySelector<HTMLElement>('[data-testid="region-cascader"] .el-cascader')!.click()
    await choose('广东省')
    await choose('深圳市')

    await vi.waitFor(() => expect(listed()).toEqual(['广东省', '深圳市', '南山区', '宝安区']))
  })

  it('names a stored code by its English path in the English UI (the warehouse list), and follows a switch', async () => {
    setLocale('en')
    const root = await mounted(() => h(RegionName, { code: '440305' }))

    await vi.waitFor(() => expect(root.textContent).toBe('Guangdong / Shenzhen / Nanshan District'))
    setLocale('zh-CN')
    await vi.waitFor(() => expect(root.textContent).toBe('广东省 / 深圳市 / 南山区'))
  })
})
