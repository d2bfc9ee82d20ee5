import { beforeEach, describe, expect, it } from 'vitest'
import { i18n, setLocale } from '@/i18n'
import { grantSummary } from '@/pages/admin/roles/permissionGroups'
import { roleLabel } from '@/access/roleNames'

// What GET /permissions offers: the modules the shop has (no orders or payments yet), described by the server.
const LIVE = [
  { name: 'inventory:read', description: '查看库存和库存流水' },
  { name: 'inventory:adjust', description: '调整库存、入库、盘点' },
  { name: 'catalog:read', description: '在后台查看商品和分类' },
]

describe('roles in words', () => {
  beforeEach(() => setLocale('zh-CN'))

  it('sums a role up by module in the UI language, leaving out modules the shop does not have yet', () => {
    const tags = grantSummary(['inventory:read', 'inventory:adjust', 'orders:read', 'catalog:read'], LIVE)
    expect(tags.map((tag) => tag.label)).toEqual(['商品', '库存'])
    expect(tags[1]?.title).toBe('调整库存、入库、盘点; 查看库存和库存流水')
  })

  it('names everything and whole-module wildcards', () => {
    expect(grantSummary(['*'], LIVE).map((tag) => tag.label)).toEqual(['全部权限'])
    expect(grantSummary(['inventory:*'], LIVE).map((tag) => tag.label)).toEqual(['库存：全部'])
    setLocale('en')
    expect(grantSummary(['inventory:*'], LIVE).map((tag) => tag.label)).toEqual(['Inventory: all'])
  })

  it('names built-in roles in the UI language and keeps custom names as typed', () => {
    expect(roleLabel('order_clerk')).toBe('订单专员')
    setLocale('en')
    expect(roleLabel('order_clerk')).toBe('Order clerk')
    expect(roleLabel('night_shift')).toBe('night_shift')
    expect(i18n.global.locale.value).toBe('en')
  })
})
