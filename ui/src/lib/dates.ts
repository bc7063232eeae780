/**
 * Calendar days of date fields (YYYY-MM-DD) and the API's instants, in the browser's time
 * zone: a day the user picks is that day where they are. A due date or closing day ends at
 * 23:59:59 local time — in Münster that is 22:59:59Z in winter, not 23:59:59Z, which would
 * already be the next day there.
 */

const pad = (n: number) => String(n).padStart(2, '0');

/** A date field's day as the API's instant: the start of the day, or its end, in local time. */
export function dayToInstant(day: string, end: boolean): string {
  return new Date(`${day}T${end ? '23:59:59' : '00:00:00'}`).toISOString();
}

/** An instant as the local day a date field shows (YYYY-MM-DD). */
export function instantToDay(iso: string | null | undefined): string {
  if (!iso) return '';
  return localDay(new Date(iso));
}

/** The local day of a moment (today by default), as a date field writes it. */
export function localDay(d: Date = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The local day n days after d's. */
export function addDays(d: Date, n: number): Date {
  const out = new Date(d);
  out.setDate(out.getDate() + n);
  return out;
}
