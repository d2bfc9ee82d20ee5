import { ElMessage } from 'element-plus'
import { i18n } from '@/i18n'
import { ApiProblem } from './problem'

/**
 * Tells the user what went wrong: the server's `detail` (already in their language) in a message, and the
 * field errors returned for the form to show next to its fields.
 */
export function showProblem(error: unknown): Record<string, string> {
  const { t } = i18n.global
  if (error instanceof ApiProblem) {
    const message = error.detail || error.message || t('errors.generic')
    ElMessage.error({ message, grouping: true })
    return error.byField()
  }
  ElMessage.error({ message: t('errors.network'), grouping: true })
  return {}
}
