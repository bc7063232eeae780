/**
 * A profile file that does not follow the reuse profile format is refused with one field
 * error per violation: the field a JSON pointer into the document ("profile.results.kpis.0.unit"),
 * the message the JSON Schema validator's (English) wording. This words both for people:
 * "Ergebnisse › Kennzahlen › 1. Eintrag › Einheit: Fehlt."
 */
import type { TFunction } from 'i18next';
import type { FieldError } from '@/lib/api-client';
import { localizeServerMessage } from '@/lib/server-messages';

/** The readable name of a field of the profile document. */
export function profileFieldLabel(t: TFunction, field: string): string {
  const labels = t('reuse.file.fields', { returnObjects: true }) as Record<string, string>;
  const parts = field.split('.').filter(Boolean);
  // The API names fields from the request body; the document is its "profile".
  if (parts[0] === 'profile') parts.shift();
  if (parts.length === 0) return labels.profile;
  return parts
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? t('reuse.file.position', { position: Number(p) + 1 }) : (labels[p] ?? `„${p}“`)))
    .join(' › ');
}

const unquote = (list: string) => list.split(/',\s*'/).map((s) => s.replace(/^'|'$/g, ''));

function typeNames(t: TFunction, want: string): string {
  const names = t('reuse.file.typeName', { returnObjects: true }) as Record<string, string>;
  return want
    .split(' or ')
    .map((w) => names[w.trim()] ?? w.trim())
    .join(t('reuse.file.or'));
}

const rules: [RegExp, (t: TFunction, m: RegExpMatchArray) => string][] = [
  [/^minLength: got \d+, want (\d+)$/, (t, m) => t('errors.field.minChars', { count: Number(m[1]) })],
  [/^maxLength: got \d+, want (\d+)$/, (t, m) => t('errors.field.maxChars', { count: Number(m[1]) })],
  [/^minItems: got \d+, want (\d+)$/, (t, m) => t('errors.field.minEntries', { count: Number(m[1]) })],
  [/^maxItems: got \d+, want (\d+)$/, (t, m) => t('errors.field.maxEntries', { count: Number(m[1]) })],
  [/^minimum: got \S+, want (\S+)$/, (t, m) => t('errors.field.minValue', { min: m[1] })],
  [/^maximum: got \S+, want (\S+)$/, (t, m) => t('errors.field.maxValue', { max: m[1] })],
  [/^got \w+, want (.+)$/, (t, m) => t('reuse.file.type', { want: typeNames(t, m[1]) })],
  [/^value must be one of /, (t) => t('errors.field.oneOf')],
  [/^value must be '(.*)'$/, (t, m) => t('reuse.file.const', { value: m[1] })],
  [/ does not match pattern /, (t) => t('reuse.file.pattern')],
  [/ is not valid 'date(-time)?'/, (t) => t('errors.field.date')],
  [/ is not valid 'email'/, (t) => t('errors.field.email')],
  [/^items at \d+ and \d+ are equal$/, (t) => t('errors.field.unique')],
  [/^additional propert(?:y|ies) (.+) not allowed$/, (t, m) => t('reuse.file.unknown', { names: unquote(m[1]).join(', ') })],
  [/^the profile's title is too short$/, (t) => t('reuse.file.titleShort')],
  [/reads reuse profiles of version 1\.x$/, (t) => t('reuse.file.version')],
  [/^must be a JSON object$/, (t) => t('reuse.file.notProfile')],
];

/**
 * One line per problem, "field: what is wrong", in the user's language. A missing
 * property is named as the field that is missing; messages of other rules of the API go
 * through the shared wording (server-messages), anything unknown is shown as it comes.
 */
export function profileErrorLines(t: TFunction, fields: FieldError[]): string[] {
  const lines: string[] = [];
  for (const f of fields) {
    const missing = f.message.match(/^missing propert(?:y|ies) (.+)$/);
    if (missing) {
      for (const name of unquote(missing[1])) lines.push(`${profileFieldLabel(t, `${f.field}.${name}`)}: ${t('reuse.file.missing')}`);
      continue;
    }
    const rule = rules.map(([re, word]) => [f.message.match(re), word] as const).find(([m]) => m);
    const text = rule ? rule[1](t, rule[0]!) : localizeServerMessage(t, f);
    lines.push(`${profileFieldLabel(t, f.field)}: ${text}`);
  }
  return [...new Set(lines)];
}
