import type { TokenStore } from './tokens'

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

// Requests to these paths never trigger a refresh: their 401 means "wrong credentials", not "token expired".
const NO_REFRESH = ['/auth/login', '/auth/refresh', '/auth/register', '/auth/logout', '/auth/oauth/']

/**
 * A fetch for openapi-fetch that adds the bearer token and, on a 401, renews the session once through
 * /auth/refresh and replays the request. Concurrent 401s share one refresh call, because the server rotates
 * refresh tokens and a second refresh with the old token would fail.
 */
export function createAuthFetch(options: AuthFetchOptions): (input: Request) => Promise<Response> {
  const baseFetch = options.fetch ?? ((input: Request) => globalThis.fetch(input))
  let refreshing: Promise<boolean> | null = null

  function withHeaders(request: Request, accessToken: string | null): Request {
    const headers = new Headers(request.headers)
    if (accessToken) headers.set('Authorization', `Bearer ${accessToken}`)
    const locale = options.locale?.()
    if (locale && !headers.has('Accept-Language')) headers.set('Accept-Language', locale)
    return new Request(request, { headers })
  }

  async function refresh(): Promise<boolean> {
    const { refreshToken } = options.tokens.get()
    if (!refreshToken) return false
    try {
      const response = await baseFetch(
        new Request(absolute(`${options.baseUrl}/auth/refresh`), {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
          body: JSON.stringify({ refresh_token: refreshToken }),
        }),
      )
      if (!response.ok) return false
      const pair = (await response.json()) as { access_token: string; refresh_token: string }
      options.tokens.set(pair.access_token, pair.refresh_token)
      return true
    } catch {
      return false
    }
  }

  function refreshOnce(): Promise<boolean> {
    refreshing ??= refresh().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  return async (request: Request): Promise<Response> => {
    const { accessToken } = options.tokens.get()
    const replay = request.clone()
    const response = await baseFetch(withHeaders(request, accessToken))
    if (response.status !== 401 || !accessToken || isExempt(request.url, options.baseUrl)) {
      return response
    }
    // Another request may already have renewed the token while this one was in flight.
    const current = options.tokens.get().accessToken
    if (current === null) return response
    const renewed = current !== accessToken ? true : await refreshOnce()
    if (!renewed) {
      options.tokens.clear()
      options.onSessionExpired()
      return response
    }
    return baseFetch(withHeaders(replay, options.tokens.get().accessToken))
  }
}

function isExempt(url: string, baseUrl: string): boolean {
  const path = new URL(url, 'http://localhost').pathname
  const relative = path.startsWith(baseUrl) ? path.slice(baseUrl.length) : path
  return NO_REFRESH.some((prefix) => relative.startsWith(prefix))
}

function absolute(url: string): string {
  return typeof location === 'undefined' ? url : new URL(url, location.origin).toString()
}
