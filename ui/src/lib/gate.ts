/**
 * What a gate dialog collects, how it is checked, and how it becomes the transition request.
 * Pure functions, so the rules are unit-tested apart from the dialog.
 */
import type { GateRequirement, Move } from './funnel';
import type { ChecklistAnswer, Kpi, TransitionInput } from '@/types/api';

export interface ChecklistDef {
  key: string;
  label?: string;
  required: boolean;
}

/** The default checklist; the tenant's own comes from GET /settings/checklist. */
export const CHECKLIST_ITEMS = ['dpia', 'itSecurity', 'staffCouncil', 'budgetLine', 'legalBasis'] as const;
export const DEFAULT_CHECKLIST: ChecklistDef[] = CHECKLIST_ITEMS.map((key) => ({ key, required: true }));

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
  const due = new Date(today.getTime() + 14 * 86400_000).toISOString().slice(0, 10);
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

const isNum = (s: string) => s.trim() !== '' && Number.isFinite(Number(s.replace(',', '.')));
export const toNum = (s: string) => Number(s.replace(',', '.'));

/** Error keys are field names; values are i18n keys under gate.* */
export function validateGate(
  needs: GateRequirement[],
  d: GateData,
  pilotKpis: Pick<Kpi, 'key' | 'name'>[] = [],
  checklist: ChecklistDef[] = DEFAULT_CHECKLIST,
): GateErrors {
  const e: GateErrors = {};
  const need = (r: GateRequirement) => needs.includes(r);
  if ((need('reason') || need('questions')) && !d.reason.trim()) e.reason = 'required';
  if (need('reviewsOrOverride') && d.override && !d.reason.trim()) e.reason = 'required';
  if (need('mergeTarget') && !d.mergeTarget.trim()) e.mergeTarget = 'required';
  if (need('revisitDate') && !d.revisitAt) e.revisitAt = 'required';
  if (need('reviewers')) {
    if (d.reviewerIds.length === 0) e.reviewerIds = 'chooseOne';
    if (!d.dueAt) e.dueAt = 'required';
  }
  if (need('pilotPlan')) {
    if (!d.ownerId) e.ownerId = 'required';
    if (!d.departmentId) e.departmentId = 'required';
    if (!d.startDate) e.startDate = 'required';
    if (!d.endDate) e.endDate = 'required';
    if (d.startDate && d.endDate && d.endDate <= d.startDate) e.endDate = 'datesOrder';
    if (!d.budget.trim()) e.budget = 'required';
    else if (!isNum(d.budget) || toNum(d.budget) < 0) e.budget = 'number';
    const complete = d.kpis.filter((k) => k.name.trim() && k.unit.trim() && isNum(k.baseline) && isNum(k.target));
    if (complete.length === 0 || complete.length !== d.kpis.length) e.kpis = 'kpiRequired';
  }
  if (need('checklist')) {
    for (const item of checklist) if (item.required && !d.checklist[item.key]?.answer) e[`check.${item.key}`] = 'required';
  }
  if (need('kpiResults')) {
    for (const k of pilotKpis) {
      const v = d.results[k.key] ?? '';
      if (!v.trim()) e[`result.${k.key}`] = 'required';
      else if (!isNum(v)) e[`result.${k.key}`] = 'number';
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
    .replace(/^-|-$/g, '');
  return s || `kpi-${i + 1}`;
}

export function buildTransition(move: Move, d: GateData, pilotKpis: Pick<Kpi, 'key' | 'target' | 'direction'>[] = [], checklist: ChecklistDef[] = DEFAULT_CHECKLIST): TransitionInput {
  const need = (r: GateRequirement) => move.needs.includes(r);
  const out: TransitionInput = { to: move.to };
  if (d.reason.trim()) out.reason = d.reason.trim();
  if (need('reviewsOrOverride') && d.override) out.override = true;
  if (need('mergeTarget')) out.mergeInto = ideaIdFrom(d.mergeTarget);
  if (need('revisitDate')) out.revisitAt = d.revisitAt;
  if (need('newEndDate')) out.newEndDate = d.newEndDate;
  if (need('pilotPlan')) {
    out.pilotPlan = {
      ownerId: d.ownerId,
      departmentId: d.departmentId,
      startDate: d.startDate,
      endDate: d.endDate,
      budgetEur: toNum(d.budget),
      kpis: d.kpis.map((k, i) => ({
        key: slug(k.name, i),
        name: k.name.trim(),
        unit: k.unit.trim(),
        baseline: toNum(k.baseline),
        target: toNum(k.target),
        direction: k.direction,
      })),
    };
  }
  if (need('checklist')) {
    out.checklist = checklist
      .filter((item) => d.checklist[item.key]?.answer)
      .map((item) => ({
        key: item.key,
        answer: d.checklist[item.key].answer as ChecklistAnswer['answer'],
        ...(d.checklist[item.key].note.trim() ? { note: d.checklist[item.key].note.trim() } : {}),
      }));
  }
  if (need('kpiResults') || need('lessons')) {
    out.results = {
      outcomes: pilotKpis.map((k) => ({ kpiKey: k.key, value: toNum(d.results[k.key] ?? '') })),
      lessonsLearned: d.lessons.trim(),
    };
  }
  if (need('rolloutDepartments')) out.departments = d.rolloutDepartmentIds;
  return out;
}
