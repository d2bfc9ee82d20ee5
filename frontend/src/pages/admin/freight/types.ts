/** Names for the freight API's shapes, read off the generated paths (see src/api/types.ts for why). */
import type { ApiPaths as paths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type FreightTemplate = Json<paths['/freight/templates']['get']['responses'][200]>['items'][number]
export type TemplateBody = NonNullable<paths['/freight/templates']['post']['requestBody']>['content']['application/json']
export type FreightQuote = Json<paths['/freight/quote']['post']['responses'][200]>
export type Basis = FreightTemplate['basis']
