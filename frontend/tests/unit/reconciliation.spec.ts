import { describe, expect, it } from 'vitest'
import { BACKOFFICE_MENU, visibleMenu } from '@/access/menu'
import { ApiProblem } from '@/api/problem'
import {
  existingRunId,
  MAX_STATEMENT_BYTES,
  mismatchNumber,
  mismatchQuery,
  mismatchSubject,
  noteProblem,
  periodText,
  statementFileProblem,
} from '@/pages/admin/reconciliation/reconciliation'
import en from '@/i18n/reconciliation/en.json'
import zh from '@/i18n/reconciliation/zh-CN.json'

const keysOf = (value: unknown, prefix = ''): string[] =>
  value && typeof value === 'object'
    ? Object.entries(value).flatMap(([key, inner]) => keysOf(inner, prefix ? `${prefix}.${key}` : key))
    : [prefix]

describe('reconciliation upload', () => {
  it('sends only a CSV bill that is neither empty nor above the server limit', () => {
    expect(statementFileProblem(null)).toBe('reconciliation.upload.noFile')
    expect(statementFileProblem({ name: 'bill.xlsx', size: 10 })).toBe('reconciliation.upload.wrongType')
    expect(statementFileProblem({ name: 'bill.csv', size: 0 })).toBe('reconciliation.upload.empty')
    expect(statementFileProblem({ name: 'bill.CSV', size: MAX_STATEMENT_BYTES + 1 })).toBe('reconciliation.upload.tooLarge')
    expect(statementFileProblem({ name: '20261128_业务明细.csv', size: 2048 })).toBeNull()
  })

  it('finds the earlier import a refused duplicate points at, and nothing in other problems', () => {
    const duplicate = new ApiProblem(409, { code: 'reconciliation.already_imported', run_id: 'r-1' } as never)
    expect(existingRunId(duplicate)).toBe('r-1')
    expect(existingRunId(new ApiProblem(422, { code: 'reconciliation.unreadable' }))).toBeNull()
    expect(existingRunId(new Error('offline'))).toBeNull()
  })
})

describe('reconciliation differences', () => {
  it('asks the API for a kind and a state only when they are chosen', () => {
    expect(mismatchQuery({ kind: '', resolved: '' }, 1, 20)).toEqual({ kind: undefined, resolved: undefined, page: 1, page_size: 20 })
    expect(mismatchQuery({ kind: 'amount_differs', resolved: 'false' }, 2, 50)).toEqual({
      kind: 'amount_differs',
      resolved: false,
      page: 2,
      page_size: 50,
    })
    expect(mismatchQuery({ kind: '', resolved: 'true' }, 1, 20).resolved).toBe(true)
  })

  it('names a refund difference by the refund and a payment difference by the payment', () => {
    expect(mismatchNumber({ payment_no: 'P1', refund_no: 'R1' })).toBe('R1')
    expect(mismatchSubject({ refund_no: 'R1' })).toBe('refund')
    expect(mismatchNumber({ payment_no: 'P1', refund_no: null })).toBe('P1')
    expect(mismatchSubject({ refund_no: null })).toBe('payment')
  })

  it('shows a daily bill as its one Beijing day and a longer one as its first and last day', () => {
    const day = { period_from: '2026-11-27T16:00:00Z', period_to: '2026-11-28T16:00:00Z' }
    expect(periodText(day, 'en-CA')).toBe('2026-11-28')
    const week = { period_from: '2026-11-21T16:00:00Z', period_to: '2026-11-28T16:00:00Z' }
    expect(periodText(week, 'en-CA')).toBe('2026-11-22 – 2026-11-28')
  })

  it('wants a note saying how a difference was settled', () => {
    expect(noteProblem('   ')).toBe('reconciliation.resolve.noteRequired')
    expect(noteProblem('x'.repeat(501))).toBe('reconciliation.resolve.noteTooLong')
    expect(noteProblem(' 已手工退款 ')).toBeNull()
  })
})

describe('reconciliation page access and texts', () => {
  it('shows the menu entry to finance and not to the warehouse', () => {
    const keys = (permissions: string[]) => visibleMenu(BACKOFFICE_MENU, permissions).map((entry) => entry.key)
    expect(keys(['payments:read', 'payments:write'])).toContain('reconciliation')
    expect(keys(['inventory:read', 'orders:read'])).not.toContain('reconciliation')
  })

  it('has every text in both languages', () => {
    expect(keysOf(zh).sort()).toEqual(keysOf(en).sort())
  })
})
