/** Where the session's tokens live between page loads. */
const ACCESS_KEY = 'allorder.access_token'
const REFRESH_KEY = 'allorder.refresh_token'

export interface StoredTokens {
  accessToken: string | null
  refreshToken: string | null
}

export const tokenStore = {
  get(): StoredTokens {
    return {
      accessToken: localStorage.getItem(ACCESS_KEY),
      refreshToken: localStorage.getItem(REFRESH_KEY),
    }
  },
  set(accessToken: string, refreshToken: string): void {
    localStorage.setItem(ACCESS_KEY, accessToken)
    localStorage.setItem(REFRESH_KEY, refreshToken)
  },
  clear(): void {
    localStorage.removeItem(ACCESS_KEY)
    localStorage.removeItem(REFRESH_KEY)
  },
}

export type TokenStore = typeof tokenStore
