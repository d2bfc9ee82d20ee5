import { categoryName } from '@/pages/localNames'

/** The category tree as GET /categories returns it, and the moves the tree page asks the API to make. */
export interface TreeNode {
  id: string
  name: string
  name_en?: string | null
  parent_id?: string | null
  children?: TreeNode[]
}

export interface FlatNode<T extends TreeNode> {
  node: T
  depth: number
  /** Names from the root down to this node. */
  path: string[]
}

/** Depth-first, parents before children, in sibling order. */
export function flattenTree<T extends TreeNode>(nodes: readonly T[], depth = 0, path: string[] = []): FlatNode<T>[] {
  return nodes.flatMap((node) => {
    const here = [...path, node.name]
    return [{ node, depth, path: here }, ...flattenTree((node.children ?? []) as T[], depth + 1, here)]
  })
}

export function findNode<T extends TreeNode>(nodes: readonly T[], id: string): T | null {
  for (const node of nodes) {
    if (node.id === id) return node
    const found = findNode((node.children ?? []) as T[], id)
    if (found) return found
  }
  return null
}

/** The node itself and everything below it: where it may not be moved to. */
export function subtreeIds(node: TreeNode): Set<string> {
  const ids = new Set<string>([node.id])
  for (const child of node.children ?? []) for (const id of subtreeIds(child)) ids.add(id)
  return ids
}

/** The siblings of a node (the roots for a top-level one), in order. */
export function siblingsOf<T extends TreeNode>(nodes: readonly T[], id: string): T[] {
  if (nodes.some((node) => node.id === id)) return [...nodes]
  for (const node of nodes) {
    const found = siblingsOf((node.children ?? []) as T[], id)
    if (found.length) return found
  }
  return []
}

export interface Placement {
  parent_id: string | null
  position: number
}

/** Moving a node one step up (-1) or down (+1) among its siblings; null when it is already at that end. */
export function stepPlacement(nodes: readonly TreeNode[], id: string, step: -1 | 1): Placement | null {
  const siblings = siblingsOf(nodes, id)
  const index = siblings.findIndex((node) => node.id === id)
  const target = index + step
  if (index === -1 || target < 0 || target >= siblings.length) return null
  return { parent_id: parentIdOf(nodes, id), position: target }
}

/**
 * Where a drag-and-drop puts a node: `inner` appends it under the drop node, `before`/`after` place it next to
 * the drop node. Positions count the new siblings without the dragged node itself.
 */
export function dropPlacement(
  nodes: readonly TreeNode[],
  draggedId: string,
  dropId: string,
  type: 'before' | 'after' | 'inner',
): Placement | null {
  const dragged = findNode(nodes, draggedId)
  const drop = findNode(nodes, dropId)
  if (!dragged || !drop || subtreeIds(dragged).has(dropId)) return null
  if (type === 'inner') {
    const children = (drop.children ?? []).filter((node) => node.id !== draggedId)
    return { parent_id: drop.id, position: children.length }
  }
  const siblings = siblingsOf(nodes, dropId).filter((node) => node.id !== draggedId)
  const index = siblings.findIndex((node) => node.id === dropId)
  return { parent_id: parentIdOf(nodes, dropId), position: type === 'before' ? index : index + 1 }
}

export function parentIdOf(nodes: readonly TreeNode[], id: string, parent: string | null = null): string | null {
  for (const node of nodes) {
    if (node.id === id) return parent
    const found = parentIdOf(node.children ?? [], id, node.id)
    if (found !== null) return found
  }
  return null
}

export interface TreeOption {
  value: string
  label: string
  disabled?: boolean
  children?: TreeOption[]
}

/**
 * Options for el-tree-select, labelled in the UI language (`locale`: English names where staff gave them); nodes
 * in `disabled` (e.g. the moved node's subtree) cannot be picked.
 */
export function treeOptions(nodes: readonly TreeNode[], disabled: Set<string> = new Set(), locale = 'zh-CN'): TreeOption[] {
  return nodes.map((node) => ({
    value: node.id,
    label: categoryName(node, locale),
    disabled: disabled.has(node.id) || undefined,
    children: node.children?.length ? treeOptions(node.children, disabled, locale) : undefined,
  }))
}
