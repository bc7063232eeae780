/**
 * What a gate dialog collects, how it is checked, and how it becomes the transition request.
 * Pure functions, so the rules are unit-tested apart from the dialog.
 */
import type { GateRequirement, Move } from './funnel';
import type { TFunction } from 'i18next';
import type { ChecklistAnswer, Kpi, TransitionInput } from '@/types/api';
import { localeTag } from './format';
import { addDays, localDay } from './dates';
import { de } from '@/locales/de';

export interface ChecklistDef {
  key: string;
  label?: string;
  required: boolean;
}

/**
 * The default checklist of PRODUCT.md by the API's keys (internal/domain/checklist.go), which
 * are also the catalogue's keys of their labels (gate.check.*). The tenant's own list comes
 * from GET /settings/checklist (cdo only).
 */
export const CHECKLIST_ITEMS = ['dpia', 'it_security', 'staff_council', 'budget_line', 'legal_basis'] as const;
export type DefaultChecklistKey = (typeof CHECKLIST_ITEMS)[number];
export const DEFAULT_CHECKLIST: ChecklistDef[] = CHECKLIST_ITEMS.map((key) => ({ key, required: true }));

export const isDefaultChecklistKey = (key: string): key is DefaultChecklistKey => (CHECKLIST_ITEMS as readonly string[]).includes(key);

/**
 * Whether a default item still has the API's default label (German, as in
 * internal/domain/checklist.go and de.ts): the cdo has not renamed it.
 */
const hasDefaultLabel = (key: DefaultChecklistKey, label: string) => label.trim() === de.gate.check[key];

/**
 * What a checklist item is called: the tenant's label where known, the catalogue's label of a
 * default item, else "Weiterer Prüfpunkt" – a key is no text for people, and only the cdo may
 * read the tenant's labels. A default item the cdo has not renamed is the catalogue's, in the
 * UI's language (the API sends the default list with its German labels); a renamed one is
 * shown as written. `showKey` adds the key, for the cdo who chose it.
 */
export function checklistItemLabel(t: TFunction, key: string, label?: string, showKey = false): string {
  if (isDefaultChecklistKey(key) && (!label || hasDefaultLabel(key, label))) return t(`gate.check.${key}`);
  if (label) return label;
  return showKey ? t('gate.checkOtherKey', { key }) : t('gate.checkOther');
}

export interface KpiDraft {
  name: string;
  unit: string;
  baseline: string;
  target: string;
  direction: 'increase' | 'decrease';
}

export interface GateData {
  reason: string;
  override: boolean;
  mergeTarget: string;
  revisitAt: string;
  reviewerIds: string[];
  dueAt: string;
  ownerId: string;
  departmentId: string;
  startDate: string;
  endDate: string;
  budget: string;
  kpis: KpiDraft[];
  checklist: Record<string, { answer: ChecklistAnswer['answer'] | ''; note: string }>;
  results: Record<string, string>;
  lessons: string;
  newEndDate: string;
  rolloutDepartmentIds: string[];
}

export function emptyGateData(today = new Date()): GateData {
  const due = localDay(addDays(today, 14));
  return {
    reason: '',
    override: false,
    mergeTarget: '',
    revisitAt: '',
    reviewerIds: [],
    dueAt: due,
    ownerId: '',
    departmentId: '',
    startDate: '',
    endDate: '',
    budget: '',
    kpis: [{ name: '', unit: '', baseline: '', target: '', direction: 'increase' }],
    checklist: {},
    results: {},
    lessons: '',
    newEndDate: '',
    rolloutDepartmentIds: [],
  };
}

export type GateErrors = Partial<Record<string, string>>;

/** The separators a language writes numbers with, learnt from Intl (de: 12.500,5; en: 12,500.5). */
export interface NumberSeparators {
  group: string;
  decimal: string;
  minus: string;
}

const separatorCache = new Map<string, NumberSeparators>();

export function numberSeparators(lng: string): NumberSeparators {
  const tag = localeTag(lng);
  let seps = separatorCache.get(tag);
  if (!seps) {
    const parts = new Intl.NumberFormat(tag).formatToParts(-1234567.5);
    const part = (type: Intl.NumberFormatPartTypes, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
    seps = { group: part('group', ','), decimal: part('decimal', '.'), minus: part('minusSign', '-') };
    separatorCache.set(tag, seps);
  }
  return seps;
}

/**
 * A number typed in the UI's language, or why it is not one: `number` when it is not a number
 * at all ("abc"), `numberFormat` when digits and separators do not follow the language's rules
 * ("12.50.0", "1,2,3" or "12.50" in German; "12,50" in English). Nothing ambiguous is guessed.
 */
export type ParsedNumber = { ok: true; value: number; decimals: number } | { ok: false; error: 'empty' | 'number' | 'numberFormat' };

const SPACES = [' ', '\u00a0', '\u202f'];
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Reads a number the way the UI's language writes it: German "12.500,50", "12500,5",
 * "1.234.567"; English "12,500.50". Thousands are grouped by threes with the language's group
 * separator (or a space, as DIN 5008 also allows), the decimal separator comes at most once.
 */
export function parseNumber(input: string, lng: string): ParsedNumber {
  const s = input.trim();
  if (!s) return { ok: false, error: 'empty' };
  const { group, decimal, minus } = numberSeparators(lng);
  let body = s;
  let negative = false;
  if (body.startsWith('-') || body.startsWith('\u2212') || body.startsWith(minus)) {
    negative = true;
    body = body.slice(1);
  }
  const groupSeps = new Set([group, ...SPACES]);
  // Only digits and the characters people separate them with: anything else is not a number.
  const allowed = new RegExp(`^[0-9.,${[...groupSeps, decimal].map(escapeRe).join('')}]+$`);
  if (!allowed.test(body) || !/[0-9]/.test(body)) return { ok: false, error: 'number' };
  const [whole, fraction, ...more] = body.split(decimal);
  if (more.length > 0 || (fraction !== undefined && !/^[0-9]+$/.test(fraction))) return { ok: false, error: 'numberFormat' };
  let digits = whole;
  if (!/^[0-9]+$/.test(whole)) {
    // Grouped thousands: one separator throughout, groups of three after the first.
    const seps = new Set(whole.replace(/[0-9]/g, ''));
    const [sep] = [...seps];
    if (seps.size !== 1 || !groupSeps.has(sep)) return { ok: false, error: 'numberFormat' };
    const groups = whole.split(sep);
    if (!/^[0-9]{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^[0-9]{3}$/.test(g))) return { ok: false, error: 'numberFormat' };
    digits = groups.join('');
  }
  const value = Number(`${digits}.${fraction ?? '0'}`);
  if (!Number.isFinite(value)) return { ok: false, error: 'number' };
  return { ok: true, value: negative && value !== 0 ? -value : value, decimals: fraction?.length ?? 0 };
}

/** The value of a number the checks accepted (NaN otherwise). */
const toNum = (s: string, lng: string) => {
  const p = parseNumber(s, lng);
  return p.ok ? p.value : NaN;
};

/** The gate.* error of a required number field, if any. */
function numberError(s: string, lng: string): string | undefined {
  const p = parseNumber(s, lng);
  return p.ok ? undefined : p.error === 'empty' ? 'required' : p.error;
}

/** Error keys are field names; values are i18n keys under gate.* */
export function validateGate(
  needs: GateRequirement[],
  d: GateData,
  pilotKpis: Pick<Kpi, 'key' | 'name'>[] = [],
  checklist: ChecklistDef[] = DEFAULT_CHECKLIST,
  lng = 'de',
  minReviewers = 1,
): GateErrors {
  const e: GateErrors = {};
  const need = (r: GateRequirement) => needs.includes(r);
  if ((need('reason') || need('questions')) && !d.reason.trim()) e.reason = 'required';
  if (need('reviewsOrOverride') && d.override && !d.reason.trim()) e.reason = 'required';
  if (need('mergeTarget') && !d.mergeTarget.trim()) e.mergeTarget = 'required';
  if (need('revisitDate')) {
    // The revisit lies after today (the API refuses today and earlier).
    if (!d.revisitAt) e.revisitAt = 'required';
    else if (d.revisitAt <= localDay()) e.revisitAt = 'revisitPast';
  }
  if (need('reviewers')) {
    // A campaign may ask for more than one (reviewers per idea); the API refuses fewer.
    if (d.reviewerIds.length < minReviewers) e.reviewerIds = minReviewers > 1 ? 'chooseReviewers' : 'chooseReviewer';
    if (!d.dueAt) e.dueAt = 'required';
    else if (d.dueAt < localDay()) e.dueAt = 'dueAtPast';
  }
  if (need('pilotPlan')) {
    if (!d.ownerId) e.ownerId = 'required';
    if (!d.departmentId) e.departmentId = 'required';
    if (!d.startDate) e.startDate = 'required';
    if (!d.endDate) e.endDate = 'required';
    if (d.startDate && d.endDate && d.endDate <= d.startDate) e.endDate = 'datesOrder';
    const budget = parseNumber(d.budget, lng);
    if (!budget.ok) e.budget = budget.error === 'empty' ? 'required' : budget.error;
    else if (budget.value < 0) e.budget = 'budgetNegative';
    else if (budget.decimals > 2) e.budget = 'budgetCents';
    // A value that is there but no number is marked on its own field; the group message is
    // for what is missing.
    d.kpis.forEach((k, i) => {
      for (const f of ['baseline', 'target'] as const) {
        const err = k[f].trim() ? numberError(k[f], lng) : undefined;
        if (err) e[`kpi.${i}.${f}`] = err;
      }
    });
    const complete = d.kpis.filter((k) => k.name.trim() && k.unit.trim() && k.baseline.trim() && k.target.trim());
    if (complete.length === 0 || complete.length !== d.kpis.length) e.kpis = 'kpiRequired';
  }
  if (need('checklist')) {
    for (const item of checklist) if (item.required && !d.checklist[item.key]?.answer) e[`check.${item.key}`] = 'required';
  }
  if (need('kpiResults')) {
    for (const k of pilotKpis) {
      const err = numberError(d.results[k.key] ?? '', lng);
      if (err) e[`result.${k.key}`] = err;
    }
  }
  if (need('lessons') && !d.lessons.trim()) e.lessons = 'required';
  else if (need('lessons') && d.lessons.trim().length < 10) e.lessons = 'lessonsShort';
  if (need('newEndDate') && !d.newEndDate) e.newEndDate = 'required';
  if (need('rolloutDepartments') && d.rolloutDepartmentIds.length === 0) e.rolloutDepartmentIds = 'chooseOne';
  return e;
}

/** A merge target may be pasted as an address; the ID is its last path segment. */
export function ideaIdFrom(input: string): string {
  const s = input.trim().replace(/\/+$/, '');
  const m = s.match(/\/ideas\/([^/?#]+)/);
  return m ? m[1] : s;
}

/** The API takes KPI keys of 1–40 lower-case letters, digits, dashes or underscores. */
const KPI_KEY_MAX = 40;

function slug(name: string, i: number) {
  const s = name
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, KPI_KEY_MAX)
    .replace(/^-+|-+$/g, '');
  return s || `kpi-${i + 1}`;
}

/**
 * A key for every KPI, each one unique: names alike ("Wartezeit (Min.)", "Wartezeit Min")
 * give the same slug, so a later one gets -2, -3, … (the API refuses a key twice).
 */
export function kpiKeys(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    const base = slug(name, i);
    let key = base;
    for (let n = 2; used.has(key); n++) {
      const suffix = `-${n}`;
      key = base.slice(0, KPI_KEY_MAX - suffix.length).replace(/-+$/, '') + suffix;
    }
    used.add(key);
    return key;
  });
}

export function buildTransition(
  move: Move,
  d: GateData,
  pilotKpis: Pick<Kpi, 'key' | 'target' | 'direction'>[] = [],
  checklist: ChecklistDef[] = DEFAULT_CHECKLIST,
  lng = 'de',
): TransitionInput {
  const need = (r: GateRequirement) => move.needs.includes(r);
  const out: TransitionInput = { to: move.to };
  if (d.reason.trim()) out.reason = d.reason.trim();
  if (need('reviewsOrOverride') && d.override) out.override = true;
  if (need('mergeTarget')) out.mergeInto = ideaIdFrom(d.mergeTarget);
  if (need('revisitDate')) out.revisitAt = d.revisitAt;
  if (need('newEndDate')) out.newEndDate = d.newEndDate;
  if (need('pilotPlan')) {
    const keys = kpiKeys(d.kpis.map((k) => k.name));
    out.pilotPlan = {
      ownerId: d.ownerId,
      departmentId: d.departmentId,
      startDate: d.startDate,
      endDate: d.endDate,
      budgetEur: toNum(d.budget, lng),
      kpis: d.kpis.map((k, i) => ({
        key: keys[i],
        name: k.name.trim(),
        unit: k.unit.trim(),
        baseline: toNum(k.baseline, lng),
        target: toNum(k.target, lng),
        direction: k.direction,
      })),
    };
  }
  if (need('checklist')) {
    out.checklist = checklist
      .filter((item) => d.checklist[item.key]?.answer)
      .map((item) => ({
        key: item.key,
        answer: d.checklist[item.key].answer as Exclude<ChecklistAnswer['answer'], 'unanswered'>,
        ...(d.checklist[item.key].note.trim() ? { note: d.checklist[item.key].note.trim() } : {}),
      }));
  }
  if (need('kpiResults') || need('lessons')) {
    out.results = {
      outcomes: pilotKpis.map((k) => ({ kpiKey: k.key, value: toNum(d.results[k.key] ?? '', lng) })),
      lessonsLearned: d.lessons.trim(),
    };
  }
  if (need('rolloutDepartments')) out.departments = d.rolloutDepartmentIds;
  return out;
}
