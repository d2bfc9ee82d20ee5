import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { describe, expect, it } from 'vitest'
import { i18n } from '@/i18n'
import en from '@/i18n/orderNotes/en.json'
import zh from '@/i18n/orderNotes/zh-CN.json'
import { CHANGE_KINDS, NOTE_CODES, orderNoteText, type NoteParams } from '@/composables/useOrderNote'
import OrderTimeline from '@/pages/store/orders/OrderTimeline.vue'
import type { OrderEvent } from '@/pages/store/orders/ordersApi'

type Locale = 'zh-CN' | 'en'

/** A note as a reader of that language sees it, through the app's own texts and money format. */
function read(locale: Locale, note: string, params: NoteParams): string | null {
  const { t, te } = i18n.global
  return orderNoteText(note, params, { t: (key, values) => t(key, values, { locale }), te: (key) => te(key, locale), locale })
}

const cny = (amount: string) => ({ amount, currency: 'CNY' })
const A = '261129120000123456'
const B = '261129120100654321'

describe('order notes written as codes', () => {
  it('words a split in each language, with the order numbers', () => {
    expect(read('zh-CN', 'split_from', { number: A })).toBe(`由订单 ${A} 拆分而来`)
    expect(read('en', 'split_from', { number: A })).toBe(`Split off order ${A}`)
    expect(read('zh-CN', 'split_into', { numbers: [A, B] })).toBe(`已拆分出 ${A}、${B}`)
    expect(read('en', 'split_into', { numbers: [A, B] })).toBe(`Split into ${A}, ${B}`)
  })

  it("words an edit's changes one by one, with money in the reader's format", () => {
    const params = {
      changes: [
        { kind: 'address' },
        { kind: 'quantity', sku: 'A-1', from: 2, to: 5 },
        { kind: 'added', sku: 'C', quantity: 4 },
        { kind: 'removed', sku: 'B' },
        { kind: 'unit_price', sku: 'A-1', from: cny('10.00'), to: cny('8.00') },
        { kind: 'total', from: cny('23.33'), to: cny('1234.50') },
        { kind: 'to_pay', amount: cny('20.00') },
      ],
    }
    expect(read('zh-CN', 'changed', params)).toBe(
      '修改了：收货地址；A-1 数量 2 → 5；新增 C × 4；删除 B；A-1 单价 ¥10.00 → ¥8.00；应付金额 ¥23.33 → ¥1,234.50；待补付 ¥20.00',
    )
    expect(read('en', 'changed', params)).toBe(
      'Changed: delivery address; A-1 quantity 2 → 5; added C × 4; removed B; A-1 unit price CN¥10.00 → CN¥8.00; total CN¥23.33 → CN¥1,234.50; CN¥20.00 still to pay',
    )
    expect(read('zh-CN', 'no_change', {})).toBe('没有改动')
    expect(read('en', 'no_change', {})).toBe('Nothing changed')
  })

  it('words a merge and the reason a merged order gives its customer', () => {
    const merged = { numbers: [B], changes: [{ kind: 'new_total', total: cny('32.50') }, { kind: 'to_refund', amount: cny('4.00') }] }
    expect(read('zh-CN', 'merged', merged)).toBe(`订单 ${B} 已并入本单；应付金额 ¥32.50；待退款 ¥4.00`)
    expect(read('en', 'merged', merged)).toBe(`Merged ${B} into this order; total CN¥32.50; CN¥4.00 to refund`)
    expect(read('zh-CN', 'merged_into', { number: A })).toBe(`已合并到订单 ${A}`)
    expect(read('en', 'merged_into', { number: A })).toBe(`Merged into order ${A}`)
  })

  it('words every rule an order sent back to review fails, as the review queue names them', () => {
    const failed = { flags: ['address', 'amount_limit'] }
    expect(read('zh-CN', 'review_failed', failed)).toBe('未通过自动审核：收货地址不完整；金额超过自动审核上限')
    expect(read('en', 'review_failed', failed)).toBe(
      'Automatic review failed: Delivery address incomplete; Amount over the automatic approval limit',
    )
    expect(read('en', 'review_failed', { flags: ['stock', 'gift_card'] })).toBe('Automatic review failed: Not enough stock for every line; gift_card')
  })

  it('leaves what a person typed, and the words of before, to be shown as they are', () => {
    expect(read('zh-CN', 'changed my mind', null)).toBeNull()
    expect(read('en', `merged into ${A}`, null)).toBeNull() // a note written before codes were kept
    expect(read('en', 'merged_into', null)).toBeNull() // a person may type a code: without parameters it is words
    expect(read('en', '', null)).toBeNull()
  })

  it('still words the codes the server writes without parameters', () => {
    expect(read('zh-CN', 'expired', null)).toBe('超时未付款')
    expect(read('en', 'auto_review', null)).toBe('Passed the automatic review')
  })

  it('names a change kind it does not know yet rather than failing', () => {
    expect(read('en', 'changed', { changes: [{ kind: 'gift_wrap' }, { kind: 'remark' }] })).toBe('Changed: gift_wrap; staff remark added')
  })

  it('has every code and change in both languages, Chinese in Chinese and English in English', () => {
    const han = /[\u4e00-\u9fff]/
    for (const [texts, chinese] of [
      [zh.orderNotes, true],
      [en.orderNotes, false],
    ] as const) {
      const labels: Record<string, unknown> = { ...texts }
      const changes: Record<string, string> = { ...texts.change }
      expect(NOTE_CODES.filter((code) => !labels[code])).toEqual([])
      expect(CHANGE_KINDS.filter((kind) => !changes[kind])).toEqual([])
      for (const text of [...NOTE_CODES.map((code) => String(labels[code])), ...CHANGE_KINDS.map((kind) => changes[kind])]) {
        expect(han.test(text!), text).toBe(chinese)
      }
    }
  })
})

describe("the customer's order timeline", () => {
  const stub = (tag: string) => ({ setup: (_: unknown, { slots }: { slots: { default?: () => unknown } }) => () => h(tag, slots.default?.() as never) })

  async function render(locale: Locale, events: Partial<OrderEvent>[]): Promise<string> {
    const app = createSSRApp(OrderTimeline, { events })
    app.component('ElTimeline', stub('ol'))
    app.component('ElTimelineItem', stub('li'))
    app.use(i18n)
    i18n.global.locale.value = locale
    return renderToString(app)
  }

  const event = (note: string, note_params: NoteParams): Partial<OrderEvent> => ({
    id: note,
    at: '2026-11-29T12:00:00Z',
    action: 'cancel',
    actor_kind: 'customer',
    to_status: 'cancelled',
    note,
    note_params: note_params as OrderEvent['note_params'],
  })

  it("shows a coded note in the reader's language and a typed one as typed", async () => {
    const events = [event('merged_into', { number: A }), event('不想要了', null)]

    const zhHtml = await render('zh-CN', events)
    const enHtml = await render('en', events)

    expect(zhHtml).toContain(`已合并到订单 ${A}`)
    expect(enHtml).toContain(`Merged into order ${A}`)
    expect(enHtml).not.toContain('merged_into')
    expect(enHtml).toMatch(/data-i18n-skip[^>]*>不想要了</) // data: not checked for the page's language
  })
})
