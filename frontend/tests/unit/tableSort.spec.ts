import { describe, expect, it } from 'vitest'
import { reactive } from 'vue'
import { momentRange } from '@/composables/momentRange'
import { tableSortOn } from '@/pages/tableSort'

describe('a sortable table', () => {
  it('shows the sort of the address and sorts by the API key of the column clicked, back to the fallback when cleared', () => {
    const sort = { value: '-sold' }
    const table = tableSortOn(sort, '-created_at', { sales: 'sold' })
    expect(table.defaultSort).toEqual({ prop: 'sales', order: 'descending' })
    table.onSort({ prop: 'sales', order: 'ascending' })
    expect(sort.value).toBe('sold')
    table.onSort({ prop: 'name', order: 'descending' })
    expect(sort.value).toBe('-name')
    table.onSort({ prop: 'name', order: null })
    expect(sort.value).toBe('-created_at')
  })
})

describe('a since/until range', () => {
  it('edits both moments of the draft, and is empty unless both are set', () => {
    const filters = reactive({ since: '', until: '', q: 'x' })
    const range = momentRange(filters, 'since', 'until')
    expect(range.value).toBeNull()
    range.value = [new Date('2026-01-01T00:00:00Z'), new Date('2026-01-31T00:00:00Z')]
    expect(filters).toEqual({ since: '2026-01-01T00:00:00.000Z', until: '2026-01-31T00:00:00.000Z', q: 'x' })
    expect(range.value?.[1].toISOString()).toBe('2026-01-31T00:00:00.000Z')
    range.value = null
    expect(filters.since).toBe('')
  })
})
