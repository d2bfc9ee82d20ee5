import { beforeEach, describe, expect, it, vi } from 'vitest'
import createClient from 'openapi-fetch'
import { createAuthFetch } from '@/api/authFetch'
import type { ApiPaths } from '@/api/paths'
import { tokenStore } from '@/api/tokens'

const BASE = 'http://shop.test/api/v1'

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const me = { id: 'u1', display_name: 'Ada', roles: [], permissions: [], is_staff: false }
const pair = (access: string) => ({
  access_token: access,
  refresh_token: null,
  token_type: 'bearer',
  expires_in: 900,
  user: me,
})

/** The session cookie's readable CSRF twin, as the server sets it at sign-in. */
function signedInBefore(csrf: string): void {
  document.cookie = `allorder_csrf=${csrf}; path=/`
}

/** A fake server: /me accepts only the token `fresh`, /auth/refresh renews the session whose CSRF token is `c1`. */
function fakeServer(options: { refreshWorks: boolean }) {
  const calls: { url: string; auth: string | null; body?: string; csrf: string | null }[] = []
  const fetch = vi.fn(async (request: Request) => {
    const body = request.method === 'GET' ? undefined : await request.clone().text()
    const csrf = request.headers.get('X-CSRF-Token')
    calls.push({ url: new URL(request.url).pathname, auth: request.headers.get('Authorization'), body, csrf })
    const path = new URL(request.url).pathname
    if (path.endsWith('/auth/refresh')) {
      return options.refreshWorks && csrf === 'c1'
        ? json(200, pair('fresh'))
        : json(401, { status: 401, code: 'auth.invalid_token', detail: 'expired' })
    }
    if (path.endsWith('/auth/login')) return json(401, { status: 401, code: 'auth.invalid_credentials', detail: 'wrong' })
    if (request.headers.get('Authorization') === 'Bearer fresh') return json(200, me)
    return json(401, { status: 401, code: 'auth.token_expired', detail: 'expired' })
  })
  return { fetch, calls }
}

function clientWith(fetch: (request: Request) => Promise<Response>, onSessionExpired = vi.fn()) {
  const authFetch = createAuthFetch({
    baseUrl: '/api/v1',
    tokens: tokenStore,
    onSessionExpired,
    locale: () => 'en',
    fetch,
  })
  return { api: createClient<ApiPaths>({ baseUrl: BASE, fetch: authFetch }), onSessionExpired }
}

describe('API client session renewal', () => {
  beforeEach(() => {
    tokenStore.clear()
    document.cookie = 'allorder_csrf=; path=/; max-age=0'
  })

  it('sends the bearer token and the UI language', async () => {
    tokenStore.set('fresh')
    const server = fakeServer({ refreshWorks: true })
    const { api } = clientWith(server.fetch)

    const { data } = await api.GET('/me')

    expect(data?.display_name).toBe('Ada')
    expect(server.calls).toHaveLength(1)
    expect(server.calls[0].auth).toBe('Bearer fresh')
    expect(server.fetch.mock.calls[0][0].headers.get('Accept-Language')).toBe('en')
  })

  it('refreshes once on a 401 and replays the request with the new token', async () => {
    tokenStore.set('stale')
    signedInBefore('c1')
    const server = fakeServer({ refreshWorks: true })
    const { api, onSessionExpired } = clientWith(server.fetch)

    const { data, response } = await api.GET('/me')

    expect(response.status).toBe(200)
    expect(data?.display_name).toBe('Ada')
    expect(server.calls.map((call) => call.url)).toEqual(['/api/v1/me', '/api/v1/auth/refresh', '/api/v1/me'])
    expect(server.calls[2].auth).toBe('Bearer fresh')
    expect(server.calls[1]).toMatchObject({ csrf: 'c1', body: '{}', auth: null }) // the cookie, never a token
    expect(tokenStore.get()).toBe('fresh')
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('replays a request with a body after refreshing', async () => {
    tokenStore.set('stale')
    signedInBefore('c1')
    const fetch = vi.fn(async (request: Request) => {
      if (request.url.endsWith('/auth/refresh')) return json(200, pair('fresh'))
      if (request.headers.get('Authorization') !== 'Bearer fresh') return json(401, { status: 401 })
      return json(200, { ...me, display_name: JSON.parse(await request.text()).display_name })
    })
    const { api } = clientWith(fetch)

    const { data } = await api.PATCH('/me', { body: { display_name: 'Grace' } })

    expect(data?.display_name).toBe('Grace')
  })

  it('shares one refresh between requests that fail together', async () => {
    tokenStore.set('stale')
    signedInBefore('c1')
    const server = fakeServer({ refreshWorks: true })
    const { api } = clientWith(server.fetch)

    const results = await Promise.all([api.GET('/me'), api.GET('/me'), api.GET('/me')])

    expect(results.every((result) => result.response.status === 200)).toBe(true)
    expect(server.calls.filter((call) => call.url.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('logs out when the refresh token is refused', async () => {
    tokenStore.set('stale')
    signedInBefore('revoked')
    const server = fakeServer({ refreshWorks: true })
    const { api, onSessionExpired } = clientWith(server.fetch)

    const { error, response } = await api.GET('/me')

    expect(response.status).toBe(401)
    expect(error).toMatchObject({ code: 'auth.token_expired' })
    expect(onSessionExpired).toHaveBeenCalledTimes(1)
    expect(tokenStore.get()).toBeNull()
    expect(server.calls.filter((call) => call.url.endsWith('/me'))).toHaveLength(1)
  })

  it('does not try to refresh when a sign-in is refused', async () => {
    tokenStore.set('stale')
    signedInBefore('c1')
    const server = fakeServer({ refreshWorks: true })
    const { api, onSessionExpired } = clientWith(server.fetch)

    const { error } = await api.POST('/auth/login', { body: { login: 'a@b.c', password: 'nope' } })

    expect(error).toMatchObject({ code: 'auth.invalid_credentials' })
    expect(server.calls.map((call) => call.url)).toEqual(['/api/v1/auth/login'])
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('leaves an anonymous 401 alone', async () => {
    const server = fakeServer({ refreshWorks: true })
    const { api, onSessionExpired } = clientWith(server.fetch)

    const { response } = await api.GET('/me')

    expect(response.status).toBe(401)
    expect(server.calls).toHaveLength(1)
    expect(server.calls[0].auth).toBeNull()
    expect(onSessionExpired).not.toHaveBeenCalled()
  })

  it('asks for the session in a cookie when signing in, and sends no CSRF token elsewhere', async () => {
    signedInBefore('c1')
    const server = fakeServer({ refreshWorks: true })
    const { api } = clientWith(server.fetch)

    await api.POST('/auth/login', { body: { login: 'a@b.c', password: 'nope' } })

    const sent = server.fetch.mock.calls[0][0]
    expect(sent.headers.get('X-Session-Transport')).toBe('cookie')
    expect(sent.headers.get('X-CSRF-Token')).toBeNull()
  })

  it('renews from the cookie on a page load and keeps the token in memory only', async () => {
    signedInBefore('c1')
    const server = fakeServer({ refreshWorks: true })
    const authFetch = createAuthFetch({ baseUrl: '/api/v1', tokens: tokenStore, onSessionExpired: vi.fn(), fetch: server.fetch })

    const renewed = await authFetch.renew()

    expect(renewed?.access_token).toBe('fresh')
    expect(tokenStore.get()).toBe('fresh')
    expect(localStorage.length + sessionStorage.length).toBe(0)
  })

  it('does not call the server to renew when no sign-in left a cookie', async () => {
    const server = fakeServer({ refreshWorks: true })
    const authFetch = createAuthFetch({ baseUrl: '/api/v1', tokens: tokenStore, onSessionExpired: vi.fn(), fetch: server.fetch })

    expect(await authFetch.renew()).toBeNull()
    expect(server.calls).toHaveLength(0)
  })
})
