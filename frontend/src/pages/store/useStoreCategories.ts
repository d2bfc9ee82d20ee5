import { ref } from 'vue'
import { fetchCategories, type StoreCategory } from './storeApi'

// One copy per page load: the header menu, the home page and the search filters all show the same tree.
const tree = ref<StoreCategory[]>([])
let loading: Promise<void> | null = null

function walk(nodes: StoreCategory[], visit: (node: StoreCategory, trail: StoreCategory[]) => boolean, trail: StoreCategory[] = []): boolean {
  for (const node of nodes) {
    const here = [...trail, node]
    if (visit(node, here) || walk(node.children ?? [], visit, here)) return true
  }
  return false
}

/** The path from a root to the category with this id (empty when it is unknown). */
export function categoryTrail(nodes: StoreCategory[], id: string | null): StoreCategory[] {
  let found: StoreCategory[] = []
  if (id) walk(nodes, (node, trail) => (node.id === id ? ((found = trail), true) : false))
  return found
}

/** The storefront's category tree, fetched once and shared. */
export function useStoreCategories() {
  function load(): Promise<void> {
    loading ??= fetchCategories()
      .then((categories) => {
        tree.value = categories
      })
      .catch(() => {
        // The shop still works without its menu; the next page that asks tries again.
        loading = null
      })
    return loading
  }
  void load()
  return { tree, reload: load }
}
