import { describe, expect, it, vi } from 'vitest'
import type { CascaderNode, CascaderOption } from 'element-plus'
import { createRegionSource, pathName, pathOf, regionLabel, regionLoader, type Region } from '@/components/regionSource'

const shanghai: Region = { code: '310000', name: '上海市', name_en: 'Shanghai', level: 1, leaf: false }
const shanghaiCity: Region = { code: '310100', name: '上海市', name_en: 'Shanghai', level: 2, leaf: false }
const pudong: Region = { code: '310115', name: '浦东新区', name_en: 'Pudong New Area', level: 3, leaf: true }

function fakeServer() {
  const children = vi.fn(async (parent?: string) => (parent === undefined ? [shanghai] : parent === '310100' ? [pudong] : [shanghaiCity]))
  const path = vi.fn(async (code: string) => (code === '310115' ? [shanghai, shanghaiCity, pudong] : []))
  return { children, path }
}

function node(level: number, value?: string): CascaderNode {
  return { level, value } as unknown as CascaderNode
}

describe('the region source', () => {
  it('asks the server for each level once, however many cascaders open it', async () => {
    const server = fakeServer()
    const regions = createRegionSource(server)

    await Promise.all([regions.children('310100'), regions.children('310100'), regions.children()])
    await regions.children('310100')

    expect(server.children.mock.calls).toEqual([['310100'], [undefined]])
  })

  it('asks again after a failed read', async () => {
    const server = fakeServer()
    server.children.mockRejectedValueOnce(new Error('offline'))
    const regions = createRegionSource(server)

    await expect(regions.children()).rejects.toThrow('offline')
    expect(await regions.children()).toEqual([shanghai])
    expect(server.children).toHaveBeenCalledTimes(2)
  })

  it('gives the cascader the provinces at the root and a region’s children below, leaves marked', async () => {
    const regions = createRegionSource(fakeServer())
    const load = regionLoader(regions, () => {})
    const loaded = (n: CascaderNode) => new Promise<CascaderOption[] | undefined>((resolve) => load(n, resolve, () => {}))

    expect(await loaded(node(0))).toEqual([{ value: '310000', label: '上海市', leaf: false }])
    expect(await loaded(node(2, '310100'))).toEqual([{ value: '310115', label: '浦东新区', leaf: true }])
  })

  it('labels the cascader’s regions in English when the UI is English, and follows a switch of language', async () => {
    const regions = createRegionSource(fakeServer())
    let language = 'en'
    const load = regionLoader(regions, () => {}, () => language)
    const loaded = (n: CascaderNode) => new Promise<CascaderOption[] | undefined>((resolve) => load(n, resolve, () => {}))

    expect(await loaded(node(0))).toEqual([{ value: '310000', label: 'Shanghai', leaf: false }])
    expect(await loaded(node(2, '310100'))).toEqual([{ value: '310115', label: 'Pudong New Area', leaf: true }])
    language = 'zh-CN'
    expect(await loaded(node(2, '310100'))).toEqual([{ value: '310115', label: '浦东新区', leaf: true }])
  })

  it('falls back to the Chinese name for a region without an English one', () => {
    expect(regionLabel({ ...pudong, name_en: '' }, 'en')).toBe('浦东新区')
    expect(regionLabel({ ...pudong, name_en: '  ' }, 'en')).toBe('浦东新区')
    expect(regionLabel(pudong, 'zh-CN')).toBe('浦东新区')
  })

  it('stops the spinner and reports when a level cannot be loaded', async () => {
    const server = fakeServer()
    server.children.mockRejectedValueOnce(new Error('offline'))
    const onError = vi.fn()
    const load = regionLoader(createRegionSource(server), onError)

    await new Promise<void>((done) => load(node(0), () => {}, done))

    expect(onError).toHaveBeenCalledWith(new Error('offline'))
  })

  it('opens a stored code on its path from the province down', async () => {
    const regions = createRegionSource(fakeServer())

    expect(await pathOf(regions, '310115')).toEqual(['310000', '310100', '310115'])
    expect(await pathOf(regions, null)).toEqual([])
  })

  it('names a path with a municipality’s repeated name once', () => {
    expect(pathName([shanghai, shanghaiCity, pudong])).toBe('上海市 / 浦东新区')
    expect(pathName([{ ...shanghai, name: '广东省' }, { ...shanghaiCity, name: '广州市' }])).toBe('广东省 / 广州市')
  })

  it('names a path in English for the English UI', () => {
    expect(pathName([shanghai, shanghaiCity, pudong], 'en')).toBe('Shanghai / Pudong New Area')
    expect(pathName([shanghai, shanghaiCity, pudong], 'zh-CN')).toBe('上海市 / 浦东新区')
  })
})
