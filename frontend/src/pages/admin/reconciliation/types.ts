/** Names for the reconciliation API's shapes, read off the generated paths (see src/api/types.ts for why). */
import type { ApiPaths as paths } from '@/api/paths'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never

export type Reconciliation = Json<paths['/reconciliations/{run_id}']['get']['responses'][200]>
export type Mismatch = Json<paths['/reconciliations/{run_id}/mismatches']['get']['responses'][200]>['items'][number]
export type MismatchKind = Mismatch['kind']
