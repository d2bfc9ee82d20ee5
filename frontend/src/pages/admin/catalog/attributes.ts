/**
 * SKU spec attributes written as one line, the same way as in catalog files (domain/catalog/attribute_syntax.py):
 *
 *     颜色|Colour=红|Red; 尺码|Size=M
 *
 * pairs `name=value` separated by `;` (or a new line), the English words after `|`, optional, on a name, a value
 * or both. Full-width `；` `＝` `｜` work too because staff type in Chinese input methods. Sent as
 * `attributes: {颜色: "红"}` and `attributes_en: {颜色: {name: "Colour", value: "Red"}}`.
 */
export type Attributes = Record<string, string>
/** The English words of one attribute; either may be missing (the shop's own word is shown then). */
export interface AttributeEnglish {
  name?: string | null
  value?: string | null
}
export type AttributesEnglish = Record<string, AttributeEnglish>

export const MAX_ATTRIBUTES = 10
const MAX_NAME = 32
const MAX_VALUE = 64

export interface ParsedAttributes {
  attributes: Attributes
  english: AttributesEnglish
  /** i18n keys under `catalog.sku.attributeErrors` with the offending part. */
  errors: { key: 'missingValue' | 'missingName' | 'duplicate' | 'tooLong' | 'tooMany'; part: string }[]
}

const FULL_WIDTH: Record<string, string> = { '；': ';', '＝': '=', '｜': '|', '\n': ';', '\r': ';' }

function halfWidth(text: string): string {
  return text.replace(/[；＝｜\n\r]/g, (c) => FULL_WIDTH[c] ?? c)
}

/** `红|Red` → ['红', 'Red']; the English part is undefined when missing or blank. */
export function splitWord(text: string): [string, string | undefined] {
  const normal = halfWidth(text)
  const index = normal.indexOf('|')
  if (index === -1) return [normal.trim(), undefined]
  return [normal.slice(0, index).trim(), normal.slice(index + 1).trim() || undefined]
}

export function joinWord(own: string, english?: string | null): string {
  return english ? `${own}|${english}` : own
}

export function parseAttributes(text: string): ParsedAttributes {
  const parsed: ParsedAttributes = { attributes: {}, english: {}, errors: [] }
  for (const raw of halfWidth(text).split(';')) {
    const part = raw.trim()
    if (!part) continue
    const index = part.indexOf('=')
    if (index === -1) {
      parsed.errors.push({ key: 'missingValue', part })
      continue
    }
    const [name, nameEn] = splitWord(part.slice(0, index))
    const [value, valueEn] = splitWord(part.slice(index + 1))
    if (!name) parsed.errors.push({ key: 'missingName', part })
    else if (!value) parsed.errors.push({ key: 'missingValue', part })
    else if (name in parsed.attributes) parsed.errors.push({ key: 'duplicate', part })
    else if (Math.max(name.length, nameEn?.length ?? 0) > MAX_NAME || Math.max(value.length, valueEn?.length ?? 0) > MAX_VALUE)
      parsed.errors.push({ key: 'tooLong', part })
    else if (Object.keys(parsed.attributes).length === MAX_ATTRIBUTES) parsed.errors.push({ key: 'tooMany', part })
    else {
      parsed.attributes[name] = value
      if (nameEn || valueEn) parsed.english[name] = { ...(nameEn ? { name: nameEn } : {}), ...(valueEn ? { value: valueEn } : {}) }
    }
  }
  return parsed
}

export function formatAttributes(attributes: Attributes | null | undefined, english?: AttributesEnglish | null): string {
  return Object.entries(attributes ?? {})
    .map(([name, value]) => `${joinWord(name, english?.[name]?.name)}=${joinWord(value, english?.[name]?.value)}`)
    .join('; ')
}

/** SKUs of one product must differ in their attributes; returns the indexes of rows that repeat an earlier one. */
export function duplicateAttributeRows(rows: Attributes[]): number[] {
  const seen = new Set<string>()
  const duplicates: number[] = []
  rows.forEach((attributes, index) => {
    const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)))
    if (seen.has(key)) duplicates.push(index)
    seen.add(key)
  })
  return duplicates
}
