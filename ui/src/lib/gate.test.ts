import { describe, expect, it } from 'vitest';
import { findMove } from './funnel';
import { buildTransition, emptyGateData, ideaIdFrom, validateGate, type GateData } from './gate';
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
  for (const k of ['dpia', 'itSecurity', 'staffCouncil', 'budgetLine', 'legalBasis']) d.checklist[k] = { answer: 'yes', note: '' };
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
    expect(validateGate(move('screening', 'evaluation').needs, d)).toHaveProperty('reviewerIds', 'chooseOne');
    d.reviewerIds = ['r1', 'r2'];
    expect(validateGate(move('screening', 'evaluation').needs, d)).toEqual({});
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
      expect.arrayContaining(['ownerId', 'departmentId', 'startDate', 'endDate', 'budget', 'kpis', 'check.dpia', 'check.legalBasis']),
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

  it('takes the merge target from a pasted address', () => {
    expect(ideaIdFrom('https://ideen.example/ideas/abc123')).toBe('abc123');
    expect(ideaIdFrom(' abc123 ')).toBe('abc123');
    const d = { ...emptyGateData(), mergeTarget: '/ideas/xyz/', reason: 'Dublette' };
    expect(buildTransition(move('screening', 'merged'), d)).toEqual({ to: 'merged', mergeInto: 'xyz', reason: 'Dublette' });
  });
});
