/**
 * The "registered between" filter: a range of calendar days in the browser's time zone as the API's half-open
 * range of moments (`registered_from` inclusive, `registered_to` exclusive: the day after the last day).
 */
const DAY = 24 * 60 * 60 * 1000

export function daysToRange(days: [Date, Date] | null): { registered_from: string; registered_to: string } {
  if (!days) return { registered_from: '', registered_to: '' }
  const start = new Date(days[0].getFullYear(), days[0].getMonth(), days[0].getDate())
  const end = new Date(days[1].getFullYear(), days[1].getMonth(), days[1].getDate() + 1)
  return { registered_from: start.toISOString(), registered_to: end.toISOString() }
}

export function rangeToDays(from: string, to: string): [Date, Date] | null {
  if (!from || !to) return null
  return [new Date(from), new Date(new Date(to).getTime() - DAY)]
}
