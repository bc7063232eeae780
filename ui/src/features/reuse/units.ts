/**
 * A KPI value with its unit. The unit is free text of the pilot (or of another municipality's
 * profile); where it is a count of days ("Tage", "days") the value is said with the UI
 * language's plural through i18next — "1 Tag", "3,5 Tage"; "1 day", "0.8 days" — rather than
 * "1 Tage". Other units stay as written, after a space – but "%", which follows the UI
 * language's custom as Intl writes percentages ("74 %" in German, "74%" in English).
 */
import type { TFunction } from 'i18next';
import { localeTag } from '@/lib/format';

const DAYS = /^(tag|tage|tagen|day|days)$/i;

/** Whether a KPI's unit counts days. */
export function isDayUnit(unit: string | null | undefined): boolean {
  return !!unit && DAYS.test(unit.trim());
}

/** What goes between a number and "%" in `lng`: Intl's (a no-break space in German, nothing in English). */
export function percentSpace(lng: string): string {
  return new Intl.NumberFormat(localeTag(lng), { style: 'percent' })
    .formatToParts(0.5)
    .filter((p) => p.type === 'literal')
    .map((p) => p.value)
    .join('');
}

/**
 * `fmt.number` formats the value (with `digits` fraction digits at most) in `fmt.lng`, the UI's
 * language (see useFormat); the plural is chosen for the value as shown (0,999 shown as "1" is one day).
 */
export function valueWithUnit(
  t: TFunction,
  fmt: { lng: string; number: (v: number, digits?: number) => string },
  value: number,
  unit: string,
  digits = 1,
): string {
  const shown = fmt.number(value, digits);
  if (unit.trim() === '%') return `${shown}${percentSpace(fmt.lng)}%`;
  if (!isDayUnit(unit)) return `${shown} ${unit}`.trim();
  const f = 10 ** digits;
  return t('reuse.unitDays', { count: Math.round(value * f) / f, value: shown });
}
