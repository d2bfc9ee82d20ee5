import { computed, ref } from 'vue'
import { ElMessage } from 'element-plus'
import { unwrap } from '@/api/problem'
import { lineProblems, newLine, type StockLine } from './lines'
import type { Movement } from './types'

type Booked = { movements: Movement[] }
/** The batch's POST through the typed client, sent with these headers. */
type BookCall = (headers: { 'Idempotency-Key': string }) => Parameters<typeof unwrap<Booked>>[0]

export interface BookOptions {
  /** The toast for a booked batch of `count` movements. */
  done: (count: number) => string
  /** Clears the form's own fields once the batch is booked. */
  reset: () => void
}

/**
 * The lines of a stock batch (a receipt, an adjustment) and its booking: what is wrong with the lines, the saving
 * state, the movements booked, and one idempotency key per batch.
 */
export function useStockBatch(kind: 'receipt' | 'adjustment', reportProblem: (error: unknown) => void) {
  const lines = ref<StockLine[]>([newLine()])
  const showErrors = ref(false)
  const saving = ref(false)
  const result = ref<Movement[] | null>(null)
  // Kept until the batch goes through, so a retried submit after a lost response books it once.
  let idempotencyKey = crypto.randomUUID()

  const problems = computed(() => lineProblems(lines.value, kind))

  function addLine() {
    // A batch usually happens in one warehouse: start the new line where the last one was (receipt lines name none).
    lines.value.push(newLine(lines.value[lines.value.length - 1]?.warehouse_id))
  }

  /** Books the batch with `post`; once booked, shows its movements and starts a new batch in the first line's warehouse. */
  async function book(post: BookCall, options: BookOptions) {
    saving.value = true
    try {
      const { movements } = await unwrap(post({ 'Idempotency-Key': idempotencyKey }))
      ElMessage.success(options.done(movements.length))
      result.value = movements
      idempotencyKey = crypto.randomUUID()
      lines.value = [newLine(lines.value[0]?.warehouse_id)]
      options.reset()
      showErrors.value = false
    } catch (error) {
      // 422 stock.insufficient and friends: nothing of the batch was booked; the detail says which line.
      reportProblem(error)
    } finally {
      saving.value = false
    }
  }

  return { lines, showErrors, saving, result, problems, addLine, book }
}

export type StockBatch = ReturnType<typeof useStockBatch>
