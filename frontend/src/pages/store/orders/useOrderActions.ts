/**
 * What a shopper may do with an order (cancel before shipment, confirm receipt when shipped), shared by the
 * order cards of "My orders" and the order page. Cancelling opens CancelDialog (for its reason picker); confirming
 * asks once. `changed` gets the order as the server now has it.
 */
import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { showProblem } from '@/api/feedback'
import { confirmReceipt, type Order } from './ordersApi'

export function useOrderActions(changed: (order: Order) => void) {
  const { t } = useI18n()
  const cancelOpen = ref(false)
  const cancelling = ref<{ id: string; status: string }>({ id: '', status: '' })

  function startCancel(order: { id: string; status: string }) {
    cancelling.value = { id: order.id, status: order.status }
    cancelOpen.value = true
  }

  async function confirm(order: { id: string }): Promise<void> {
    try {
      await ElMessageBox.confirm(t('storeOrders.confirm.body'), t('storeOrders.confirm.title'), {
        confirmButtonText: t('storeOrders.confirm.submit'),
        cancelButtonText: t('common.cancel'),
        type: 'info',
      })
    } catch {
      return
    }
    try {
      changed(await confirmReceipt(order.id))
      ElMessage.success(t('storeOrders.confirm.done'))
    } catch (error) {
      showProblem(error)
    }
  }

  return { cancelOpen, cancelling, startCancel, confirm }
}
