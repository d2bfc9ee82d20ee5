import { describe, expect, it } from 'vitest'
import {
  apiQuery,
  EMPTY_FILTERS,
  filtersFromQuery,
  hasFilters,
  queryFromFilters,
  withChange,
  type SearchFilters,
} from '@/pages/store/searchQuery'

const CATEGORY = '0b4c3a52-5d7e-4c7a-9a0e-2f3c1d9e8b71'

describe('search URL', () => {
  it('reads every filter from the address', () => {
    const filters = filtersFromQuery({
      q: ' 保温杯 ',
      category: CATEGORY,
      price_min: '10',
      price_max: '99.9',
      in_stock: '1',
      sort: '-price',
      page: '3',
    })
    expect(filters).toEqual({
      q: '保温杯',
      category: CATEGORY,
      priceMin: '10',
      priceMax: '99.9',
      inStock: true,
      sort: '-price',
      page: 3,
    })
  })

  it('falls back to defaults for anything malformed', () => {
    const filters = filtersFromQuery({
      category: 'not-a-uuid',
      price_min: '-5',
      price_max: '1e9',
      in_stock: 'maybe',
      sort: 'cheapest',
      page: '0',
    })
    expect(filters).toEqual(EMPTY_FILTERS)
    expect(filtersFromQuery({ page: '2.5' }).page).toBe(1)
    expect(filtersFromQuery({ page: '999999' }).page).toBe(1)
  })

  it('takes the first of repeated parameters', () => {
    expect(filtersFromQuery({ q: ['a', 'b'], sort: ['sales', 'price'] })).toMatchObject({ q: 'a', sort: 'sales' })
  })

  it('cuts keywords to the length the API accepts', () => {
    const long = 'a'.repeat(150)
    expect(filtersFromQuery({ q: long }).q).toHaveLength(100)
    expect(queryFromFilters({ ...EMPTY_FILTERS, q: long }).q).toHaveLength(100)
  })

  it('puts a reversed price range the right way round', () => {
    expect(filtersFromQuery({ price_min: '50', price_max: '5' })).toMatchObject({ priceMin: '5', priceMax: '50' })
  })

  it('leaves defaults out of the address so the plain search stays /search', () => {
    expect(queryFromFilters({ ...EMPTY_FILTERS })).toEqual({})
    expect(queryFromFilters({ ...EMPTY_FILTERS, q: '   ' })).toEqual({})
  })

  it('writes a query that reads back as the same filters', () => {
    const filters: SearchFilters = {
      q: 'mug',
      category: CATEGORY,
      priceMin: '0',
      priceMax: '20.50',
      inStock: true,
      sort: 'newest',
      page: 2,
    }
    const query = queryFromFilters(filters)
    expect(query).toEqual({
      q: 'mug',
      category: CATEGORY,
      price_min: '0',
      price_max: '20.50',
      in_stock: '1',
      sort: 'newest',
      page: '2',
    })
    expect(filtersFromQuery(query)).toEqual(filters)
  })

  it('drops a price the API would not accept instead of sending it', () => {
    expect(queryFromFilters({ ...EMPTY_FILTERS, priceMin: 'abc', priceMax: '12.345' })).toEqual({})
    expect(queryFromFilters({ ...EMPTY_FILTERS, priceMin: '007' })).toEqual({ price_min: '7' })
  })

  it('goes back to the first page when a filter changes but not when only the page does', () => {
    const onPage3 = { ...EMPTY_FILTERS, q: 'mug', page: 3 }
    expect(withChange(onPage3, { sort: 'price' })).toMatchObject({ q: 'mug', sort: 'price', page: 1 })
    expect(withChange(onPage3, { page: 4 })).toMatchObject({ q: 'mug', page: 4 })
  })

  it('asks the API with its own parameter names', () => {
    const filters = filtersFromQuery({ q: 'mug', category: CATEGORY, price_max: '30', in_stock: 'true', page: '2' })
    expect(apiQuery(filters, 12)).toEqual({
      q: 'mug',
      category_id: CATEGORY,
      price_min: undefined,
      price_max: '30',
      in_stock: true,
      sort: 'relevance',
      page: 2,
      page_size: 12,
    })
    expect(apiQuery(EMPTY_FILTERS).in_stock).toBeUndefined()
  })

  it('knows when narrowing filters are set', () => {
    expect(hasFilters(EMPTY_FILTERS)).toBe(false)
    expect(hasFilters({ ...EMPTY_FILTERS, q: 'mug', sort: 'sales' })).toBe(false)
    expect(hasFilters({ ...EMPTY_FILTERS, inStock: true })).toBe(true)
  })
})
