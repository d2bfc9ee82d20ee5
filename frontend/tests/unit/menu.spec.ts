import { describe, expect, it } from 'vitest'
import { BACKOFFICE_MENU, visibleMenu } from '@/access/menu'
import { can } from '@/access/permissions'

const keysFor = (permissions: string[] | null) => visibleMenu(BACKOFFICE_MENU, permissions).map((entry) => entry.key)

describe('permission check', () => {
  it('grants an exact permission', () => {
    expect(can(['users:manage'], 'users:manage')).toBe(true)
    expect(can(['users:read'], 'users:manage')).toBe(false)
  })

  it('grants everything to *', () => {
    expect(can(['*'], 'audit:read')).toBe(true)
  })

  it('grants a whole family to family:*', () => {
    expect(can(['orders:*'], 'orders:refund')).toBe(true)
    expect(can(['orders:*'], 'users:read')).toBe(false)
  })

  it('treats a list as any-of and nothing granted as no access', () => {
    expect(can(['roles:manage'], ['audit:read', 'roles:manage'])).toBe(true)
    expect(can([], 'users:read')).toBe(false)
    expect(can(undefined, 'users:read')).toBe(false)
  })
})

describe('back-office menu', () => {
  it('shows an administrator every entry', () => {
    expect(keysFor(['*']).slice(0, 4)).toEqual(['dashboard', 'users', 'roles', 'audit'])
    expect(keysFor(['*'])).toHaveLength(BACKOFFICE_MENU.length)
  })

  it('shows a warehouse clerk no administration pages', () => {
    const keys = keysFor(['inventory:read', 'inventory:adjust', 'shipments:write', 'orders:read', 'catalog:read'])
    expect(keys).toContain('dashboard')
    expect(keys).not.toContain('users')
    expect(keys).not.toContain('roles')
    expect(keys).not.toContain('audit')
  })

  it('shows a staff member without any permission the dashboard', () => {
    expect(keysFor([])).toEqual(['dashboard'])
    expect(keysFor(null)).toEqual(['dashboard'])
  })

  it('shows each entry to the permissions that open it', () => {
    expect(keysFor(['users:manage'])).toEqual(['dashboard', 'users'])
    expect(keysFor(['roles:manage'])).toEqual(['dashboard', 'roles'])
    expect(keysFor(['audit:read'])).toEqual(['dashboard', 'audit'])
    expect(keysFor(['audit:*', 'users:*'])).toEqual(['dashboard', 'users', 'audit'])
  })
})
