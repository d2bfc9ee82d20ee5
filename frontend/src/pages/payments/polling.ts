/**
 * Waiting for a payment's outcome without a busy loop: ask, then wait longer each time (1 s, 1.5 s, 2.25 s … up to
 * 10 s between asks), and give up after a while (3 minutes by default): the page then offers "check again". A
 * failed ask (a network blip) counts as an ask and the waiting goes on; one the caller calls fatal (a 404) stops.
 */

export interface Backoff {
  /** The first wait, in ms. */
  first: number
  /** Each wait is the last one times this. */
  factor: number
  /** No wait is longer than this, in ms. */
  max: number
  /** Stop once this much time (ms) has been spent waiting in all. */
  budget: number
}

export const DEFAULT_BACKOFF: Backoff = { first: 1000, factor: 1.5, max: 10_000, budget: 180_000 }

/** The wait before ask number `attempt + 1` (attempt counts from 0). */
export function delayAfter(attempt: number, backoff: Backoff = DEFAULT_BACKOFF): number {
  return Math.min(backoff.max, Math.round(backoff.first * backoff.factor ** attempt))
}

export type PollOutcome<T> =
  | { kind: 'done'; value: T }
  /** The budget ran out; `value` is the last answer, if any. */
  | { kind: 'gave_up'; value: T | null }
  | { kind: 'aborted'; value: T | null }
  | { kind: 'failed'; error: unknown; value: T | null }

export interface PollOptions<T> {
  ask: () => Promise<T>
  /** True once the answer is final. */
  done: (value: T) => boolean
  /** Each answer as it comes (the page shows the latest). */
  onValue?: (value: T) => void
  /** True for an error that no waiting will mend. */
  fatal?: (error: unknown) => boolean
  backoff?: Backoff
  signal?: AbortSignal
  /** Waits `ms` (tests pass a fake clock); resolves early when the signal aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  })
}

export async function poll<T>(options: PollOptions<T>): Promise<PollOutcome<T>> {
  const backoff = options.backoff ?? DEFAULT_BACKOFF
  const wait = options.sleep ?? sleep
  let last: T | null = null
  let waited = 0
  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) return { kind: 'aborted', value: last }
    try {
      const value = await options.ask()
      last = value
      if (options.signal?.aborted) return { kind: 'aborted', value }
      options.onValue?.(value)
      if (options.done(value)) return { kind: 'done', value }
    } catch (error) {
      if (options.signal?.aborted) return { kind: 'aborted', value: last }
      if (options.fatal?.(error)) return { kind: 'failed', error, value: last }
    }
    const pause = delayAfter(attempt, backoff)
    if (waited + pause > backoff.budget) return { kind: 'gave_up', value: last }
    waited += pause
    await wait(pause, options.signal)
  }
}

/** A payment is final once it succeeded, failed or expired. */
export const FINAL_STATUSES = ['succeeded', 'failed', 'expired'] as const

export function isFinal(status: string): boolean {
  return (FINAL_STATUSES as readonly string[]).includes(status)
}
