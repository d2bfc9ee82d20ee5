import { BASE_CURRENCY, currencyDigits, fromMinor, isAmount, toMinor } from '@/money/decimal'
import type { Basis, FreightTemplate, TemplateBody } from './types'

/**
 * The template editor's form, and its conversion to and from the API. By weight, staff type kilograms (首重 1 kg)
 * and the API stores grams; by quantity, both count items. Fees stay decimal strings, as the API takes them.
 */
export interface ChargeForm {
  first: number
  firstFee: string
  additional: number
  additionalFee: string
}

export interface RegionRuleForm extends ChargeForm {
  regionCodes: string[]
}

export interface TemplateForm {
  name: string
  basis: Basis
  defaultRule: ChargeForm
  regionRules: RegionRuleForm[]
  freeOver: string
  unserved: string[]
}

const GRAMS_PER_KG = 1000

export const emptyCharge = (): ChargeForm => ({ first: 1, firstFee: '', additional: 1, additionalFee: '' })

export const emptyForm = (): TemplateForm => ({
  name: '',
  basis: 'by_weight',
  defaultRule: emptyCharge(),
  regionRules: [],
  freeOver: '',
  unserved: [],
})

/** Units as the API counts them: grams by weight (from kilograms), items by quantity. */
export function toApiUnits(value: number, basis: Basis): number {
  return basis === 'by_weight' ? Math.round(value * GRAMS_PER_KG) : Math.round(value)
}

export function fromApiUnits(value: number, basis: Basis): number {
  return basis === 'by_weight' ? value / GRAMS_PER_KG : value
}

function chargeBody(charge: ChargeForm, basis: Basis) {
  return {
    first: toApiUnits(charge.first, basis),
    first_fee: charge.firstFee.trim(),
    additional: toApiUnits(charge.additional, basis),
    additional_fee: charge.additionalFee.trim(),
  }
}

export function toBody(form: TemplateForm): TemplateBody {
  return {
    name: form.name.trim(),
    currency: BASE_CURRENCY,
    basis: form.basis,
    default_rule: chargeBody(form.defaultRule, form.basis),
    region_rules: form.regionRules.map((rule) => ({ region_codes: [...rule.regionCodes], ...chargeBody(rule, form.basis) })),
    free_over: form.freeOver.trim() || null,
    unserved_region_codes: [...form.unserved],
  }
}

type ChargeOut = FreightTemplate['default_rule']

function chargeForm(charge: ChargeOut, basis: Basis): ChargeForm {
  return {
    first: fromApiUnits(charge.first, basis),
    firstFee: charge.first_fee.amount,
    additional: fromApiUnits(charge.additional, basis),
    additionalFee: charge.additional_fee.amount,
  }
}

export function toForm(template: FreightTemplate): TemplateForm {
  return {
    name: template.name,
    basis: template.basis,
    defaultRule: chargeForm(template.default_rule, template.basis),
    regionRules: template.region_rules.map((rule) => ({ regionCodes: [...rule.region_codes], ...chargeForm(rule, template.basis) })),
    freeOver: template.free_over?.amount ?? '',
    unserved: [...template.unserved_region_codes],
  }
}

/** Regions named twice in one template (in two rules, or in a rule and the not-delivered list). */
export function repeatedRegions(form: TemplateForm): string[] {
  const seen = new Set<string>()
  const repeated = new Set<string>()
  for (const code of [...form.regionRules.flatMap((rule) => rule.regionCodes), ...form.unserved]) {
    if (seen.has(code)) repeated.add(code)
    seen.add(code)
  }
  return [...repeated].sort()
}

/** Whether a fee or threshold the user typed is an amount (empty allowed where `optional`). */
export function isFee(text: string, optional = false): boolean {
  return (optional && !text.trim()) || isAmount(text, BASE_CURRENCY)
}

/** A typed amount as the canonical decimal string of the base currency ("5" → "5.00"), or the text as it was. */
export function normalizedFee(text: string): string {
  const digits = currencyDigits(BASE_CURRENCY)
  const minor = toMinor(text, digits)
  return minor === null ? text : fromMinor(minor, digits)
}
