import { describe, expect, it } from 'vitest'
import {
  dropPlacement,
  findNode,
  flattenTree,
  parentIdOf,
  stepPlacement,
  subtreeIds,
  treeOptions,
} from '@/pages/admin/catalog/tree'

const tree = [
  {
    id: 'a',
    name: 'Apparel',
    children: [
      { id: 'a1', name: 'Shirts', children: [{ id: 'a1x', name: 'Polo' }] },
      { id: 'a2', name: 'Shoes' },
    ],
  },
  { id: 'b', name: 'Books' },
  { id: 'c', name: 'Cups' },
]

describe('category tree', () => {
  it('flattens parents before children with depth and path', () => {
    expect(flattenTree(tree).map((entry) => [entry.node.id, entry.depth, entry.path.join('/')])).toEqual([
      ['a', 0, 'Apparel'],
      ['a1', 1, 'Apparel/Shirts'],
      ['a1x', 2, 'Apparel/Shirts/Polo'],
      ['a2', 1, 'Apparel/Shoes'],
      ['b', 0, 'Books'],
      ['c', 0, 'Cups'],
    ])
  })

  it('finds nodes and their parents', () => {
    expect(findNode(tree, 'a1x')?.name).toBe('Polo')
    expect(parentIdOf(tree, 'a1x')).toBe('a1')
    expect(parentIdOf(tree, 'b')).toBeNull()
  })

  it('moves a node one step among its siblings but not past either end', () => {
    expect(stepPlacement(tree, 'b', -1)).toEqual({ parent_id: null, position: 0 })
    expect(stepPlacement(tree, 'a2', -1)).toEqual({ parent_id: 'a', position: 0 })
    expect(stepPlacement(tree, 'a', -1)).toBeNull()
    expect(stepPlacement(tree, 'c', 1)).toBeNull()
  })

  it('turns a drop into a parent and position', () => {
    expect(dropPlacement(tree, 'c', 'a1', 'inner')).toEqual({ parent_id: 'a1', position: 1 })
    expect(dropPlacement(tree, 'c', 'a', 'before')).toEqual({ parent_id: null, position: 0 })
    expect(dropPlacement(tree, 'a', 'c', 'after')).toEqual({ parent_id: null, position: 2 })
    expect(dropPlacement(tree, 'a2', 'a1', 'before')).toEqual({ parent_id: 'a', position: 0 })
  })

  it('refuses to drop a node into its own subtree', () => {
    expect(dropPlacement(tree, 'a', 'a1x', 'inner')).toBeNull()
    expect([...subtreeIds(tree[0])].sort()).toEqual(['a', 'a1', 'a1x', 'a2'])
  })

  it('offers tree-select options with the moved subtree disabled', () => {
    const options = treeOptions(tree, subtreeIds(tree[0].children![0]))
    expect(options[0].disabled).toBeUndefined()
    expect(options[0].children?.[0]).toMatchObject({ value: 'a1', disabled: true })
    expect(options[1]).toEqual({ value: 'b', label: 'Books', disabled: undefined, children: undefined })
  })

  it('labels the options in English where a category has an English name, else by its own name', () => {
    const named = [{ id: 'f', name: '服装', name_en: 'Clothing', children: [{ id: 'm', name: '男装', name_en: null }] }]
    const english = treeOptions(named, new Set(), 'en')
    expect([english[0].label, english[0].children?.[0].label]).toEqual(['Clothing', '男装'])
    const chinese = treeOptions(named, new Set(), 'zh-CN')
    expect([chinese[0].label, chinese[0].children?.[0].label]).toEqual(['服装', '男装'])
  })
})
