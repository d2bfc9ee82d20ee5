import { computed, onBeforeUnmount, ref } from 'vue'

/** A seconds countdown for "resend code" buttons. */
export function useCountdown() {
  const remaining = ref(0)
  let timer: ReturnType<typeof setInterval> | null = null

  function stop() {
    if (timer) clearInterval(timer)
    timer = null
  }

  function start(seconds: number) {
    stop()
    remaining.value = Math.max(0, Math.round(seconds))
    if (remaining.value === 0) return
    timer = setInterval(() => {
      remaining.value -= 1
      if (remaining.value <= 0) {
        remaining.value = 0
        stop()
      }
    }, 1000)
  }

  onBeforeUnmount(stop)
  return { remaining, running: computed(() => remaining.value > 0), start }
}
