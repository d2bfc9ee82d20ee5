import { describe, expect, it } from 'vitest'
import { ApiProblem, unwrap } from '@/api/problem'

describe('problem+json errors', () => {
  it('become an ApiProblem carrying detail, code and field errors keyed by field name', async () => {
    const response = new Response(null, { status: 422 })
    const body = {
      status: 422,
      detail: 'Some fields are not valid',
      code: 'validation_error',
      errors: [{ field: 'body.email', message: 'not an e-mail address', code: 'value_error' }],
    }

    const failure = await unwrap(Promise.resolve({ error: body, response })).catch((error: unknown) => error)

    expect(failure).toBeInstanceOf(ApiProblem)
    const problem = failure as ApiProblem
    expect(problem.detail).toBe('Some fields are not valid')
    expect(problem.code).toBe('validation_error')
    expect(problem.byField()).toEqual({ email: 'not an e-mail address' })
  })

  it('say how long to wait when rate limited', async () => {
    const response = new Response(null, { status: 429, headers: { 'Retry-After': '42' } })

    const failure = (await unwrap(Promise.resolve({ error: { status: 429 }, response })).catch((error) => error)) as ApiProblem

    expect(failure.retryAfter).toBe(42)
  })

  it('hand back the data of a successful call', async () => {
    const data = await unwrap(Promise.resolve({ data: { count: 3 }, response: new Response(null, { status: 200 }) }))
    expect(data).toEqual({ count: 3 })
  })
})
