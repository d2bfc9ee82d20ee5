import { describe, expect, it } from 'vitest'
import { diffJson } from '@/pages/admin/audit/jsonDiff'

describe('audit before/after diff', () => {
  it('lists changed fields first, then added, removed and unchanged ones', () => {
    const rows = diffJson(
      { status: 'active', roles: ['warehouse'], display_name: 'Li' },
      { status: 'disabled', roles: ['warehouse'], locked_at: '2026-01-01T00:00:00Z' },
    )
    expect(rows.map((row) => [row.key, row.kind])).toEqual([
      ['status', 'changed'],
      ['locked_at', 'added'],
      ['display_name', 'removed'],
      ['roles', 'unchanged'],
    ])
  })

  it('treats a missing snapshot as empty (creations and deletions)', () => {
    expect(diffJson(null, { name: 'finance' })).toEqual([{ key: 'name', before: undefined, after: 'finance', kind: 'added' }])
    expect(diffJson({ name: 'finance' }, null)[0].kind).toBe('removed')
  })
})
