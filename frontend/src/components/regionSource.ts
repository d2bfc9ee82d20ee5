import type { CascaderNode, CascaderOption, LazyLoad } from 'element-plus'

/** One node of the region tree, as `GET /regions` answers (GB/T 2260 code, Chinese and English names). */
export interface Region {
  code: string
  name: string
  /** Made from the Chinese name when the server's data set is built: Guangdong, Shenzhen, Nanshan District. */
  name_en: string
  level: number
  /** Nothing below it: where an address must point (a district, or a city without districts such as 东莞市). */
  leaf: boolean
}

export interface RegionReads {
  children(parent?: string): Promise<Region[]>
  path(code: string): Promise<Region[]>
}

/**
 * The static region tree, each level asked for once per page load and shared by every cascader on the page (the
 * address form, checkout, the warehouse form); a failed read is forgotten so the next opening tries again.
 */
export function createRegionSource(reads: RegionReads): RegionReads {
  const children = new Map<string, Promise<Region[]>>()
  const paths = new Map<string, Promise<Region[]>>()
  function once(cache: Map<string, Promise<Region[]>>, key: string, read: () => Promise<Region[]>): Promise<Region[]> {
    let answer = cache.get(key)
    if (!answer) {
      answer = read().catch((error: unknown) => {
        cache.delete(key)
        throw error
      })
      cache.set(key, answer)
    }
    return answer
  }
  return {
    children: (parent) => once(children, parent ?? '', () => reads.children(parent)),
    path: (code) => once(paths, code, () => reads.path(code)),
  }
}

/**
 * A region as the UI language names it: the English name in English (the Chinese one if a region had none), the
 * Chinese name otherwise. Only for showing the tree: an address stores the Chinese names, which couriers read.
 */
export function regionLabel(region: Region, locale: string): string {
  return (locale === 'en' && region.name_en?.trim()) || region.name
}

/** The cascader's lazy loader: the provinces at the root, then each chosen region's children, named in `locale()`. */
export function regionLoader(source: RegionReads, onError: (error: unknown) => void, locale: () => string = () => 'zh-CN'): LazyLoad {
  return (node: CascaderNode, resolve, reject) => {
    const parent = node.level === 0 ? undefined : String(node.value)
    source.children(parent).then(
      (regions) => resolve(regions.map((region) => toOption(region, locale()))),
      (error: unknown) => {
        reject()
        onError(error)
      },
    )
  }
}

function toOption(region: Region, locale: string): CascaderOption {
  return { value: region.code, label: regionLabel(region, locale), leaf: region.leaf }
}

/** The codes from the province down that a cascader holds for a stored code; [] for an unknown one. */
export async function pathOf(source: RegionReads, code: string | null | undefined): Promise<string[]> {
  if (!code) return []
  return (await source.path(code)).map((region) => region.code)
}

/**
 * Names from the province down in the UI language, a municipality's repeated name once: 北京市 / 朝阳区,
 * Guangdong / Guangzhou / Tianhe District.
 */
export function pathName(path: Region[], locale = 'zh-CN'): string {
  return path
    .map((region) => regionLabel(region, locale))
    .filter((name, i, names) => i === 0 || name !== names[i - 1])
    .join(' / ')
}
