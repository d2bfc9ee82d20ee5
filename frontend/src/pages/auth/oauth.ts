import type { OAuthProvider } from '@/api/types'

const STATE_KEY = 'allorder.oauth'

/** The address the provider sends the browser back to; the server checks it against the one it signed. */
export function oauthRedirectUri(provider: OAuthProvider): string {
  return `${window.location.origin}/oauth/callback/${provider}`
}

interface PendingOAuth {
  provider: OAuthProvider
  state: string
  next: string | null
}

/** Kept for the tab's lifetime so the callback can check the state came from this browser. */
export function rememberOAuthState(provider: OAuthProvider, state: string, next: unknown): void {
  const pending: PendingOAuth = { provider, state, next: typeof next === 'string' ? next : null }
  sessionStorage.setItem(STATE_KEY, JSON.stringify(pending))
}

export function takeOAuthState(): PendingOAuth | null {
  const raw = sessionStorage.getItem(STATE_KEY)
  sessionStorage.removeItem(STATE_KEY)
  if (!raw) return null
  try {
    return JSON.parse(raw) as PendingOAuth
  } catch {
    return null
  }
}
