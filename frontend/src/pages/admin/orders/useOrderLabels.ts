import { useI18n } from 'vue-i18n'
import { labelKey } from './labels'

/**
 * Codes from the API in the reader's words. A code the texts do not know yet (a state the server added first)
 * shows as the code rather than as a missing-key warning.
 */
export function useOrderLabels() {
  const { t, te } = useI18n()
  const word = (group: Parameters<typeof labelKey>[0]) => (code: string | null | undefined) => {
    const key = labelKey(group, code)
    if (!key) return '—'
    return te(key) ? t(key) : String(code)
  }
  return {
    status: word('status'),
    // edit, split and merge are named by their own texts (i18n/orderChanges)
    action: (code: string | null | undefined) => (code && te(`orderChanges.action.${code}`) ? t(`orderChanges.action.${code}`) : word('action')(code)),
    channel: word('channel'),
    paymentMethod: word('paymentMethod'),
    reviewFlag: word('reviewFlag'),
    /** A note or reason the system wrote as a code, in words; null for what a person typed (shown as data). */
    systemNote: (note: string | null | undefined): string | null => {
      const key = labelKey('systemNote', note)
      return key && te(key) ? t(key) : null
    },
  }
}
