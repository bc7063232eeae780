import { describe, expect, it } from 'vitest';
import { normalizeAnalytics } from './index';

describe('normalizeAnalytics', () => {
  it('reads the server shape: stages, breakdown rows with ideas, nested sla and reviewer rows', () => {
    const a = normalizeAnalytics({
      stages: [{ stage: 'submitted', count: 5 }],
      bySource: [{ key: 'citizen', label: null, ideas: 19 }],
      byCampaign: [{ key: null, label: null, ideas: 17 }],
      sla: { targets: [], overdue: [{ ideaId: 'i1', title: 'Alt', stage: 'screening', daysWaiting: 20, daysOverdue: 6 }] },
      reviewers: { available: true, rows: [{ name: 'Robert', assigned: 10, submitted: 6, onTimeRate: 0.6 }] },
      pilots: { successRate: 0.8889 },
    });
    expect(a.counts).toEqual([{ stage: 'submitted', count: 5 }]);
    expect(a.bySource).toEqual([{ label: 'citizen', key: 'citizen', count: 19 }]);
    expect(a.byCampaign).toEqual([{ label: '', key: null, count: 17 }]);
    expect(a.sla).toEqual([{ ideaId: 'i1', title: 'Alt', stage: 'screening', days: 20 }]);
    expect(a.reviewers).toEqual([{ name: 'Robert', assigned: 10, done: 6, onTimeRate: 0.6 }]);
    expect(a.pilotSuccessRate).toBeCloseTo(0.8889);
  });

  it('accepts map-shaped counts and list-shaped breakdowns', () => {
    const a = normalizeAnalytics({
      counts: { screening: 4, pilot: 2 },
      byDepartment: [{ department: { name: 'Ordnungsamt' }, count: 3 }],
      bySource: { citizen: 5, staff: 7 },
      timeInStage: [{ stage: 'screening', medianHours: 48, p90Hours: 240 }],
      pilotSuccessRate: 0.5,
    });
    expect(a.counts).toEqual([
      { stage: 'screening', count: 4 },
      { stage: 'pilot', count: 2 },
    ]);
    expect(a.byDepartment).toEqual([{ label: 'Ordnungsamt', key: null, count: 3 }]);
    expect(a.bySource).toEqual([
      { label: 'citizen', count: 5 },
      { label: 'staff', count: 7 },
    ]);
    expect(a.timeInStage[0]).toEqual({ stage: 'screening', medianDays: 2, p90Days: 10 });
    expect(a.pilotSuccessRate).toBe(0.5);
    expect(a.sla).toEqual([]);
  });
});

describe('normalizeAnalytics: workload, outcomes and what alpha rests on', () => {
  it('keeps the reviewers’ open, overdue, missed and median days, the breakdowns’ later stages and the agreement’s base', () => {
    const a = normalizeAnalytics({
      byDepartment: [{ key: 'd1', label: 'Ordnungsamt', ideas: 5, open: 1, passedScreening: 4, piloted: 3, rolledOut: 2, implemented: 1, rejected: 1 }],
      reviewers: {
        available: true,
        rows: [{ reviewerId: 'r1', name: 'Robert', assigned: 10, submitted: 6, open: 3, overdue: 2, missed: 1, onTimeRate: 0.6, medianDaysToSubmit: 4.5 }],
      },
      agreement: [{ campaignId: 'c1', label: 'Klima', ideas: 12, reviews: 30, alpha: 0.72, rating: 'tentative' }],
    });
    expect(a.byDepartment).toEqual([{ label: 'Ordnungsamt', key: 'd1', count: 5, piloted: 3, rolledOut: 2, implemented: 1 }]);
    expect(a.reviewers).toEqual([{ name: 'Robert', assigned: 10, done: 6, onTimeRate: 0.6, open: 3, overdue: 2, missed: 1, medianDaysToSubmit: 4.5 }]);
    expect(a.agreement).toEqual([{ label: 'Klima', alpha: 0.72, ideas: 12, reviews: 30 }]);
  });

  it('keeps a median of no submitted review as null (no data), not as absent', () => {
    const a = normalizeAnalytics({ reviewers: { rows: [{ name: 'Rita', assigned: 1, submitted: 0, medianDaysToSubmit: null }] } });
    expect(a.reviewers[0].medianDaysToSubmit).toBeNull();
  });
});
