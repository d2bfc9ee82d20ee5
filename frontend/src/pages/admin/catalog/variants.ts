/**
 * Building a product's SKU rows from its options: staff name the options (颜色: 红, 蓝; 尺码: S, M, L) and every
 * combination becomes a row (颜色 × 尺码 = 6). Regenerating keeps what staff typed: a row whose attributes a
 * combination still names keeps its code, prices, barcode and id. Options are written in the attribute syntax
 * (attributes.ts): `颜色|Colour` as the name, `红|Red; 蓝|Blue` as the values.
 */
import { formatAttributes, joinWord, parseAttributes, splitWord, type Attributes, type AttributesEnglish } from './attributes'
import { CODE_PATTERN, emptyRow, type SkuRow } from './skuRows'

/** One option as the builder edits it: its name and its values, each with optional English after `|`. */
export interface VariantOption {
  name: string
  values: string
}

export interface Combination {
  attributes: Attributes
  english: AttributesEnglish
}

export interface Generated {
  rows: SkuRow[]
  /** Existing rows that no combination names any more: they are left out (the save deletes them). */
  removed: SkuRow[]
  /** Rows made new (code proposed, prices copied from the first row that has them). */
  added: number
}

/** At most this many rows are generated at once: a product with more variants is a typo (or a catalog file). */
export const MAX_COMBINATIONS = 200

function valuesOf(option: VariantOption): [string, string | undefined][] {
  const seen = new Set<string>()
  const values: [string, string | undefined][] = []
  for (const part of option.values.replace(/[；\n]/g, ';').split(';')) {
    const [value, english] = splitWord(part)
    if (value && !seen.has(value)) {
      seen.add(value)
      values.push([value, english])
    }
  }
  return values
}

/** The options written in the rows, in the order they first appear, with the first English word given for each. */
export function optionsFromRows(rows: readonly SkuRow[]): VariantOption[] {
  const names: string[] = []
  const nameEnglish: Record<string, string | undefined> = {}
  const values: Record<string, string[]> = {}
  const valueEnglish: Record<string, Record<string, string | undefined>> = {}
  for (const row of rows) {
    const { attributes, english } = parseAttributes(row.attributesText)
    for (const [name, value] of Object.entries(attributes)) {
      if (!names.includes(name)) {
        names.push(name)
        values[name] = []
        valueEnglish[name] = {}
      }
      nameEnglish[name] ??= english[name]?.name ?? undefined
      if (!values[name].includes(value)) values[name].push(value)
      valueEnglish[name][value] ??= english[name]?.value ?? undefined
    }
  }
  return names.map((name) => ({
    name: joinWord(name, nameEnglish[name]),
    values: values[name].map((value) => joinWord(value, valueEnglish[name][value])).join('; '),
  }))
}

/** Every combination of the options' values, the first option varying slowest (红 S, 红 M, 蓝 S, 蓝 M). */
export function combinations(options: readonly VariantOption[]): Combination[] {
  let result: Combination[] = [{ attributes: {}, english: {} }]
  for (const option of options) {
    const [name, nameEn] = splitWord(option.name)
    const values = valuesOf(option)
    if (!name || values.length === 0) continue
    result = result.flatMap((combination) =>
      values.map(([value, valueEn]) => {
        const words = { ...(nameEn ? { name: nameEn } : {}), ...(valueEn ? { value: valueEn } : {}) }
        return {
          attributes: { ...combination.attributes, [name]: value },
          english: Object.keys(words).length ? { ...combination.english, [name]: words } : combination.english,
        }
      }),
    )
  }
  return Object.keys(result[0]?.attributes ?? {}).length ? result : []
}

/** How many rows the options make, to warn before making an absurd number. */
export function combinationCount(options: readonly VariantOption[]): number {
  return options.reduce((count, option) => (splitWord(option.name)[0] && valuesOf(option).length ? count * valuesOf(option).length : count), 1)
}

function sameAttributes(a: Attributes, b: Attributes): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
}

/** Whether `row` says nothing that contradicts `combination` (an option was added since the row was made). */
function within(row: Attributes, combination: Attributes): boolean {
  return Object.entries(row).every(([name, value]) => combination[name] === value)
}

/** A code segment for a value: its English or own word in letters and digits, else its position. */
function segment(value: string, english: string | undefined, position: number): string {
  const word = (english ?? value).normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '').toUpperCase()
  return word || String(position + 1)
}

function proposedCode(productCode: string, combination: Combination, options: readonly VariantOption[], taken: Set<string>): string {
  const base = CODE_PATTERN.test(productCode.trim()) ? productCode.trim() : 'SKU'
  const parts = Object.entries(combination.attributes).map(([name, value]) => {
    const option = options.find((o) => splitWord(o.name)[0] === name)
    const position = option ? valuesOf(option).findIndex(([v]) => v === value) : 0
    return segment(value, combination.english[name]?.value ?? undefined, position)
  })
  const stem = [base, ...parts].join('-').slice(0, 60)
  let code = stem
  for (let n = 2; taken.has(code.toLowerCase()); n++) code = `${stem}-${n}`
  taken.add(code.toLowerCase())
  return code
}

/**
 * The SKU rows for the options. A row is kept when its attributes are exactly a combination's, or else, once,
 * when they are part of one (a new option was added: 红 becomes 红 / S and keeps its code and prices). New rows
 * get a proposed code and the first kept row's prices; rows no combination names are returned as `removed`.
 */
export function generateRows(options: readonly VariantOption[], existing: readonly SkuRow[], productCode: string): Generated {
  const wanted = combinations(options)
  const parsed = existing.map((row) => parseAttributes(row.attributesText).attributes)
  const used = new Set<number>()
  const claim = (match: (row: Attributes) => boolean): number => {
    const index = parsed.findIndex((attributes, i) => !used.has(i) && match(attributes))
    if (index !== -1) used.add(index)
    return index
  }
  // exact matches first, so a partial match never takes a row another combination names exactly
  const exact = wanted.map((c) => claim((attributes) => sameAttributes(attributes, c.attributes)))
  const kept = wanted.map((c, i) => (exact[i] !== -1 ? exact[i] : claim((attributes) => within(attributes, c.attributes))))
  const taken = new Set(existing.filter((_, i) => used.has(i)).map((row) => row.code.trim().toLowerCase()))
  const template = kept.map((index) => existing[index]).find((row) => row?.retail_price) ?? existing.find((row) => row.retail_price)
  let added = 0
  const rows = wanted.map((combination, i) => {
    const text = formatAttributes(combination.attributes, combination.english)
    const index = kept[i]
    if (index !== -1) {
      const row = existing[index]
      // a blank row (the one a new product starts with) is filled in like a new one
      const code = row.code.trim() || proposedCode(productCode, combination, options, taken)
      return { ...row, code, attributesText: text }
    }
    added++
    return {
      ...emptyRow(),
      code: proposedCode(productCode, combination, options, taken),
      attributesText: text,
      retail_price: template?.retail_price ?? '',
      wholesale_price: template?.wholesale_price ?? '',
    }
  })
  return { rows, removed: existing.filter((_, i) => !used.has(i)), added }
}
