import { nextTick, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { i18n } from '@/i18n'
import { showProblem } from '@/api/feedback'
import { ApiProblem } from '@/api/problem'
import { fieldErrorMessage, fieldKey } from '@/pages/validation'

/**
 * Server-side field errors of a form, shown under its Element Plus form items (`:error="fieldErrors.x"`),
 * in the UI language. `fields` names the form's props (its model's keys when given the reactive model):
 * errors for those go under their field with one toast asking to check them; anything else (a rule about
 * the whole request, or a form without field errors) goes to the toast as before. `aliases` maps an API
 * field to the form's prop where they differ (`{ new_password: 'next' }`).
 */
export function useFormErrors(fields?: object | readonly string[], aliases: Record<string, string> = {}) {
  const fieldErrors = ref<Record<string, string>>({})

  const formFields = (): Set<string> | null => {
    if (!fields) return null
    return new Set(Array.isArray(fields) ? fields : Object.keys(fields))
  }

  function clearFieldErrors(): void {
    fieldErrors.value = {}
  }

  /** Shows what went wrong: under the fields it concerns, else in a toast. Returns the placed errors. */
  function reportProblem(error: unknown): Record<string, string> {
    const placed: Record<string, string> = {}
    let unplaced = false
    if (error instanceof ApiProblem && error.fieldErrors.length) {
      const known = formFields()
      const { t } = i18n.global
      for (const fieldError of error.fieldErrors) {
        const key = aliases[fieldKey(fieldError.field)] ?? fieldKey(fieldError.field)
        if (!key || (known ? !known.has(key) : key === 'body')) {
          unplaced = true
          continue
        }
        if (placed[key]) continue
        placed[key] = fieldErrorMessage(fieldError, t, error)
      }
    }
    // cleared first, then set after a tick: Element Plus shows an `error` prop only when it changes, so the
    // same message given twice (fixed, then broken again) would stay hidden
    fieldErrors.value = {}
    if (Object.keys(placed).length === 0) {
      showProblem(error)
      return placed
    }
    void nextTick(() => {
      fieldErrors.value = placed
    })
    // a business rule's own words (already translated) say more than "check the fields" when part of it has no field
    const detail = error instanceof ApiProblem && error.code !== 'validation.failed' && unplaced ? error.detail : ''
    ElMessage.error({ message: detail || i18n.global.t('formErrors.checkFields'), grouping: true })
    return placed
  }

  return { fieldErrors, clearFieldErrors, reportProblem }
}
