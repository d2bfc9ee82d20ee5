import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h, nextTick, type App } from 'vue'
import { createMemoryHistory, createRouter, RouterView, type Router } from 'vue-router'
import { choiceField, flagField, idField, integerField, textField } from '@/composables/queryFields'
import { readListState, useListQuery, writeListState, type ListQueryOptions, type ListRequest } from '@/composables/useListQuery'

vi.mock('@/api/feedback', () => ({ showProblem: vi.fn() }))

const WAREHOUSE = '0b4c3a52-5d7e-4c7a-9a0e-2f3c1d9e8b71'

interface Filters {
  q: string
  status: '' | 'low' | 'out'
  warehouse_id: string
  paused: boolean
}

const fields = {
  q: textField(),
  status: choiceField(['low', 'out'] as const),
  warehouse_id: idField(),
  paused: flagField(),
}

function options(load: ListQueryOptions<Filters, string>['load']): ListQueryOptions<Filters, string> {
  return { fields, load, sort: '-updated_at', sorts: ['-updated_at', 'available', '-available'], pageSize: 20, pageSizes: [10, 20, 50] }
}

/** A deferred answer per request, so a test decides in which order the server replies. */
function server() {
  const calls: { request: ListRequest<Filters>; answer: (items: string[], total?: number) => void; fail: (error: unknown) => void }[] = []
  const load = (request: ListRequest<Filters>) =>
    new Promise<{ items: string[]; total: number }>((resolve, reject) => {
      calls.push({ request, answer: (items, total = items.length) => resolve({ items, total }), fail: reject })
    })
  return { calls, load }
}

// Lets the router finish a navigation and the list react to it (macrotask turns, not a timed wait).
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    await nextTick()
  }
}

let app: App | null = null
afterEach(() => {
  app?.unmount()
  app = null
})

async function mountList(url: string, load: ListQueryOptions<Filters, string>['load']) {
  let list!: ReturnType<typeof useListQuery<Filters, string>>
  const StockList = defineComponent({
    setup() {
      list = useListQuery<Filters, string>(options(load))
      return () => h('p', 'stock')
    },
  })
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/stock', component: StockList },
      { path: '/elsewhere', component: { render: () => h('p', 'elsewhere') } },
    ],
  })
  await router.push(url)
  app = createApp({ render: () => h(RouterView) })
  app.use(router)
  app.mount(document.createElement('div'))
  await settle()
  return { list, router }
}

describe('list state in the URL', () => {
  it('reads every filter, the sort and the page from the address, coerced to their types', () => {
    const state = readListState(options(async () => []) as never, {
      q: ' mug ',
      status: 'low',
      warehouse_id: WAREHOUSE.toUpperCase(),
      paused: 'true',
      sort: 'available',
      page: '3',
      page_size: '50',
    })
    expect(state).toEqual({ filters: { q: 'mug', status: 'low', warehouse_id: WAREHOUSE, paused: true }, sort: 'available', page: 3, pageSize: 50 })
  })

  it('falls back to defaults for anything malformed in a hand-typed or old address', () => {
    const state = readListState(options(async () => []) as never, {
      status: 'melted',
      warehouse_id: 'not-an-id',
      paused: 'maybe',
      sort: 'price; drop table',
      page: '-2',
      page_size: '33',
    })
    expect(state).toEqual({ filters: { q: '', status: '', warehouse_id: '', paused: false }, sort: '-updated_at', page: 1, pageSize: 20 })
    expect(integerField(1).parse('2.5')).toBe(1)
  })

  it('writes a query that reads back as the same state, defaults left out', () => {
    const opts = options(async () => []) as never
    const state = { filters: { q: '保温杯', status: 'out' as const, warehouse_id: WAREHOUSE, paused: true }, sort: '-available', page: 4, pageSize: 10 }
    const query = writeListState(opts, state)
    expect(query).toEqual({ q: '保温杯', status: 'out', warehouse_id: WAREHOUSE, paused: '1', sort: '-available', page: '4', page_size: '10' })
    expect(readListState(opts, query)).toEqual(state)
    expect(writeListState(opts, readListState(opts, {}))).toEqual({})
  })
})

describe('useListQuery', () => {
  it('loads what the address says, and a search writes the edited filters to the address from page 1', async () => {
    const { calls, load } = server()
    const { list, router } = await mountList(`/stock?status=low&page=3`, load)
    expect(calls).toHaveLength(1)
    expect(calls[0].request).toMatchObject({ filters: { status: 'low', q: '' }, sort: '-updated_at', page: 3, page_size: 20 })
    calls[0].answer(['a', 'b'], 42)
    await settle()
    expect(list.items.value).toEqual(['a', 'b'])
    expect(list.total.value).toBe(42)
    expect(list.loading.value).toBe(false)

    // when the user types a keyword and searches
    list.filters.q = 'flask'
    await list.search()
    await settle()

    // then the address carries it, back on the first page, and the list is loaded for it
    expect(router.currentRoute.value.fullPath).toBe('/stock?q=flask&status=low')
    expect(calls).toHaveLength(2)
    expect(calls[1].request).toMatchObject({ filters: { q: 'flask', status: 'low' }, page: 1 })
  })

  it('goes back to page 1 when a filter or the sort changes, but not when only the page does', async () => {
    const { calls, load } = server()
    const { list, router } = await mountList('/stock?q=mug', load)
    list.page.value = 5
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'mug', page: '5' })

    await list.apply({ status: 'out' })
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'mug', status: 'out' })

    list.page.value = 2
    await settle()
    list.sort.value = 'available'
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'mug', status: 'out', sort: 'available' })

    list.page.value = 3
    await settle()
    list.pageSize.value = 50
    await settle()
    expect(router.currentRoute.value.query).toEqual({ q: 'mug', status: 'out', sort: 'available', page_size: '50' })
    expect(calls.at(-1)?.request).toMatchObject({ page: 1, page_size: 50, sort: 'available' })
  })

  it('restores the previous filters, page and the edited form when the user goes Back', async () => {
    const { calls, load } = server()
    const { list, router } = await mountList('/stock', load)
    await list.apply({ status: 'low', q: 'mug' })
    await settle()
    list.page.value = 2
    await settle()
    await list.apply({ status: 'out' })
    await settle()
    expect(list.filters.status).toBe('out')

    // when they go back
    router.back()
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/stock?q=mug&status=low&page=2'))
    await settle()

    // then the list is loaded for the previous state and the filter form shows it again
    expect(list.filters).toMatchObject({ q: 'mug', status: 'low' })
    expect(list.page.value).toBe(2)
    expect(calls.at(-1)?.request).toMatchObject({ filters: { q: 'mug', status: 'low' }, page: 2 })
  })

  it('shows only the answer to the latest filters when an older one arrives last', async () => {
    const { calls, load } = server()
    const { list } = await mountList('/stock', load)
    calls[0].answer(['everything'])
    await settle()

    // given two searches in quick succession
    await list.apply({ q: 'slow' })
    await settle()
    await list.apply({ q: 'fast' })
    await settle()
    const [slow, fast] = calls.slice(1)
    expect(slow.request.signal.aborted).toBe(true)

    // when the second answers first and the first answers late
    fast.answer(['fast result'])
    await settle()
    slow.answer(['stale result'])
    await settle()

    // then the list shows the second search's result
    expect(list.items.value).toEqual(['fast result'])
    expect(list.loading.value).toBe(false)
  })

  it('keeps a failure of the latest load and ignores one of a stale load', async () => {
    const { calls, load } = server()
    const { list } = await mountList('/stock', load)
    calls[0].fail(new Error('offline'))
    await settle()
    expect(list.failed.value).toBe(true)

    await list.search() // the same address: loads again instead of navigating
    await settle()
    expect(calls).toHaveLength(2)
    expect(list.failed.value).toBe(false)
    await list.apply({ q: 'next' })
    await settle()
    calls[1].fail(new Error('aborted'))
    calls[2].answer(['ok'])
    await settle()
    expect(list.failed.value).toBe(false)
    expect(list.items.value).toEqual(['ok'])
  })

  it('does not load the list for the next page when the user leaves', async () => {
    const { calls, load } = server()
    const { router } = await mountList('/stock', load)
    await router.push('/elsewhere?q=x')
    await settle()
    expect(calls).toHaveLength(1)
  })
})
