import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api } from '@/api/client'
import type { ApiPaths as paths } from '@/api/paths'
import { unwrap } from '@/api/problem'
import { useSessionStore } from '@/stores/session'
import { guestToken } from './cartLogic'

type Json<R> = R extends { content: { 'application/json': infer T } } ? T : never
export type Cart = Json<paths['/cart']['get']['responses'][200]>
export type CartLine = Cart['lines'][number]

/**
 * The shopper's cart, shared by the header's badge, the cart page and the product page. A guest's cart travels
 * on its token (X-Cart-Token); once someone is signed in, the first read merges that guest cart into theirs.
 */
export const useCartStore = defineStore('cart', () => {
  const session = useSessionStore()
  const cart = ref<Cart | null>(null)
  const lineCount = computed(() => cart.value?.line_count ?? 0)
  let loading: Promise<Cart> | null = null

  /** The guest token to send, only while nobody is signed in (a signed-in caller works on their own cart). */
  function header(): { 'X-Cart-Token'?: string } {
    const token = guestToken.get()
    return !session.me && token ? { 'X-Cart-Token': token } : {}
  }

  function keep(answer: Cart): Cart {
    if (answer.guest_token) guestToken.set(answer.guest_token)
    cart.value = answer
    return answer
  }

  async function load(): Promise<Cart> {
    const token = guestToken.get()
    if (session.me && token) {
      // after sign-in: the guest cart joins the customer's (idempotent, so a retry or a second tab is harmless)
      const merged = await unwrap(api.POST('/cart/merge', { params: { header: { 'X-Cart-Token': token } } }))
      guestToken.clear()
      return keep(merged)
    }
    return keep(await unwrap(api.GET('/cart', { params: { header: header() } })))
  }

  /** Reads the cart again (re-priced by the server); concurrent callers share one request. */
  function refresh(): Promise<Cart> {
    loading ??= load().finally(() => {
      loading = null
    })
    return loading
  }

  async function add(skuId: string, quantity: number): Promise<Cart> {
    return keep(await unwrap(api.POST('/cart/lines', { params: { header: header() }, body: { sku_id: skuId, quantity } })))
  }

  async function update(skuId: string, change: { quantity?: number; selected?: boolean }): Promise<Cart> {
    const params = { header: header(), path: { sku_id: skuId } }
    return keep(await unwrap(api.PATCH('/cart/lines/{sku_id}', { params, body: change })))
  }

  async function remove(skuId: string): Promise<Cart> {
    return keep(await unwrap(api.DELETE('/cart/lines/{sku_id}', { params: { header: header(), path: { sku_id: skuId } } })))
  }

  async function selectAll(selected: boolean): Promise<Cart> {
    return keep(await unwrap(api.PATCH('/cart', { params: { header: header() }, body: { selected } })))
  }

  async function clear(): Promise<void> {
    await unwrap(api.DELETE('/cart', { params: { header: header() } }))
    await refresh()
  }

  return { cart, lineCount, refresh, add, update, remove, selectAll, clear }
})
