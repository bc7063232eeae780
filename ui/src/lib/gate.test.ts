import { describe, expect, it } from 'vitest';
import { findMove } from './funnel';
import { createI18n } from './i18n';
import { addDays, localDay } from './dates';
import { DEFAULT_CHECKLIST, buildTransition, checklistItemLabel, emptyGateData, ideaIdFrom, kpiKeys, numberSeparators, parseNumber, validateGate, type GateData } from './gate';
import type { Kpi } from '@/types/api';

const move = (from: string, to: string) => findMove(from as never, to as never)!;

function pilotReady(): GateData {
  const d = emptyGateData(new Date('2026-03-01T00:00:00Z'));
  d.ownerId = 'u-owner';
  d.departmentId = 'd-32';
  d.startDate = '2026-04-01';
  d.endDate = '2026-09-30';
  d.budget = '25000';
  d.kpis = [{ name: 'Wartezeit Bürgerbüro', unit: 'min', baseline: '45', target: '20', direction: 'decrease' }];
  for (const k of ['dpia', 'it_security', 'staff_council', 'budget_line', 'legal_basis']) d.checklist[k] = { answer: 'yes', note: '' };
  return d;
}

describe('gate validation', () => {
  it('asks for a reason when rejecting', () => {
    const d = emptyGateData();
    expect(validateGate(move('screening', 'rejected').needs, d)).toEqual({ reason: 'required' });
    d.reason = 'Bereits umgesetzt';
    expect(validateGate(move('screening', 'rejected').needs, d)).toEqual({});
  });

  it('needs reviewers before evaluation', () => {
    const d = emptyGateData();
    expect(validateGate(move('screening', 'evaluation').needs, d)).toHaveProperty('reviewerIds', 'chooseReviewer');
    d.reviewerIds = ['r1', 'r2'];
    expect(validateGate(move('screening', 'evaluation').needs, d)).toEqual({});
  });

  it('parks only until a day after today', () => {
    const d = emptyGateData();
    d.reason = 'Erst nach dem Haushalt.';
    const needs = move('decision', 'parked').needs;
    expect(validateGate(needs, d)).toEqual({ revisitAt: 'required' });
    d.revisitAt = localDay();
    expect(validateGate(needs, d)).toEqual({ revisitAt: 'revisitPast' });
    d.revisitAt = localDay(addDays(new Date(), 1));
    expect(validateGate(needs, d)).toEqual({});
  });

  it('asks for as many reviewers as the campaign asks for per idea', () => {
    const d = emptyGateData();
    d.reviewerIds = ['r1'];
    expect(validateGate(move('screening', 'evaluation').needs, d, [], undefined, 'de', 2)).toHaveProperty('reviewerIds', 'chooseReviewers');
    d.reviewerIds = ['r1', 'r2'];
    expect(validateGate(move('screening', 'evaluation').needs, d, [], undefined, 'de', 2)).not.toHaveProperty('reviewerIds');
  });

  it('requires a reason only when the CDO overrides missing reviews', () => {
    const d = emptyGateData();
    const needs = move('evaluation', 'decision').needs;
    expect(validateGate(needs, d)).toEqual({});
    d.override = true;
    expect(validateGate(needs, d)).toEqual({ reason: 'required' });
  });

  it('checks the whole pilot plan and the checklist', () => {
    const needs = move('decision', 'pilot').needs;
    const errs = validateGate(needs, emptyGateData());
    expect(Object.keys(errs)).toEqual(
      expect.arrayContaining(['ownerId', 'departmentId', 'startDate', 'endDate', 'budget', 'kpis', 'check.dpia', 'check.legal_basis']),
    );
    expect(validateGate(needs, pilotReady())).toEqual({});
    const backwards = { ...pilotReady(), endDate: '2026-03-01' };
    expect(validateGate(needs, backwards)).toEqual({ endDate: 'datesOrder' });
    const halfKpi = { ...pilotReady(), kpis: [...pilotReady().kpis, { name: 'x', unit: '', baseline: '', target: '', direction: 'increase' as const }] };
    expect(validateGate(needs, halfKpi)).toEqual({ kpis: 'kpiRequired' });
  });

  it('follows the tenant checklist: only required items must be answered', () => {
    const needs = move('decision', 'pilot').needs;
    const d = pilotReady();
    d.checklist = { dpia: { answer: 'yes', note: '' } };
    const items = [
      { key: 'dpia', required: true },
      { key: 'council', required: true },
      { key: 'press', required: false },
    ];
    expect(validateGate(needs, d, [], items)).toEqual({ 'check.council': 'required' });
    d.checklist.council = { answer: 'not_applicable', note: 'keine Beschäftigten betroffen' };
    expect(validateGate(needs, d, [], items)).toEqual({});
    expect(buildTransition(move('decision', 'pilot'), d, [], items).checklist).toEqual([
      { key: 'dpia', answer: 'yes' },
      { key: 'council', answer: 'not_applicable', note: 'keine Beschäftigten betroffen' },
    ]);
  });

  it('needs a result for every KPI to leave the pilot', () => {
    const kpis: Kpi[] = [{ key: 'wait', name: 'Wartezeit', unit: 'min', baseline: 45, target: 20, direction: 'decrease' }];
    const d = emptyGateData();
    d.lessons = 'Gut';
    d.rolloutDepartmentIds = ['d1'];
    expect(validateGate(move('pilot', 'rollout').needs, d, kpis)).toEqual({ 'result.wait': 'required', lessons: 'lessonsShort' });
    d.lessons = 'Gut, wenn die Kasse mitzieht.';
    d.results.wait = 'abc';
    expect(validateGate(move('pilot', 'rollout').needs, d, kpis)).toEqual({ 'result.wait': 'number' });
    d.results.wait = '18';
    expect(validateGate(move('pilot', 'rollout').needs, d, kpis)).toEqual({});
  });
});

describe('buildTransition', () => {
  it('builds the pilot request with numbers, KPI keys and checklist answers', () => {
    const body = buildTransition(move('decision', 'pilot'), pilotReady());
    expect(body.to).toBe('pilot');
    expect(body.pilotPlan).toMatchObject({
      ownerId: 'u-owner',
      budgetEur: 25000,
      kpis: [{ key: 'wartezeit-buergerbuero', name: 'Wartezeit Bürgerbüro', baseline: 45, target: 20, direction: 'decrease' }],
    });
    expect(body.checklist).toHaveLength(5);
    expect(body.checklist?.[0]).toEqual({ key: 'dpia', answer: 'yes' });
  });

  it('sends a result per KPI and the rollout departments', () => {
    const kpis: Kpi[] = [
      { key: 'wait', name: 'Wartezeit', unit: 'min', baseline: 45, target: 20, direction: 'decrease' },
      { key: 'share', name: 'Online-Anteil', unit: '%', baseline: 10, target: 50, direction: 'increase' },
    ];
    const d = emptyGateData();
    d.results = { wait: '18', share: '40' };
    d.lessons = 'Terminbuchung hilft.';
    d.rolloutDepartmentIds = ['d1', 'd2'];
    const body = buildTransition(move('pilot', 'rollout'), d, kpis);
    expect(body.results?.outcomes).toEqual([
      { kpiKey: 'wait', value: 18 },
      { kpiKey: 'share', value: 40 },
    ]);
    expect(body.departments).toEqual(['d1', 'd2']);
  });

  it('gives KPIs with the same or similar names different keys, within the 40 characters the API takes', () => {
    expect(kpiKeys(['Besucherzahl', 'Besucherzahl', 'Wartezeit (Min.)', 'Wartezeit Min', 'Besucherzahl'])).toEqual([
      'besucherzahl',
      'besucherzahl-2',
      'wartezeit-min',
      'wartezeit-min-2',
      'besucherzahl-3',
    ]);
    // A name without letters or digits gets kpi-<position>, which a name may also give.
    expect(kpiKeys(['KPI 2', '???'])).toEqual(['kpi-2', 'kpi-2-2']);
    const long = 'Anzahl der digital gestellten Anträge auf Bewohnerparkausweise';
    const keys = kpiKeys([long, long]);
    expect(keys[0]).toBe('anzahl-der-digital-gestellten-antraege-a');
    expect(keys[1]).toBe('anzahl-der-digital-gestellten-antraege-2');
    for (const k of keys) expect(k).toMatch(/^[a-z0-9][a-z0-9_-]{0,39}$/);

    const d = pilotReady();
    d.kpis = [d.kpis[0], { ...d.kpis[0], name: 'Wartezeit  Bürgerbüro ' }];
    expect(buildTransition(move('decision', 'pilot'), d).pilotPlan?.kpis.map((k) => k.key)).toEqual(['wartezeit-buergerbuero', 'wartezeit-buergerbuero-2']);
  });

  it('takes the merge target from a pasted address', () => {
    expect(ideaIdFrom('https://ideen.example/ideas/abc123')).toBe('abc123');
    expect(ideaIdFrom(' abc123 ')).toBe('abc123');
    const d = { ...emptyGateData(), mergeTarget: '/ideas/xyz/', reason: 'Dublette' };
    expect(buildTransition(move('screening', 'merged'), d)).toEqual({ to: 'merged', mergeInto: 'xyz', reason: 'Dublette' });
  });
});

describe('checklist labels', () => {
  const t = createI18n('de').t;

  it('has the API’s keys for the default checklist, each with its label', () => {
    // internal/domain/checklist.go DefaultChecklist
    expect(DEFAULT_CHECKLIST.map((i) => i.key)).toEqual(['dpia', 'it_security', 'staff_council', 'budget_line', 'legal_basis']);
    expect(DEFAULT_CHECKLIST.map((i) => checklistItemLabel(t, i.key))).toEqual([
      'Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich',
      'IT-Sicherheit geprüft',
      'Personalrat beteiligt',
      'Haushaltsmittel verfügbar',
      'Rechtsgrundlage benannt',
    ]);
  });

  it('prefers the tenant’s label and never shows a bare key', () => {
    expect(checklistItemLabel(t, 'it_security', 'IT-Sicherheit (BSI-Grundschutz)')).toBe('IT-Sicherheit (BSI-Grundschutz)');
    expect(checklistItemLabel(t, 'open_data')).toBe('Weiterer Prüfpunkt');
    expect(checklistItemLabel(t, 'open_data', undefined, true)).toBe('Weiterer Prüfpunkt (open_data)');
    expect(checklistItemLabel(t, 'itSecurity')).toBe('Weiterer Prüfpunkt');
  });

  it('shows a default item the cdo has not renamed in the UI’s language, a renamed one as written', () => {
    const en = createI18n('en').t;
    // GET /settings/checklist sends the untouched default list with the API's German labels.
    expect(checklistItemLabel(en, 'dpia', 'Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich')).toBe(
      'Data protection impact assessment done or not needed',
    );
    expect(checklistItemLabel(en, 'staff_council', 'Personalrat beteiligt', true)).toBe('Staff council consulted');
    expect(checklistItemLabel(t, 'staff_council', 'Personalrat beteiligt')).toBe('Personalrat beteiligt');
    expect(checklistItemLabel(en, 'it_security', 'IT-Sicherheit (BSI-Grundschutz)')).toBe('IT-Sicherheit (BSI-Grundschutz)');
    expect(checklistItemLabel(en, 'open_data', 'Offene Daten veröffentlicht')).toBe('Offene Daten veröffentlicht');
  });
});

describe('numbers in the UI language', () => {
  const value = (input: string, lng: string) => {
    const p = parseNumber(input, lng);
    return p.ok ? p.value : p.error;
  };

  it('learns the separators from Intl', () => {
    expect(numberSeparators('de')).toMatchObject({ group: '.', decimal: ',' });
    expect(numberSeparators('en')).toMatchObject({ group: ',', decimal: '.' });
  });

  it('reads German numbers: point between thousands, comma before decimals', () => {
    expect(value('12.500', 'de')).toBe(12500);
    expect(value('12.500,50', 'de')).toBe(12500.5);
    expect(value('12500', 'de')).toBe(12500);
    expect(value('12500,5', 'de')).toBe(12500.5);
    expect(value('1.234.567', 'de')).toBe(1234567);
    expect(value('1.234.567,89', 'de')).toBe(1234567.89);
    expect(value('0,5', 'de')).toBe(0.5);
    expect(value('  45 ', 'de')).toBe(45);
    expect(value('-3,5', 'de')).toBe(-3.5);
    expect(value('\u22123,5', 'de')).toBe(-3.5);
    // DIN 5008 also groups with spaces
    expect(value('12 500,50', 'de')).toBe(12500.5);
    expect(value('12\u00a0500', 'de')).toBe(12500);
  });

  it('reads English numbers: comma between thousands, point before decimals', () => {
    expect(value('12,500.50', 'en')).toBe(12500.5);
    expect(value('12,500', 'en')).toBe(12500);
    expect(value('12500.5', 'en')).toBe(12500.5);
    expect(value('12.500', 'en')).toBe(12.5);
    expect(value('1,234,567', 'en')).toBe(1234567);
    expect(value('-0.25', 'en')).toBe(-0.25);
  });

  it('counts the decimals as typed', () => {
    expect(parseNumber('12,505', 'de')).toEqual({ ok: true, value: 12.505, decimals: 3 });
    expect(parseNumber('12.500', 'de')).toEqual({ ok: true, value: 12500, decimals: 0 });
  });

  it('refuses malformed or ambiguous German input instead of guessing', () => {
    for (const s of ['12.50.0', '1,2,3', '12.50', '1.2345', '1234.567', '.500', ',5', '5,', '12,500.50', '1.234 567', '1..000', '12.500,5,0', '12.500.']) {
      expect(value(s, 'de'), s).toBe('numberFormat');
    }
  });

  it('refuses malformed or ambiguous English input instead of guessing', () => {
    for (const s of ['12,50', '12.500,50', '1.2.3', '1,2345', ',500', '5.']) {
      expect(value(s, 'en'), s).toBe('numberFormat');
    }
  });

  it('tells text that is no number at all apart, and empty input', () => {
    for (const s of ['abc', '12 €', '1e5', '+5', '--5', '0x10', '-', '.', '12a']) {
      expect(['number', 'numberFormat'], s).toContain(value(s, 'de'));
    }
    expect(value('abc', 'de')).toBe('number');
    expect(value('12 €', 'de')).toBe('number');
    expect(value('1e5', 'en')).toBe('number');
    expect(value('Infinity', 'en')).toBe('number');
    expect(value('', 'de')).toBe('empty');
    expect(value('   ', 'en')).toBe('empty');
  });
});

describe('gate numbers', () => {
  const needs = move('decision', 'pilot').needs;

  it('stores a German budget of 12.500 as 12500 and 12.500,50 as 12500.5', () => {
    const d = { ...pilotReady(), budget: '12.500' };
    expect(validateGate(needs, d, [], undefined, 'de')).toEqual({});
    expect(buildTransition(move('decision', 'pilot'), d, [], undefined, 'de').pilotPlan?.budgetEur).toBe(12500);
    d.budget = '12.500,50';
    expect(validateGate(needs, d, [], undefined, 'de')).toEqual({});
    expect(buildTransition(move('decision', 'pilot'), d, [], undefined, 'de').pilotPlan?.budgetEur).toBe(12500.5);
  });

  it('reads the budget and KPIs the English way in English', () => {
    const d = { ...pilotReady(), budget: '12,500.50' };
    d.kpis = [{ name: 'Quote', unit: '%', baseline: '1,250.5', target: '0.75', direction: 'increase' }];
    expect(validateGate(needs, d, [], undefined, 'en')).toEqual({});
    const plan = buildTransition(move('decision', 'pilot'), d, [], undefined, 'en').pilotPlan;
    expect(plan?.budgetEur).toBe(12500.5);
    expect(plan?.kpis[0]).toMatchObject({ baseline: 1250.5, target: 0.75 });
    // the same text in German is refused, not misread
    expect(validateGate(needs, d, [], undefined, 'de')).toEqual({ budget: 'numberFormat', 'kpi.0.baseline': 'numberFormat', 'kpi.0.target': 'numberFormat' });
  });

  it('says a negative budget must not be negative, and cents at most', () => {
    expect(validateGate(needs, { ...pilotReady(), budget: '-500' }, [], undefined, 'de')).toEqual({ budget: 'budgetNegative' });
    expect(validateGate(needs, { ...pilotReady(), budget: '12,505' }, [], undefined, 'de')).toEqual({ budget: 'budgetCents' });
    expect(validateGate(needs, { ...pilotReady(), budget: 'viel' }, [], undefined, 'de')).toEqual({ budget: 'number' });
    expect(validateGate(needs, { ...pilotReady(), budget: '12.50.0' }, [], undefined, 'de')).toEqual({ budget: 'numberFormat' });
    expect(validateGate(needs, { ...pilotReady(), budget: ' ' }, [], undefined, 'de')).toEqual({ budget: 'required' });
  });

  it('marks the KPI value that is no number on its own field, not only the group', () => {
    const d = pilotReady();
    d.kpis = [{ ...d.kpis[0], target: 'abc' }];
    expect(validateGate(needs, d, [], undefined, 'de')).toEqual({ 'kpi.0.target': 'number' });
    d.kpis = [d.kpis[0], { name: 'Anrufe', unit: 'Anzahl', baseline: '1.2.3', target: '', direction: 'decrease' }];
    expect(validateGate(needs, d, [], undefined, 'de')).toEqual({ 'kpi.0.target': 'number', 'kpi.1.baseline': 'numberFormat', kpis: 'kpiRequired' });
  });

  it('reads pilot results in the UI language', () => {
    const kpis: Kpi[] = [{ key: 'calls', name: 'Anrufe', unit: 'Anzahl', baseline: 1000, target: 2000, direction: 'increase' }];
    const d = { ...emptyGateData(), lessons: 'Gut, wenn die Kasse mitzieht.', rolloutDepartmentIds: ['d1'], results: { calls: '1.500' } };
    expect(validateGate(move('pilot', 'rollout').needs, d, kpis, undefined, 'de')).toEqual({});
    expect(buildTransition(move('pilot', 'rollout'), d, kpis, undefined, 'de').results?.outcomes).toEqual([{ kpiKey: 'calls', value: 1500 }]);
    d.results.calls = '1.50';
    expect(validateGate(move('pilot', 'rollout').needs, d, kpis, undefined, 'de')).toEqual({ 'result.calls': 'numberFormat' });
    expect(validateGate(move('pilot', 'rollout').needs, d, kpis, undefined, 'en')).toEqual({});
  });
});
