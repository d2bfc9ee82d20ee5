import type { CascaderNode, CascaderOption, LazyLoad } from 'element-plus'

/** One node of the region tree, as `GET /regions` answers (GB/T 2260 code, Chinese name). */
export interface Region {
  code: string
  name: string
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

/** The cascader's lazy loader: the provinces at the root, then each chosen region's children. */
export function regionLoader(source: RegionReads, onError: (error: unknown) => void): LazyLoad {
  return (node: CascaderNode, resolve, reject) => {
    const parent = node.level === 0 ? undefined : String(node.value)
    source.children(parent).then(
      (regions) => resolve(regions.map(toOption)),
      (error: unknown) => {
        reject()
        onError(error)
      },
    )
  }
}

function toOption(region: Region): CascaderOption {
  return { value: region.code, label: region.name, leaf: region.leaf }
}

/** The codes from the province down that a cascader holds for a stored code; [] for an unknown one. */
export async function pathOf(source: RegionReads, code: string | null | undefined): Promise<string[]> {
  if (!code) return []
  return (await source.path(code)).map((region) => region.code)
}

/** Names from the province down, a municipality's repeated name once: 北京市 / 朝阳区, 广东省 / 广州市 / 天河区. */
export function pathName(path: Region[]): string {
  return path
    .map((region) => region.name)
    .filter((name, i, names) => i === 0 || name !== names[i - 1])
    .join(' / ')
}
