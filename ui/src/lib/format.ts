/** Locale-aware formatting through Intl, for the language the UI currently shows. */
import { useTranslation } from 'react-i18next';

export function localeTag(lng: string): string {
  return lng.startsWith('en') ? 'en-GB' : 'de-DE';
}

export function formatDate(value: string | Date | null | undefined, lng: string): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(localeTag(lng), { dateStyle: 'medium' }).format(d);
}

export function formatDateTime(value: string | Date | null | undefined, lng: string): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(localeTag(lng), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatNumber(value: number | null | undefined, lng: string, maximumFractionDigits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(localeTag(lng), { maximumFractionDigits }).format(value);
}

/** Whole amounts without cents (25.000 €); an amount with cents shows them (12,50 €), never rounded away. */
export function formatCurrency(value: number | null | undefined, lng: string, currency = 'EUR'): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const digits = Math.round(value * 100) % 100 === 0 ? 0 : 2;
  return new Intl.NumberFormat(localeTag(lng), { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

export function formatPercent(value: number | null | undefined, lng: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(localeTag(lng), { style: 'percent', maximumFractionDigits: 0 }).format(value);
}

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "vor 3 Tagen" / "3 days ago"; under a minute reads as "now". */
export function formatRelative(value: string | Date | null | undefined, lng: string, now: Date = new Date()): string {
  if (!value) return '';
  const d = typeof value === 'string' ? new Date(value) : value;
  const seconds = Math.round((d.getTime() - now.getTime()) / 1000);
  const rtf = new Intl.RelativeTimeFormat(localeTag(lng), { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(0, 'second');
}

/** Days as a readable duration, e.g. for median time in stage. */
export function formatDays(days: number | null | undefined, lng: string): string {
  if (days === null || days === undefined || Number.isNaN(days)) return '–';
  return new Intl.NumberFormat(localeTag(lng), { style: 'unit', unit: 'day', unitDisplay: 'long', maximumFractionDigits: 1 }).format(days);
}

export function useFormat() {
  const { i18n } = useTranslation();
  const lng = i18n.language;
  return {
    lng,
    date: (v: string | Date | null | undefined) => formatDate(v, lng),
    dateTime: (v: string | Date | null | undefined) => formatDateTime(v, lng),
    number: (v: number | null | undefined, digits?: number) => formatNumber(v, lng, digits),
    currency: (v: number | null | undefined) => formatCurrency(v, lng),
    percent: (v: number | null | undefined) => formatPercent(v, lng),
    relative: (v: string | Date | null | undefined) => formatRelative(v, lng),
    days: (v: number | null | undefined) => formatDays(v, lng),
  };
}
