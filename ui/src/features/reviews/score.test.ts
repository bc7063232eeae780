import { describe, expect, it } from 'vitest';
import { weightedScore } from './score';

const criteria = [
  { key: 'benefit', weight: 30 },
  { key: 'efficiency', weight: 20 },
  { key: 'feasibility', weight: 20 },
  { key: 'strategy', weight: 15 },
  { key: 'reuse', weight: 15 },
];

describe('weightedScore', () => {
  it('is null until every criterion is scored', () => {
    expect(weightedScore(criteria, { benefit: 5 })).toBeNull();
  });
  it('maps all-5 to 100 and all-1 to 0', () => {
    expect(weightedScore(criteria, { benefit: 5, efficiency: 5, feasibility: 5, strategy: 5, reuse: 5 })).toBe(100);
    expect(weightedScore(criteria, { benefit: 1, efficiency: 1, feasibility: 1, strategy: 1, reuse: 1 })).toBe(0);
  });
  it('weights the criteria', () => {
    // benefit 5 (30 × 1), everything else 1 → 30
    expect(weightedScore(criteria, { benefit: 5, efficiency: 1, feasibility: 1, strategy: 1, reuse: 1 })).toBeCloseTo(30);
    // all 3 → 50
    expect(weightedScore(criteria, { benefit: 3, efficiency: 3, feasibility: 3, strategy: 3, reuse: 3 })).toBeCloseTo(50);
  });
});
