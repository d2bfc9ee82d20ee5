import { api } from '@/api/client'
import { unwrap } from '@/api/problem'
import { createRegionSource } from './regionSource'

/** One region source for the whole page: the tree is static, so every cascader and label shares what was loaded. */
export const regions = createRegionSource({
  children: (parent) => unwrap(api.GET('/regions', { params: { query: { parent } } })),
  path: (code) => unwrap(api.GET('/regions/{code}', { params: { path: { code } } })),
})
