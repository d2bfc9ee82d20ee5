import { describe, expect, it } from 'vitest'
import { fileNameFrom } from '@/pages/admin/catalog/download'

describe('file names of exports and templates', () => {
  it('come from a plain Content-Disposition filename', () => {
    expect(fileNameFrom('attachment; filename="catalog-import-template.csv"')).toBe('catalog-import-template.csv')
    expect(fileNameFrom('attachment; filename=catalog.xlsx')).toBe('catalog.xlsx')
  })

  it('prefer the RFC 5987 UTF-8 name so Chinese names survive', () => {
    expect(fileNameFrom(`attachment; filename="x.csv"; filename*=UTF-8''%E5%95%86%E5%93%81.csv`)).toBe('商品.csv')
  })

  it('are absent without the header, so the caller falls back to its own name', () => {
    expect(fileNameFrom(null)).toBeNull()
    expect(fileNameFrom('inline')).toBeNull()
  })
})
