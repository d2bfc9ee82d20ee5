/**
 * The reconciliation pages' rules: which files are worth sending, how the lists' filters sit in the address bar
 * and go to the API, and how a bill's period and a difference read.
 */
import { booleanField, choiceField, type FiltersOf } from '@/composables/queryFields'
import { ApiProblem } from '@/api/problem'
import { currentLocale } from '@/i18n'
import type { Mismatch, Reconciliation } from './types'

export const PROVIDERS = ['alipay', 'wechat_pay'] as const
export type Provider = (typeof PROVIDERS)[number]
export const MISMATCH_KINDS = ['missing_ours', 'missing_theirs', 'amount_differs', 'status_differs'] as const

/** The server refuses larger files (413); saying so before uploading spares the wait. */
export const MAX_STATEMENT_BYTES = 20 * 1024 * 1024

export const RUN_FIELDS = { provider: choiceField(PROVIDERS) }
export type RunFilters = FiltersOf<typeof RUN_FIELDS>

export const MISMATCH_FIELDS = { kind: choiceField(MISMATCH_KINDS), resolved: booleanField() }
export type MismatchFilters = FiltersOf<typeof MISMATCH_FIELDS>

/** Why a chosen file cannot be a bill (an i18n key), or null when it may be sent. */
export function statementFileProblem(file: Pick<File, 'name' | 'size'> | null): string | null {
  if (!file) return 'reconciliation.upload.noFile'
  if (!/\.(csv|txt)$/i.test(file.name)) return 'reconciliation.upload.wrongType'
  if (file.size === 0) return 'reconciliation.upload.empty'
  if (file.size > MAX_STATEMENT_BYTES) return 'reconciliation.upload.tooLarge'
  return null
}

/** The query `GET /reconciliations/{id}/mismatches` is sent: empty filters left out, resolved as a boolean. */
export function mismatchQuery(filters: MismatchFilters, page: number, pageSize: number) {
  return {
    kind: filters.kind || undefined,
    resolved: filters.resolved === '' ? undefined : filters.resolved === 'true',
    page,
    page_size: pageSize,
  }
}

/**
 * A bill's period in the provider's own days (Beijing time, as the bill itself states them): a daily bill reads
 * as one day, a longer one as its first and last day. The end is exclusive, so its day is the one before.
 */
export function periodText(run: Pick<Reconciliation, 'period_from' | 'period_to'>, locale: string = currentLocale()): string {
  const day = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
  const first = day.format(new Date(run.period_from))
  const last = day.format(new Date(new Date(run.period_to).getTime() - 1))
  return first === last ? first : `${first} – ${last}`
}

/** The number finance looks the difference up by: the refund's when it is about a refund. */
export function mismatchNumber(mismatch: Pick<Mismatch, 'payment_no' | 'refund_no'>): string {
  return mismatch.refund_no ?? mismatch.payment_no
}

/** Whether the row is about a payment or a refund of it. */
export function mismatchSubject(mismatch: Pick<Mismatch, 'refund_no'>): 'payment' | 'refund' {
  return mismatch.refund_no ? 'refund' : 'payment'
}

/** A note worth sending: something said, within the server's 500 characters. */
export function noteProblem(note: string): string | null {
  const trimmed = note.trim()
  if (!trimmed) return 'reconciliation.resolve.noteRequired'
  if (trimmed.length > 500) return 'reconciliation.resolve.noteTooLong'
  return null
}

/** The import a refused duplicate points at (409 `reconciliation.already_imported` names its id), if any. */
export function existingRunId(error: unknown): string | null {
  if (!(error instanceof ApiProblem) || error.code !== 'reconciliation.already_imported') return null
  const id = error.body.run_id
  return typeof id === 'string' && id ? id : null
}
