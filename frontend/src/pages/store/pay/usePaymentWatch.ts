import { onBeforeUnmount, ref, shallowRef } from 'vue'
import { isFinal, poll, type PollOutcome } from '@/pages/payments/polling'
import { fetchMyPayment, isGone, type Payment } from './payApi'

/**
 * Follows one payment until it is final (the result page, and the pay page while a QR code is shown): asks with a
 * growing pause, updates `payment` with each answer, and stops on leaving the page. `outcome` says how it ended:
 * final, gave up waiting (the page offers "check again"), or the payment is not there (404).
 */
export function usePaymentWatch() {
  const payment = shallowRef<Payment | null>(null)
  const watching = ref(false)
  const outcome = ref<PollOutcome<Payment>['kind'] | null>(null)
  let controller: AbortController | null = null

  function stop() {
    controller?.abort()
    controller = null
  }

  async function follow(paymentId: string): Promise<void> {
    stop()
    const mine = new AbortController()
    controller = mine
    watching.value = true
    outcome.value = null
    const result = await poll<Payment>({
      ask: () => fetchMyPayment(paymentId, mine.signal),
      done: (answer) => isFinal(answer.status),
      onValue: (answer) => {
        payment.value = answer
      },
      fatal: isGone,
      signal: mine.signal,
    })
    if (controller !== mine) return // a newer follow() took over
    watching.value = false
    outcome.value = result.kind
  }

  onBeforeUnmount(stop)
  return { payment, watching, outcome, follow, stop }
}
