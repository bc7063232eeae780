/**
 * The API words its field errors in English (api/openapi.yaml: `fields[].message`). The
 * messages of its validation rules are translated here; others are shown as they come.
 */
import type { TFunction } from 'i18next';

const patterns: [RegExp, (t: TFunction, m: RegExpMatchArray) => string][] = [
  [/^is required$/, (t) => t('errors.field.required')],
  [/^must have at least (\d+) characters$/, (t, m) => t('errors.field.minChars', { count: Number(m[1]) })],
  [/^must have at most (\d+) characters$/, (t, m) => t('errors.field.maxChars', { count: Number(m[1]) })],
  [/^must have (\d+)\s*(?:–|-|to)\s*(\d+) characters$/, (t, m) => t('errors.field.rangeChars', { min: Number(m[1]), max: Number(m[2]) })],
  [/^must have at least (\d+) (?:entries|items)$/, (t, m) => t('errors.field.minEntries', { count: Number(m[1]) })],
  [/^must have at most (\d+) (?:entries|items)$/, (t, m) => t('errors.field.maxEntries', { count: Number(m[1]) })],
  [/^must be a valid e-mail address$/, (t) => t('errors.field.email')],
  [/^must be one line without control characters$/, (t) => t('errors.field.line')],
  [/^must not contain control characters$/, (t) => t('errors.field.text')],
  [/^must not contain duplicates$/, (t) => t('errors.field.unique')],
  [/^the current password is wrong$/, (t) => t('errors.field.currentPassword')],
];

/** The field error message in the user's language where the API's wording is known. */
export function localizeFieldMessage(t: TFunction, message: string): string {
  for (const [re, f] of patterns) {
    const m = message.match(re);
    if (m) return f(t, m);
  }
  return message;
}

/** "tags[3].label" → { base: "tags", position: 4 } (1-based), "title" → { base: "title" }. */
export function fieldBase(field: string): { base: string; position?: number } {
  const m = field.match(/^([^[.]+)(?:\[(\d+)\])?/);
  if (!m) return { base: field };
  return { base: m[1], position: m[2] !== undefined ? Number(m[2]) + 1 : undefined };
}
