import type { paths } from './schema'

/** The API's root; every path below is relative to it. */
export const API_BASE = '/api/v1'

type WithoutPrefix<P, Prefix extends string> = {
  [K in keyof P as K extends `${Prefix}${infer Rest}` ? Rest : K]: P[K]
}

/**
 * The generated paths relative to API_BASE. Whether the server's schema spells paths with the `/api/v1`
 * prefix (a prefixed router) or without it (a mounted sub-application), call sites read the same.
 */
export type ApiPaths = WithoutPrefix<paths, typeof API_BASE>
