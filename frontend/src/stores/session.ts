import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, renewSession } from '@/api/client'
import { unwrap } from '@/api/problem'
import { tokenStore } from '@/api/tokens'
import type { Me, OAuthProvider, TokenPair } from '@/api/types'
import { can } from '@/access/permissions'
import { currentLocale, normalizeLocale, serverLocale, setLocale, storedLocale, type AppLocale } from '@/i18n'

/** Who is signed in, and the ways to sign in and out. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  let loading: Promise<void> | null = null

  const isAuthenticated = computed(() => me.value !== null)
  const isStaff = computed(() => me.value?.is_staff === true)
  const permissions = computed<readonly string[]>(() => me.value?.permissions ?? [])
  /** Where a user lands after signing in when no `next` was asked for. */
  const homePath = computed(() => (isStaff.value ? '/admin' : '/'))

  function allows(wanted: string | readonly string[]): boolean {
    return can(permissions.value, wanted)
  }

  /** Once per page load, trades the session cookie of an earlier sign-in for an access token and the user. */
  function bootstrap(): Promise<void> {
    if (me.value || !tokenStore.csrf()) return Promise.resolve()
    loading ??= renewSession()
      .then((pair) => (pair ? void accept(pair) : forget()))
      .catch(() => forget())
      .finally(() => {
        loading = null
      })
    return loading
  }

  async function refreshMe(): Promise<void> {
    me.value = await unwrap(api.GET('/me'))
  }

  function accept(pair: TokenPair): Me {
    tokenStore.set(pair.access_token) // the refresh token stays in its HttpOnly cookie
    me.value = pair.user
    followDeviceChoice()
    return pair.user
  }

  /** An explicit choice on this device wins over the profile's locale, and becomes the profile's: the server
   * answers, mails and texts a signed-in user in the profile's language. Without one, the profile's applies. */
  function followDeviceChoice(): void {
    const chosen = storedLocale()
    const preferred = normalizeLocale(me.value?.locale)
    if (!chosen && preferred) setLocale(preferred)
    if (chosen && chosen !== preferred) void adoptLocale(chosen)
  }

  async function adoptLocale(locale: AppLocale): Promise<void> {
    const { data } = await api.PATCH('/me', { body: { locale: serverLocale(locale) } }).catch(() => ({ data: undefined }))
    if (data && me.value?.id === data.id) me.value = data
  }

  async function login(login: string, password: string): Promise<Me> {
    return accept(await unwrap(api.POST('/auth/login', { body: { login, password } })))
  }

  async function loginWithSms(phone: string, code: string): Promise<Me> {
    return accept(await unwrap(api.POST('/auth/login/sms', { body: { phone, code } })))
  }

  /** Starts a sign-up by e-mail; the server answers alike whether or not the address is taken. */
  async function startSignUp(email: string): Promise<void> {
    const body = { email, display_name: '', locale: serverLocale(currentLocale()) }
    await unwrap(api.POST('/auth/register', { body }))
  }

  /** Finishes an e-mail sign-up from its link, with the password chosen there, and signs in. */
  async function completeSignUp(token: string, password: string, displayName: string): Promise<Me> {
    const body = { token, password, display_name: displayName, locale: serverLocale(currentLocale()) }
    return accept(await unwrap(api.POST('/auth/register/complete', { body })))
  }

  /** Signs up by phone with its texted code, and signs in. */
  async function registerByPhone(fields: {
    phone: string
    sms_code: string
    password: string
    display_name?: string
  }): Promise<Me> {
    const body = { ...fields, display_name: fields.display_name ?? '', locale: serverLocale(currentLocale()) }
    const pair = await unwrap(api.POST('/auth/register', { body }))
    if (!('access_token' in pair)) throw new Error('A phone sign-up answers with a session')
    return accept(pair)
  }

  async function completeOAuth(provider: OAuthProvider, code: string, state: string, redirectUri: string): Promise<Me> {
    const pair = await unwrap(
      api.POST('/auth/oauth/{provider}/callback', {
        params: { path: { provider } },
        body: { code, state, redirect_uri: redirectUri },
      }),
    )
    return accept(pair)
  }

  async function logout(): Promise<void> {
    if (tokenStore.csrf()) {
      // Revoking is best effort: the local session ends whatever the server says. The server clears the cookies.
      await api.POST('/auth/logout', { body: { everywhere: false } }).catch(() => undefined)
    }
    forget()
  }

  /** Drops the local session without telling the server (used when the server already refused it). */
  function forget(): void {
    tokenStore.clear()
    me.value = null
  }

  function replaceMe(updated: Me): void {
    me.value = updated
  }

  return {
    me,
    isAuthenticated,
    isStaff,
    permissions,
    homePath,
    allows,
    bootstrap,
    refreshMe,
    login,
    loginWithSms,
    startSignUp,
    completeSignUp,
    registerByPhone,
    completeOAuth,
    logout,
    forget,
    replaceMe,
  }
})
