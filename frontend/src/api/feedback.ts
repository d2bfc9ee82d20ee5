import { ElMessage, ElMessageBox } from 'element-plus'
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

/** Asks before deleting something (`question` names it); true once the user confirms, false when they cancel. */
export async function confirmDeletion(question: string): Promise<boolean> {
  const { t } = i18n.global
  try {
    await ElMessageBox.confirm(question, t('common.confirmTitle'), {
      type: 'warning',
      confirmButtonText: t('common.delete'),
      cancelButtonText: t('common.cancel'),
    })
    return true
  } catch {
    return false
  }
}
