import { useI18n } from 'vue-i18n'
import type { Money } from '@/money/decimal'
import { formatMoney } from '@/money/format'

/**
 * The notes and reasons the server writes on an order as a code with parameters (edit, split and merge, an order
 * sent back to review; see domain/orders/notes.py) in the reader's words, with money in their locale's format and
 * failed review rules as the review queue names them. A code the server wrote without parameters (`auto_review`,
 * `expired`… in `orders.systemNote`) is worded too. Anything else is what a person typed, or a note written before
 * codes were kept: null here, and the caller shows it as it is, as data.
 */

/** The codes with parameters, as domain/orders/notes.py CODES (i18n `orderNotes.<code>`). */
export const NOTE_CODES = ['split_from', 'split_into', 'merged_into', 'merged', 'changed', 'no_change', 'review_failed', 'refunded'] as const
/** The changes an edit or a merge lists, as domain/orders/notes.py CHANGE_KINDS (i18n `orderNotes.change.<kind>`). */
export const CHANGE_KINDS = ['address', 'note', 'remark', 'quantity', 'added', 'removed', 'unit_price', 'total', 'new_total', 'to_pay', 'to_refund'] as const

export type NoteParams = { [key: string]: unknown } | null | undefined

/** What wording needs from vue-i18n: kept this narrow so tests pass the global composer. */
export interface Wording {
  t: (key: string, named: Record<string, unknown>) => string
  te: (key: string) => boolean
  locale: string
}

interface Change {
  kind: string
  [key: string]: unknown
}

function isMoney(value: unknown): value is Money {
  return typeof value === 'object' && value !== null && 'amount' in value && 'currency' in value
}

function isChange(value: unknown): value is Change {
  return typeof value === 'object' && value !== null && typeof (value as Change).kind === 'string'
}

function worded(value: unknown, wording: Wording): string {
  if (Array.isArray(value)) {
    if (value.length && value.every(isChange)) return value.map((change) => changeText(change, wording)).join(wording.t('orderNotes.separator', {}))
    return value.map((item) => worded(item, wording)).join(wording.t('orderNotes.listSeparator', {}))
  }
  if (isMoney(value)) return formatMoney(value, wording.locale)
  return value === null || value === undefined ? '' : String(value)
}

/** `flags`: the automatic review's failed rules (domain/orders/review.py FLAGS), in the queue's words (`orders.reviewFlag`). */
function flagsText(value: unknown, wording: Wording): string {
  const flags = Array.isArray(value) ? value.map(String) : []
  // a rule the server added before the SPA knows it: its name rather than a missing-key warning
  const word = (flag: string) => (wording.te(`orders.reviewFlag.${flag}`) ? wording.t(`orders.reviewFlag.${flag}`, {}) : flag)
  return flags.map(word).join(wording.t('orderNotes.separator', {}))
}

function named(params: { [key: string]: unknown }, wording: Wording): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params)
      .filter(([key]) => key !== 'kind')
      .map(([key, value]) => [key, key === 'flags' ? flagsText(value, wording) : worded(value, wording)]),
  )
}

function changeText(change: Change, wording: Wording): string {
  const key = `orderNotes.change.${change.kind}`
  // a kind the server added before the SPA knows it: its name rather than a missing-key warning
  return (CHANGE_KINDS as readonly string[]).includes(change.kind) && wording.te(key) ? wording.t(key, named(change, wording)) : change.kind
}

/** The note or reason in the reader's words, or null when it is words a person wrote (show those as they are). */
export function orderNoteText(note: string | null | undefined, params: NoteParams, wording: Wording): string | null {
  if (!note) return null
  if (params && (NOTE_CODES as readonly string[]).includes(note) && wording.te(`orderNotes.${note}`)) {
    return wording.t(`orderNotes.${note}`, named(params, wording))
  }
  const system = `orders.systemNote.${note}`
  return wording.te(system) ? wording.t(system, {}) : null
}

/** `orderNoteText` in the current language of the page. */
export function useOrderNote() {
  const { t, te, locale } = useI18n()
  return (note: string | null | undefined, params?: NoteParams): string | null =>
    orderNoteText(note, params, { t: (key, values) => t(key, values), te: (key) => te(key), locale: locale.value })
}
