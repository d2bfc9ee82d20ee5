import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiProblem } from '@/api/problem'

/**
 * How the edit and split dialogs send their change: busy while it runs, the server's refusal shown in the
 * dialog, and `onConflict` told when the order moved on meanwhile (409), so the page reloads it.
 */
export function useOrderChange(onConflict: () => void) {
  const { t } = useI18n()
  const busy = ref(false)
  const problem = ref('')

  async function send(change: () => Promise<void>) {
    busy.value = true
    problem.value = ''
    try {
      await change()
    } catch (error) {
      problem.value = error instanceof ApiProblem ? error.detail || error.message : t('errors.network')
      if (error instanceof ApiProblem && error.status === 409) onConflict()
    } finally {
      busy.value = false
    }
  }

  return { busy, problem, send }
}
