import createClient from 'openapi-fetch'
import { API_BASE, type ApiPaths } from './paths'
import { createAuthFetch } from './authFetch'
import { tokenStore } from './tokens'

export { API_BASE }

type SessionListener = () => void
const expiredListeners: SessionListener[] = []
let currentLocale: () => string = () => 'zh-CN'

/** The app registers how to react when the session cannot be renewed (log out, go to /login). */
export function onSessionExpired(listener: SessionListener): void {
  expiredListeners.push(listener)
}

export function useLocaleForRequests(locale: () => string): void {
  currentLocale = locale
}

const authFetch = createAuthFetch({
  baseUrl: API_BASE,
  tokens: tokenStore,
  locale: () => currentLocale(),
  onSessionExpired: () => expiredListeners.forEach((listener) => listener()),
})

/** The typed API client: every call is checked against the generated OpenAPI paths. */
export const api = createClient<ApiPaths>({ baseUrl: API_BASE, fetch: authFetch })

/** A new access token (and the user) from the session cookie; null when there is no live session. */
export const renewSession = authFetch.renew
