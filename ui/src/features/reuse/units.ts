/**
 * A KPI value with its unit. The unit is free text of the pilot (or of another municipality's
 * profile); where it is a count of days ("Tage", "days") the value is said with the UI
 * language's plural through i18next — "1 Tag", "3,5 Tage"; "1 day", "0.8 days" — rather than
 * "1 Tage". Other units stay as written.
 */
import type { TFunction } from 'i18next';

const DAYS = /^(tag|tage|tagen|day|days)$/i;

/** Whether a KPI's unit counts days. */
export function isDayUnit(unit: string | null | undefined): boolean {
  return !!unit && DAYS.test(unit.trim());
}

/**
 * `number` formats the value (with `digits` fraction digits at most); the plural is chosen
 * for the value as shown (0,999 shown as "1" is one day).
 */
export function valueWithUnit(t: TFunction, number: (v: number, digits?: number) => string, value: number, unit: string, digits = 1): string {
  const shown = number(value, digits);
  if (!isDayUnit(unit)) return `${shown} ${unit}`.trim();
  const f = 10 ** digits;
  return t('reuse.unitDays', { count: Math.round(value * f) / f, value: shown });
}
