/**
 * The API words its errors in English (api/openapi.yaml: `message`, `fields[].message`).
 * Where it names the rule (`reason`, with `params`), the catalogue's `errors.reason` words
 * it; the messages of its validation rules are translated by their wording; anything else
 * is shown as it comes.
 */
import type { TFunction } from 'i18next';
import type { ServerMessage } from './api-client';

const patterns: [RegExp, (t: TFunction, m: RegExpMatchArray) => string][] = [
  [/^is required$/, (t) => t('errors.field.required')],
  [/^must have at least (\d+) characters$/, (t, m) => t('errors.field.minChars', { count: Number(m[1]) })],
  [/^must have at most (\d+) characters$/, (t, m) => t('errors.field.maxChars', { count: Number(m[1]) })],
  [/^must have (\d+)\s*(?:–|-|to)\s*(\d+) characters$/, (t, m) => t('errors.field.rangeChars', { min: Number(m[1]), max: Number(m[2]) })],
  [/^must have at least (\d+) (?:entries|entry|items)$/, (t, m) => t('errors.field.minEntries', { count: Number(m[1]) })],
  [/^must have at most (\d+) (?:entries|entry|items)$/, (t, m) => t('errors.field.maxEntries', { count: Number(m[1]) })],
  [/^must be a valid e-mail address$/, (t) => t('errors.field.email')],
  [/^must be one line without control(?: or hidden format)? characters$/, (t) => t('errors.field.line')],
  [/^must not be blank$/, (t) => t('errors.field.required')],
  [/^must not contain control(?: or hidden format)? characters$/, (t) => t('errors.field.text')],
  [/^must not contain duplicates$/, (t) => t('errors.field.unique')],
  [/^the current password is wrong$/, (t) => t('errors.field.currentPassword')],
  [/^must be an absolute http(?:\(s\)|s) URL$/, (t) => t('errors.field.url')],
  [/^must be a colou?r like #[0-9a-fA-F]{6}$/, (t) => t('errors.field.colour')],
  [/^must be at least (-?[\d.]+)$/, (t, m) => t('errors.field.minValue', { min: m[1] })],
  [/^must be at most (-?[\d.]+)$/, (t, m) => t('errors.field.maxValue', { max: m[1] })],
  [/^must be one of: /, (t) => t('errors.field.oneOf')],
  [/^must be a date/, (t) => t('errors.field.date')],
  [/^has an invalid entry$/, (t) => t('errors.field.entry')],
  [/^must be in the future$/, (t) => t('errors.field.future')],
  [/^must be 2–40 lower-case letters, digits or underscores, starting with a letter$/, (t) => t('errors.field.key')],
  [/^must be unique( within the set)?$/, (t) => t('errors.field.unique')],
];

/** Params that name stages or campaign statuses are shown by their catalogue names. */
function wordParams(t: TFunction, params: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = { ...params };
  for (const k of ['stage', 'to'] as const) {
    if (params[k]) out[k] = t(`stage.${params[k]}`, { defaultValue: params[k] });
  }
  for (const k of ['status', 'next'] as const) {
    if (params[k]) out[k] = t(`campaigns.status.${params[k]}`, { defaultValue: params[k] });
  }
  return out;
}

/** The catalogue's wording of a reason, or undefined when the catalogue has none. */
export function localizeReason(t: TFunction, reason: string | undefined, params?: Record<string, string>): string | undefined {
  if (!reason || !/^[a-z_]+$/.test(reason)) return undefined;
  const text = t(`errors.reason.${reason}`, { ...wordParams(t, params), defaultValue: '' });
  return text || undefined;
}

/** A message of the API in the user's language: by its reason, else by its known wording. */
export function localizeServerMessage(t: TFunction, m: ServerMessage): string {
  return localizeReason(t, m.reason, m.params) ?? localizeFieldMessage(t, m.message);
}

/** A field's error in the user's language: the form's own text, or what the API said about it. */
export function localizeFieldError(t: TFunction, error: string | ServerMessage | undefined): string | undefined {
  if (!error) return undefined;
  return typeof error === 'string' ? localizeFieldMessage(t, error) : localizeServerMessage(t, error);
}

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
