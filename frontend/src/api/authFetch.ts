import type { TokenStore } from './tokens'
import type { TokenPair } from './types'

export interface AuthFetchOptions {
  /** The API root, e.g. `/api/v1`; used to reach `/auth/refresh`. */
  baseUrl: string
  tokens: TokenStore
  /** Called once when the session cannot be renewed; the app logs out and goes to /login. */
  onSessionExpired: () => void
  /** Sent as Accept-Language so server messages come back in the UI's language. */
  locale?: () => string
  fetch?: (input: Request) => Promise<Response>
}

/** The fetch the typed client uses, and `renew`: a new access token from the session cookie (null: none). */
export type AuthFetch = ((input: Request) => Promise<Response>) & { renew: () => Promise<TokenPair | null> }

// Requests to these paths never trigger a refresh: their 401 means "wrong credentials", not "token expired".
const NO_REFRESH = ['/auth/login', '/auth/refresh', '/auth/register', '/auth/logout', '/auth/oauth/']
// The routes the refresh cookie is sent to; they need the CSRF token echoed.
const COOKIE_ROUTES = ['/auth/refresh', '/auth/logout']

/**
 * A fetch for openapi-fetch that adds the bearer token and, on a 401, renews the session once through
 * /auth/refresh and replays the request. Concurrent 401s share one refresh call, because the server rotates
 * refresh tokens and a second refresh with the old token would fail. Sign-ins ask for the refresh token in an
 * HttpOnly cookie (`X-Session-Transport: cookie`), so the page never sees it.
 */
export function createAuthFetch(options: AuthFetchOptions): AuthFetch {
  const baseFetch = options.fetch ?? ((input: Request) => globalThis.fetch(input))
  let refreshing: Promise<TokenPair | null> | null = null

  function withHeaders(request: Request, accessToken: string | null): Request {
    const headers = new Headers(request.headers)
    if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`)
    const locale = options.locale?.()
    if (locale && !headers.has('Accept-Language')) headers.set('Accept-Language', locale)
    const path = relativePath(request.url, options.baseUrl)
    if (path.startsWith('/auth/')) headers.set('X-Session-Transport', 'cookie')
    const csrf = options.tokens.csrf()
    if (csrf && COOKIE_ROUTES.some((route) => path.startsWith(route))) headers.set('X-CSRF-Token', csrf)
    return new Request(request, { headers, credentials: 'same-origin' })
  }

  // Tabs share the cookie, and each refresh token works once: two tabs loading at once would both present it, and
  // the second would look like a stolen copy and end the session everywhere. A lock across the site's tabs lets
  // one refresh at a time; the next then sends the cookie the first one left.
  async function refresh(): Promise<TokenPair | null> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
    return locks ? await locks.request('allorder.session-refresh', () => refreshNow()) : refreshNow()
  }

  async function refreshNow(): Promise<TokenPair | null> {
    if (!options.tokens.csrf()) return null // no session cookie from an earlier sign-in
    try {
      const request = new Request(absolute(`${options.baseUrl}/auth/refresh`), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: '{}', // no token: the cookie carries it
      })
      const response = await baseFetch(withHeaders(request, null))
      if (!response.ok) return null
      const pair = (await response.json()) as TokenPair
      options.tokens.set(pair.access_token)
      return pair
    } catch {
      return null
    }
  }

  function renew(): Promise<TokenPair | null> {
    refreshing ??= refresh().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  async function authFetch(request: Request): Promise<Response> {
    const accessToken = options.tokens.get()
    const replay = request.clone()
    const response = await baseFetch(withHeaders(request, accessToken))
    if (response.status !== 401 || !accessToken || isExempt(request.url, options.baseUrl)) {
      return response
    }
    // Another request may already have renewed the token while this one was in flight.
    const current = options.tokens.get()
    if (current === null) return response
    const renewed = current !== accessToken ? true : (await renew()) !== null
    if (!renewed) {
      options.tokens.clear()
      options.onSessionExpired()
      return response
    }
    return baseFetch(withHeaders(replay, options.tokens.get()))
  }

  return Object.assign(authFetch, { renew })
}

function relativePath(url: string, baseUrl: string): string {
  const path = new URL(url, 'http://localhost').pathname
  return path.startsWith(baseUrl) ? path.slice(baseUrl.length) : path
}

function isExempt(url: string, baseUrl: string): boolean {
  const relative = relativePath(url, baseUrl)
  return NO_REFRESH.some((prefix) => relative.startsWith(prefix))
}

function absolute(url: string): string {
  return typeof location === 'undefined' ? url : new URL(url, location.origin).toString()
}
