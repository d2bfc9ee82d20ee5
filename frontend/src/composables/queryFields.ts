/**
 * How a list page's filters are written in the address bar: one codec per filter, so that every value read from a
 * URL (typed by hand, shared, restored by Back) is coerced to the filter's type, and anything malformed falls back
 * to the default instead of reaching the API. Defaults are left out of the URL so a plain list keeps a plain address.
 */
import type { LocationQuery, LocationQueryValue } from 'vue-router'
import { BASE_CURRENCY, isAmount } from '@/money/decimal'

export interface QueryField<T> {
  /** The value when the URL does not say, or says something unusable. */
  readonly fallback: T
  /** The URL's text (already trimmed) as a value; the fallback for anything malformed. */
  parse(raw: string): T
  /** The value as URL text; '' leaves the parameter out. */
  format(value: T): string
}

export type QueryFields<F> = { [K in keyof F]: QueryField<F[K]> }

/** The first of repeated parameters, trimmed; '' when absent. */
export function firstValue(value: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const one = Array.isArray(value) ? value[0] : value
  return (one ?? '').trim()
}

/** Free text (a keyword), cut to what the API accepts. */
export function textField(maxLength = 100): QueryField<string> {
  const cut = (value: string) => value.trim().slice(0, maxLength).trim()
  return { fallback: '', parse: cut, format: (value) => cut(value ?? '') }
}

/** One of a fixed set of values (a status, a sort key); '' or the given fallback otherwise. */
export function choiceField<T extends string>(values: readonly T[]): QueryField<T | ''>
export function choiceField<T extends string>(values: readonly T[], fallback: T): QueryField<T>
export function choiceField<T extends string>(values: readonly T[], fallback: T | '' = ''): QueryField<T | ''> {
  return {
    fallback,
    parse: (raw) => (values.includes(raw as T) ? (raw as T) : fallback),
    format: (value) => (value && value !== fallback && values.includes(value as T) ? value : ''),
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** An id (UUID), lower-cased; '' for anything else. */
export function idField(): QueryField<string> {
  const clean = (value: string) => (UUID.test(value.trim()) ? value.trim().toLowerCase() : '')
  return { fallback: '', parse: clean, format: (value) => clean(value ?? '') }
}

/** A yes/no switch that is off unless the URL says `1` or `true`. */
export function flagField(): QueryField<boolean> {
  return {
    fallback: false,
    parse: (raw) => raw.toLowerCase() === '1' || raw.toLowerCase() === 'true',
    format: (value) => (value ? '1' : ''),
  }
}

/** A tri-state yes/no/either filter (`true`, `false`, or absent). */
export function booleanField(): QueryField<'' | 'true' | 'false'> {
  return choiceField(['true', 'false'] as const)
}

/** A whole number in [min, max]; the fallback otherwise. */
export function integerField(fallback: number, min = 1, max = 10_000): QueryField<number> {
  return {
    fallback,
    parse: (raw) => {
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN
      return Number.isInteger(value) && value >= min && value <= max ? value : fallback
    },
    format: (value) => (value === fallback ? '' : String(value)),
  }
}

/** A non-negative amount with at most the currency's decimals, as the API takes it (`12.5`, leading zeros dropped); '' otherwise. */
export function amountField(currency: string = BASE_CURRENCY): QueryField<string> {
  const clean = (value: string) => {
    const text = (value ?? '').trim().replace(/^0+(?=\d)/, '')
    return text.length <= 13 && isAmount(text, currency) ? text : ''
  }
  return { fallback: '', parse: clean, format: clean }
}

/** A moment (ISO-8601), as date pickers give it; '' for anything that is not a date. */
export function timeField(): QueryField<string> {
  const clean = (value: string) => {
    const text = (value ?? '').trim()
    return text && !Number.isNaN(new Date(text).getTime()) ? new Date(text).toISOString() : ''
  }
  return { fallback: '', parse: clean, format: clean }
}

/** The filters a URL query means, every one coerced to its type. */
export function readFilters<F>(fields: QueryFields<F>, query: LocationQuery): F {
  const filters = {} as F
  for (const key of Object.keys(fields) as (keyof F & string)[]) {
    const raw = firstValue(query[key])
    filters[key] = raw ? fields[key].parse(raw) : fields[key].fallback
  }
  return filters
}

/** The URL query for some filters, defaults left out, in the order the fields are declared. */
export function writeFilters<F>(fields: QueryFields<F>, filters: F): Record<string, string> {
  const query: Record<string, string> = {}
  for (const key of Object.keys(fields) as (keyof F & string)[]) {
    const text = fields[key].format(filters[key])
    if (text) query[key] = text
  }
  return query
}

/** The default filters of some fields. */
export function defaultFilters<F>(fields: QueryFields<F>): F {
  const filters = {} as F
  for (const key of Object.keys(fields) as (keyof F)[]) filters[key] = fields[key].fallback
  return filters
}

/** The filter values some fields describe: `FiltersOf<typeof FIELDS>`. */
export type FiltersOf<Fields> = { [K in keyof Fields]: Fields[K] extends QueryField<infer T> ? T : never }
