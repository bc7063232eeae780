import { describe, expect, it } from 'vitest';
import { findMove, isTerminal, movesFrom } from './funnel';

describe('funnel rules', () => {
  it('lets the author submit a draft and withdraw before the decision', () => {
    expect(movesFrom('draft', { roles: ['citizen'], isAuthor: true }).map((m) => m.to)).toEqual(['submitted', 'withdrawn']);
    expect(movesFrom('decision', { roles: ['citizen'], isAuthor: true })).toEqual([]);
  });

  it('offers the screening gate to the CDO with its options', () => {
    const to = movesFrom('screening', { roles: ['cdo'], isAuthor: false }).map((m) => m.to);
    expect(to).toEqual(['evaluation', 'rejected', 'merged', 'submitted']);
  });

  it('asks for a pilot plan and the checklist at the decision → pilot gate', () => {
    expect(findMove('decision', 'pilot')?.needs).toEqual(['pilotPlan', 'checklist']);
  });

  it('requires a reason for rejected, merged, parked and stopped', () => {
    for (const [from, to] of [
      ['screening', 'rejected'],
      ['screening', 'merged'],
      ['decision', 'parked'],
      ['pilot', 'stopped'],
    ] as const) {
      expect(findMove(from, to)?.needs).toContain('reason');
    }
  });

  it('gives no moves to a reviewer who is not the author', () => {
    expect(movesFrom('evaluation', { roles: ['reviewer'], isAuthor: false })).toEqual([]);
  });

  it('knows the terminal stages', () => {
    expect(isTerminal('implemented')).toBe(true);
    expect(isTerminal('parked')).toBe(false);
  });
});
