import { describe, expect, it } from 'vitest'
import { activeFilterCount } from '@/composables/useResponsiveTable'

describe('the filters button counts what is set', () => {
  it('counts typed text, picked options and ticked boxes, not blanks', () => {
    const filters = { q: ' Tee ', status: 'on_sale', brand: '  ', category_id: null, in_stock: true, low_only: false, tags: [] }
    expect(activeFilterCount(filters)).toBe(3)
  })

  it('leaves out keys that are not filters a user sets', () => {
    expect(activeFilterCount({ q: 'x', warehouse_id: 'w1' }, ['warehouse_id'])).toBe(1)
  })
})
