/**
 * Choosing a SKU by its attribute values (colour, size…): which values can still be picked given the others
 * already picked and the stock, and which SKU a full choice names. Pure functions, so the rules are unit-tested
 * without a browser.
 */

export type StockStatus = 'in_stock' | 'low' | 'out_of_stock'

/** What the picker needs to know of a SKU. */
export interface PickableSku {
  id: string
  attributes: Record<string, string>
  available: number
  stock_status: StockStatus
}

/** The value chosen per attribute name; a missing name means "not chosen yet". */
export type Selection = Record<string, string>

export interface OptionValue {
  value: string
  selected: boolean
  /** Some SKU with this value and the other chosen values can be bought now. */
  selectable: boolean
  /** A SKU with this combination exists but none of it is in stock (shown struck out, not hidden). */
  soldOut: boolean
}

export interface OptionGroup {
  name: string
  values: OptionValue[]
}

export function isBuyable(sku: PickableSku): boolean {
  return sku.stock_status !== 'out_of_stock' && sku.available > 0
}

/** The attribute names and their values in the order the product gives them, completed from the SKUs. */
export function attributeNames(options: Record<string, string[]>, skus: readonly PickableSku[]): string[] {
  const names = Object.keys(options)
  for (const sku of skus) {
    for (const name of Object.keys(sku.attributes)) if (!names.includes(name)) names.push(name)
  }
  return names
}

function valuesOf(name: string, options: Record<string, string[]>, skus: readonly PickableSku[]): string[] {
  const values = [...(options[name] ?? [])]
  for (const sku of skus) {
    const value = sku.attributes[name]
    if (value !== undefined && !values.includes(value)) values.push(value)
  }
  return values
}

function matches(sku: PickableSku, selection: Selection, ignoring?: string): boolean {
  return Object.entries(selection).every(([name, value]) => name === ignoring || sku.attributes[name] === value)
}

/**
 * Each attribute's values with whether they can be picked: a value is selectable when some in-stock SKU has it
 * together with every value chosen for the *other* attributes (so a choice can always be changed in place).
 */
export function optionGroups(
  options: Record<string, string[]>,
  skus: readonly PickableSku[],
  selection: Selection,
): OptionGroup[] {
  return attributeNames(options, skus).map((name) => ({
    name,
    values: valuesOf(name, options, skus).map((value) => {
      const candidates = skus.filter((sku) => sku.attributes[name] === value && matches(sku, selection, name))
      const selectable = candidates.some(isBuyable)
      return { value, selected: selection[name] === value, selectable, soldOut: !selectable && candidates.length > 0 }
    }),
  }))
}

/** The SKU a complete choice names, or null while some attribute is still open. */
export function chosenSku<T extends PickableSku>(
  options: Record<string, string[]>,
  skus: readonly T[],
  selection: Selection,
): T | null {
  const names = attributeNames(options, skus)
  if (names.some((name) => selection[name] === undefined)) return null
  return skus.find((sku) => names.every((name) => sku.attributes[name] === selection[name])) ?? null
}

/** Clicking a value picks it, clicking the picked value again clears it; values that cannot be bought are refused. */
export function toggle(
  options: Record<string, string[]>,
  skus: readonly PickableSku[],
  selection: Selection,
  name: string,
  value: string,
): Selection {
  if (selection[name] === value) {
    const { [name]: _cleared, ...rest } = selection
    return rest
  }
  const group = optionGroups(options, skus, selection).find((g) => g.name === name)
  if (!group?.values.find((v) => v.value === value)?.selectable) return selection
  return { ...selection, [name]: value }
}

/**
 * Where the picker starts: attributes with one value are chosen already, and a product with a single SKU is
 * chosen whole. Nothing else is guessed, so the customer sees every choice.
 */
export function initialSelection(options: Record<string, string[]>, skus: readonly PickableSku[]): Selection {
  const selection: Selection = {}
  if (skus.length === 1) return { ...skus[0].attributes }
  for (const name of attributeNames(options, skus)) {
    const values = valuesOf(name, options, skus)
    if (values.length === 1) selection[name] = values[0]
  }
  return selection
}

/** The most a customer may put in the cart: what is available, at least 1 for the stepper's sake. */
export function maxQuantity(sku: PickableSku | null): number {
  return sku && isBuyable(sku) ? Math.max(1, sku.available) : 1
}

/** A quantity typed or stepped, kept within 1…available. */
export function clampQuantity(quantity: number, sku: PickableSku | null): number {
  if (!Number.isFinite(quantity)) return 1
  return Math.min(Math.max(1, Math.floor(quantity)), maxQuantity(sku))
}
