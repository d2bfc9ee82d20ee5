import { describe, expect, it } from 'vitest'
import { paymentQuery, refundQuery, type PaymentFilters, type RefundFilters } from '@/pages/admin/payments/filters'

const shared = {
  order_number: 'SO-1',
  method: ['alipay'],
  status: [],
  amount_min: '10.00',
  amount_max: '',
  created_from: '2026-01-01T00:00:00Z',
  created_to: '',
}

describe('finance list queries', () => {
  it('send the filters set, each list its own number and dates, in the address bar order', () => {
    const payments = paymentQuery({ ...shared, payment_no: 'P1', paid_from: '', paid_to: '2026-02-01T00:00:00Z' } as PaymentFilters, 'paid_at')
    expect(Object.entries(payments).filter(([, value]) => value !== undefined)).toEqual([
      ['order_number', 'SO-1'],
      ['payment_no', 'P1'],
      ['method', ['alipay']],
      ['amount_min', '10.00'],
      ['created_from', '2026-01-01T00:00:00Z'],
      ['paid_to', '2026-02-01T00:00:00Z'],
      ['sort', 'paid_at'],
    ])
    const refunds = refundQuery({ ...shared, refund_no: '', status: ['failed'] } as RefundFilters, '-succeeded_at')
    expect(Object.keys(refunds)).toEqual(['order_number', 'refund_no', 'method', 'status', 'amount_min', 'amount_max', 'created_from', 'created_to', 'sort'])
    expect(refunds).toMatchObject({ refund_no: undefined, status: ['failed'], sort: '-succeeded_at' })
  })

  it('fall back to newest first for a sort the list does not have', () => {
    expect(paymentQuery({ ...shared, payment_no: '', paid_from: '', paid_to: '' } as PaymentFilters, 'succeeded_at').sort).toBe('-created_at')
    expect(refundQuery({ ...shared, refund_no: '' } as RefundFilters, 'paid_at').sort).toBe('-created_at')
  })
})
