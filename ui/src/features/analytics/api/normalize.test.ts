import { describe, expect, it } from 'vitest';
import { normalizeAnalytics } from './index';

describe('normalizeAnalytics', () => {
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
    expect(a.byDepartment).toEqual([{ label: 'Ordnungsamt', count: 3 }]);
    expect(a.bySource).toEqual([
      { label: 'citizen', count: 5 },
      { label: 'staff', count: 7 },
    ]);
    expect(a.timeInStage[0]).toEqual({ stage: 'screening', medianDays: 2, p90Days: 10 });
    expect(a.pilotSuccessRate).toBe(0.5);
    expect(a.sla).toEqual([]);
  });
});
