/**
 * The session's access token, kept in memory only: nothing of the session is in localStorage or sessionStorage,
 * where any script on the page could read it. The refresh token lives in an HttpOnly cookie that script cannot
 * read at all; a page load trades it for a new access token (see `renew` in authFetch.ts).
 */
let accessToken: string | null = null

/** The readable twin of the refresh cookie: its value must be echoed in `X-CSRF-Token` (api/session_cookies.py). */
export const CSRF_COOKIE = 'allorder_csrf'

export const tokenStore = {
  get(): string | null {
    return accessToken
  },
  set(token: string): void {
    accessToken = token
  },
  clear(): void {
    accessToken = null
  },
  /** The CSRF token of the session cookie, when the browser holds one from a sign-in on this site. */
  csrf(): string | null {
    if (typeof document === 'undefined') return null
    for (const part of document.cookie.split(';')) {
      const [name, ...value] = part.trim().split('=')
      if (name === CSRF_COOKIE && value.length) return decodeURIComponent(value.join('='))
    }
    return null
  },
}

export type TokenStore = typeof tokenStore
