import { describe, expect, it, vi } from 'vitest'
import { useStockBatch } from '@/pages/admin/inventory/useStockBatch'

vi.mock('element-plus', () => ({ ElMessage: { success: vi.fn() } }))

// what the typed client answers to a booked batch
const booked = { data: { movements: [{ id: 'm1' }, { id: 'm2' }] }, response: { ok: true } } as never

describe('a stock batch', () => {
  it('starts a new line where the last one was', () => {
    const batch = useStockBatch('adjustment', () => {})
    batch.lines.value[0]!.warehouse_id = 'w1'
    batch.addLine()
    expect(batch.lines.value.map((line) => line.warehouse_id)).toEqual(['w1', 'w1'])
  })

  it('books a refused batch again under the same key, and the next batch under a new one', async () => {
    const problems: unknown[] = []
    const batch = useStockBatch('adjustment', (error) => problems.push(error))
    batch.lines.value = [{ key: 1, sku_id: 's1', warehouse_id: 'w2', quantity: 3 }]
    batch.showErrors.value = true
    const keys: string[] = []
    const reset = vi.fn()
    const options = { done: (count: number) => `${count} booked`, reset }

    await batch.book(async (headers) => {
      keys.push(headers['Idempotency-Key'])
      throw new Error('lost')
    }, options)
    expect(problems).toHaveLength(1)
    expect(batch.lines.value).toHaveLength(1)
    expect(batch.lines.value[0]!.sku_id).toBe('s1')
    expect(reset).not.toHaveBeenCalled()

    await batch.book(async (headers) => (keys.push(headers['Idempotency-Key']), booked), options)
    await batch.book(async (headers) => (keys.push(headers['Idempotency-Key']), booked), options)
    expect(keys[0]).toBe(keys[1])
    expect(keys[2]).not.toBe(keys[1])
    expect(batch.result.value).toHaveLength(2)
    expect(reset).toHaveBeenCalledTimes(2)
    expect(batch.showErrors.value).toBe(false)
    expect(batch.saving.value).toBe(false)
    expect(batch.lines.value.map((line) => [line.sku_id, line.warehouse_id])).toEqual([['', 'w2']])
  })
})
