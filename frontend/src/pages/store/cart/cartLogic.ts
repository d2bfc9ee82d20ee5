/**
 * The cart page's rules as pure functions, unit-tested without a browser: what goes to checkout, how the
 * select-all box looks, how far a line's stepper goes, which notices a line shows, and where the guest cart's
 * token is kept.
 */

/** What these rules read of a cart line (the API's CartLineOut). */
export interface CartLineLike {
  sku_id: string
  quantity: number
  selected: boolean
  unavailable: boolean
  insufficient_stock: boolean
  price_changed: boolean
  available_quantity: number
}

/** The most units a line holds (the server refuses more). */
export const MAX_LINE_QUANTITY = 99

/** Lines that go to checkout: selected and still for sale. */
export function checkoutLines<T extends CartLineLike>(lines: readonly T[]): T[] {
  return lines.filter((line) => line.selected && !line.unavailable)
}

/** The checkout page's `items` parameter: `<sku_id>:<qty>,<sku_id>:<qty>` (ORDERS.md, SPA routes). */
export function checkoutItems(lines: readonly CartLineLike[]): string {
  return checkoutLines(lines)
    .map((line) => `${line.sku_id}:${line.quantity}`)
    .join(',')
}

/** Whether checkout can start: something selected, and no selected line short of stock. */
export function canCheckout(lines: readonly CartLineLike[]): boolean {
  const chosen = checkoutLines(lines)
  return chosen.length > 0 && chosen.every((line) => !line.insufficient_stock)
}

/** The select-all box: checked when every line that can be bought is selected, indeterminate when some are. */
export function selectAllState(lines: readonly CartLineLike[]): { checked: boolean; indeterminate: boolean } {
  const buyable = lines.filter((line) => !line.unavailable)
  const selected = buyable.filter((line) => line.selected).length
  return { checked: buyable.length > 0 && selected === buyable.length, indeterminate: selected > 0 && selected < buyable.length }
}

/**
 * The stepper's upper bound: what is in stock (at most 99), but never below the quantity already there, so a
 * line that stock no longer covers can be stepped down rather than being clamped behind the shopper's back.
 */
export function stepperMax(line: CartLineLike): number {
  return Math.min(MAX_LINE_QUANTITY, Math.max(line.quantity, line.available_quantity, 1))
}

export type NoticeKind = 'unavailable' | 'insufficient_stock' | 'price_changed'

/** What changed since the line was added, the most pressing first; an unavailable line says only that. */
export function notices(line: CartLineLike): NoticeKind[] {
  if (line.unavailable) return ['unavailable']
  const found: NoticeKind[] = []
  if (line.insufficient_stock) found.push('insufficient_stock')
  if (line.price_changed) found.push('price_changed')
  return found
}

/**
 * The guest cart's token. In localStorage, unlike the session's tokens (kept in memory): a guest cart must
 * outlive the tab, and the token opens nothing but that cart, which the server merges and forgets at sign-in.
 */
export const CART_TOKEN_KEY = 'allorder.cartToken'

export const guestToken = {
  get(): string | null {
    try {
      return localStorage.getItem(CART_TOKEN_KEY)
    } catch {
      return null
    }
  },
  set(token: string): void {
    try {
      localStorage.setItem(CART_TOKEN_KEY, token)
    } catch {
      // Private mode without storage: the cart lasts as long as the page.
    }
  },
  clear(): void {
    try {
      localStorage.removeItem(CART_TOKEN_KEY)
    } catch {
      // nothing stored
    }
  },
}
