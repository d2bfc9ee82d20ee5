import { describe, expect, it } from 'vitest'
import { DEFAULT_BACKOFF, delayAfter, isFinal, poll } from '@/pages/payments/polling'
import { startAction } from '@/pages/payments/start'
import { refundAmountProblem, refundableOf } from '@/pages/admin/payments/refundRules'

/** A clock the poller sleeps on: records each pause and returns at once (no real waiting in a test). */
function fakeSleep() {
  const pauses: number[] = []
  return { pauses, sleep: async (ms: number) => void pauses.push(ms) }
}

describe('waiting for a payment', () => {
  it('asks again after pauses that grow by half each time, up to ten seconds', () => {
    expect([0, 1, 2, 3].map((n) => delayAfter(n))).toEqual([1000, 1500, 2250, 3375])
    expect(delayAfter(20)).toBe(10_000)
  })

  it('stops at the first final answer and reports every answer on the way', async () => {
    const answers = ['pending', 'processing', 'succeeded', 'never asked']
    const seen: string[] = []
    const clock = fakeSleep()
    const outcome = await poll({
      ask: async () => answers.shift()!,
      done: isFinal,
      onValue: (status) => seen.push(status),
      sleep: clock.sleep,
    })
    expect(outcome).toEqual({ kind: 'done', value: 'succeeded' })
    expect(seen).toEqual(['pending', 'processing', 'succeeded'])
    expect(clock.pauses).toEqual([1000, 1500])
  })

  it('gives up once its time budget is spent, with the last answer', async () => {
    const clock = fakeSleep()
    let asked = 0
    const outcome = await poll({
      ask: async () => ++asked,
      done: () => false,
      backoff: { ...DEFAULT_BACKOFF, budget: 10_000 },
      sleep: clock.sleep,
    })
    expect(outcome.kind).toBe('gave_up')
    expect(outcome.value).toBe(asked)
    expect(clock.pauses.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10_000)
    expect(clock.pauses).toEqual([1000, 1500, 2250, 3375])
  })

  it('keeps asking through a passing failure and stops on a fatal one', async () => {
    const clock = fakeSleep()
    const script: Array<() => string> = [
      () => {
        throw new Error('network')
      },
      () => 'processing',
      () => {
        throw new Error('gone')
      },
    ]
    const outcome = await poll({
      ask: async () => script.shift()!(),
      done: isFinal,
      fatal: (error) => (error as Error).message === 'gone',
      sleep: clock.sleep,
    })
    expect(outcome.kind).toBe('failed')
    expect(outcome.value).toBe('processing')
  })

  it('stops asking once the page is left', async () => {
    const controller = new AbortController()
    let asked = 0
    const outcome = await poll({
      ask: async () => {
        asked++
        controller.abort()
        return 'pending'
      },
      done: isFinal,
      signal: controller.signal,
      sleep: fakeSleep().sleep,
    })
    expect(outcome).toEqual({ kind: 'aborted', value: 'pending' })
    expect(asked).toBe(1)
  })
})

describe('what the pay page does with a started payment', () => {
  const started = (kind: string, url: string | null, qr: string | null, status = 'processing') => ({
    status,
    start: { kind, url, qr_code: qr },
  })

  it('goes to the provider for a redirect, draws a QR code for qr, shows transfer details for offline', () => {
    expect(startAction(started('redirect', 'https://pay.example/p?x=1', null))).toEqual({ kind: 'redirect', url: 'https://pay.example/p?x=1' })
    expect(startAction(started('qr', null, 'weixin://wxpay/bizpayurl?pr=abc'))).toEqual({ kind: 'qr', code: 'weixin://wxpay/bizpayurl?pr=abc' })
    expect(startAction(started('offline', null, null, 'pending'))).toEqual({ kind: 'offline' })
  })

  it('never follows a non-web address nor acts on a finished attempt', () => {
    expect(startAction(started('redirect', 'javascript:alert(1)', null))).toEqual({ kind: 'none' })
    expect(startAction(started('redirect', null, null))).toEqual({ kind: 'none' })
    expect(startAction(started('qr', null, null))).toEqual({ kind: 'none' })
    expect(startAction(started('redirect', 'https://pay.example/p', null, 'succeeded'))).toEqual({ kind: 'none' })
    expect(startAction({ status: 'pending', start: null })).toEqual({ kind: 'none' })
  })
})

describe('refund amounts', () => {
  const payments = [
    { id: 'a', refundable: { amount: '40.00', currency: 'CNY' } },
    { id: 'b', refundable: { amount: '9.50', currency: 'CNY' } },
  ]

  it('allows up to one payment’s refundable amount, or all of them together', () => {
    expect(refundableOf(payments, 'b')).toEqual({ amount: '9.50', currency: 'CNY' })
    expect(refundableOf(payments, null)).toEqual({ amount: '49.50', currency: 'CNY' })
    const max = refundableOf(payments, null)
    expect(refundAmountProblem('49.50', max)).toBeNull()
    expect(refundAmountProblem('49.51', max)).toBe('too_much')
    expect(refundAmountProblem('0', max)).toBe('invalid')
    expect(refundAmountProblem('1.234', max)).toBe('invalid')
    expect(refundAmountProblem('-1', max)).toBe('invalid')
  })
})
