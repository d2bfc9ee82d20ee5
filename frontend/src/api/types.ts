/**
 * Names for the API's shapes, read off the generated paths rather than schema names so that renaming a
 * pydantic model on the server does not ripple through the SPA.
 */
import type { ApiPaths as paths } from './paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never
type Body<Op> = Op extends { requestBody?: { content: { 'application/json': infer T } } } ? T : never

export type Me = Json<paths['/me']['get']['responses'][200]>
export type TokenPair = Json<paths['/auth/login']['post']['responses'][200]>
export type Address = Json<paths['/me/addresses']['get']['responses'][200]>[number]
export type AddressInput = Body<paths['/me/addresses']['post']>
export type Notification = Json<paths['/me/notifications']['get']['responses'][200]>['items'][number]
export type User = Json<paths['/users']['get']['responses'][200]>['items'][number]
export type UserCreate = Body<paths['/users']['post']>
export type Role = Json<paths['/roles']['get']['responses'][200]>[number]
export type Permission = Json<paths['/permissions']['get']['responses'][200]>[number]
export type AuditEntry = Json<paths['/audit-log']['get']['responses'][200]>['items'][number]
export type OAuthProvider = 'wechat' | 'alipay'
export type Customer = Json<paths['/customers']['get']['responses'][200]>['items'][number]
export type CustomerDetail = Json<paths['/customers/{customer_id}']['get']['responses'][200]>
export type CustomerNote = Json<paths['/customers/{customer_id}/notes']['get']['responses'][200]>[number]
export type CustomerTag = Json<paths['/customers/tags']['get']['responses'][200]>[number]
export type SearchGroup = Json<paths['/search']['get']['responses'][200]>['groups'][number]
