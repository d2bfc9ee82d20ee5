/** Names for the payment-method and bank-transfer API shapes, read off the generated paths. */
import type { ApiPaths as paths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type MethodSetting = Json<paths['/payment-methods/settings']['get']['responses'][200]>[number]
export type MethodSettingBody = NonNullable<
  paths['/payment-methods/settings/{method}']['put']['requestBody']
>['content']['application/json']
export type PaymentMethod = MethodSetting['method']
export type BankTransfer = Json<paths['/bank-transfers']['get']['responses'][200]>['items'][number]
export type TransferStatus = 'pending' | 'processing' | 'succeeded' | 'failed' | 'expired'
