import { describe, expect, it } from 'vitest'
import { BACKOFFICE_MENU, visibleMenu } from '@/access/menu'

const keysFor = (permissions: string[]) => visibleMenu(BACKOFFICE_MENU, permissions).map((entry) => entry.key)

const CATALOG_READ = ['products', 'categories']
const INVENTORY_READ = ['stock', 'movements', 'stocktakes', 'warehouses', 'stock-alerts']

describe('catalog and inventory menu entries', () => {
  it('show a catalog reader the product and category pages but not the import', () => {
    expect(keysFor(['catalog:read'])).toEqual(['dashboard', ...CATALOG_READ])
  })

  it('add the import for catalog writers', () => {
    expect(keysFor(['catalog:read', 'catalog:write'])).toEqual(['dashboard', ...CATALOG_READ, 'catalog-import'])
  })

  it('show an inventory reader the stock views but not the receive and adjustment forms', () => {
    expect(keysFor(['inventory:read'])).toEqual(['dashboard', ...INVENTORY_READ])
  })

  it('give the warehouse role (inventory:read + inventory:adjust + catalog:read) everything it works with', () => {
    expect(keysFor(['inventory:read', 'inventory:adjust', 'catalog:read'])).toEqual([
      'dashboard',
      ...CATALOG_READ,
      'stock',
      'stock-receive',
      'stock-adjust',
      'movements',
      'stocktakes',
      'warehouses',
      'stock-alerts',
    ])
  })

  it('use paths that are not prefixes of each other, so the highlighted entry is unambiguous', () => {
    const paths = BACKOFFICE_MENU.map((entry) => entry.path).filter((path) => path !== '/admin')
    for (const path of paths) {
      expect(paths.filter((other) => other !== path && other.startsWith(`${path}/`))).toEqual([])
    }
  })
})
