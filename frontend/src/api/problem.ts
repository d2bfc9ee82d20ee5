/** RFC 9457 problem details as the API sends them, plus the stable `code` and field errors. */
export interface FieldError {
  field: string
  message: string
  code?: string
}

export interface ProblemBody {
  type?: string
  title?: string
  status?: number
  detail?: string
  code?: string
  errors?: FieldError[]
  /** Seconds to wait before trying again (429). */
  retry_after?: number
}

export class ApiProblem extends Error {
  readonly status: number
  readonly code: string | undefined
  readonly detail: string | undefined
  readonly fieldErrors: FieldError[]
  readonly retryAfter: number | undefined
  /** The whole body, for the extra members some problems carry (`sku_id` of `sku.has_stock`). */
  readonly body: ProblemBody & Record<string, unknown>

  constructor(status: number, body: ProblemBody | undefined, retryAfterHeader?: string | null) {
    super(body?.detail || body?.title || `HTTP ${status}`)
    this.name = 'ApiProblem'
    this.status = status
    this.code = body?.code
    this.detail = body?.detail
    this.fieldErrors = Array.isArray(body?.errors) ? body.errors : []
    this.body = (body ?? {}) as ProblemBody & Record<string, unknown>
    const retryAfter = body?.retry_after ?? Number(retryAfterHeader ?? Number.NaN)
    this.retryAfter = Number.isFinite(retryAfter) ? retryAfter : undefined
  }

  /** Field errors keyed by the last segment of the field path (`body.email` → `email`). */
  byField(): Record<string, string> {
    const result: Record<string, string> = {}
    for (const error of this.fieldErrors) {
      const key = String(error.field ?? '').split('.').pop() ?? ''
      if (key && !result[key]) result[key] = error.message
    }
    return result
  }
}

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Turns an openapi-fetch result into its data, or throws an ApiProblem. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call
  if (!response.ok) {
    throw new ApiProblem(response.status, asProblem(error), response.headers.get('Retry-After'))
  }
  return data as T
}

function asProblem(error: unknown): ProblemBody | undefined {
  if (error && typeof error === 'object') return error as ProblemBody
  if (typeof error === 'string' && error) return { detail: error }
  return undefined
}
