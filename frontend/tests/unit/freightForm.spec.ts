import { describe, expect, it } from 'vitest'
import { BACKOFFICE_MENU, visibleMenu } from '@/access/menu'
import { emptyForm, isFee, normalizedFee, repeatedRegions, toBody, toForm } from '@/pages/admin/freight/form'
import type { FreightTemplate } from '@/pages/admin/freight/types'

const money = (amount: string) => ({ amount, currency: 'CNY' })

describe('freight template form', () => {
  it('sends kilograms as grams and fees as typed', () => {
    const form = emptyForm()
    Object.assign(form, { name: ' 标准快递 ', freeOver: '99' })
    Object.assign(form.defaultRule, { first: 1, firstFee: '10.00', additional: 0.5, additionalFee: '5' })
    form.regionRules.push({ regionCodes: ['650000'], first: 1, firstFee: '20', additional: 1, additionalFee: '10' })

    expect(toBody(form)).toEqual({
      name: '标准快递',
      currency: 'CNY',
      basis: 'by_weight',
      default_rule: { first: 1000, first_fee: '10.00', additional: 500, additional_fee: '5' },
      region_rules: [{ region_codes: ['650000'], first: 1000, first_fee: '20', additional: 1000, additional_fee: '10' }],
      free_over: '99',
      unserved_region_codes: [],
    })
  })

  it('counts items as items and reads a stored template back into the form', () => {
    const stored = {
      id: 't1',
      name: '按件',
      currency: 'CNY',
      basis: 'by_quantity',
      default_rule: { first: 2, first_fee: money('8.00'), additional: 1, additional_fee: money('3.00') },
      region_rules: [],
      free_over: null,
      unserved_region_codes: ['710000'],
      is_default: false,
      created_at: null,
      updated_at: null,
    } as FreightTemplate

    const form = toForm(stored)

    expect(form.defaultRule).toEqual({ first: 2, firstFee: '8.00', additional: 1, additionalFee: '3.00' })
    expect(form.freeOver).toBe('')
    expect(toBody(form).default_rule.first).toBe(2)
  })

  it('finds a region named twice, and checks fees', () => {
    const form = emptyForm()
    form.regionRules.push({ regionCodes: ['650000', '540000'], first: 1, firstFee: '1', additional: 1, additionalFee: '1' })
    form.unserved = ['540000']

    expect(repeatedRegions(form)).toEqual(['540000'])
    expect([isFee('9.5'), isFee('9.555'), isFee('-1'), isFee(''), isFee('', true)]).toEqual([true, false, false, false, true])
    expect(normalizedFee('5')).toBe('5.00')
  })

  it('shows the freight page to order staff and to those who change settings', () => {
    const keys = (permissions: string[]) => visibleMenu(BACKOFFICE_MENU, permissions).map((entry) => entry.key)
    expect(keys(['orders:read'])).toContain('freight')
    expect(keys(['settings:write'])).toContain('freight')
    expect(keys(['inventory:read'])).not.toContain('freight')
  })
})
