/**
 * SKU spec attributes typed as one line, "颜色:红, 尺码:L", and sent as `{颜色: "红", 尺码: "L"}`. Both the
 * ASCII and full-width separators are accepted because staff type in Chinese input methods.
 */
export type Attributes = Record<string, string>

export interface ParsedAttributes {
  attributes: Attributes
  /** i18n keys under `catalog.attributes.errors` with the offending part. */
  errors: { key: 'missingValue' | 'missingName' | 'duplicate'; part: string }[]
}

const PAIR_SEPARATORS = /[,;，；\n]+/
const NAME_VALUE = /[:：=]/

export function parseAttributes(text: string): ParsedAttributes {
  const attributes: Attributes = {}
  const errors: ParsedAttributes['errors'] = []
  for (const raw of text.split(PAIR_SEPARATORS)) {
    const part = raw.trim()
    if (!part) continue
    const index = part.search(NAME_VALUE)
    if (index === -1) {
      errors.push({ key: 'missingValue', part })
      continue
    }
    const name = part.slice(0, index).trim()
    const value = part.slice(index + 1).trim()
    if (!name) errors.push({ key: 'missingName', part })
    else if (!value) errors.push({ key: 'missingValue', part })
    else if (name in attributes) errors.push({ key: 'duplicate', part })
    else attributes[name] = value
  }
  return { attributes, errors }
}

export function formatAttributes(attributes: Attributes | null | undefined): string {
  return Object.entries(attributes ?? {})
    .map(([name, value]) => `${name}:${value}`)
    .join(', ')
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
