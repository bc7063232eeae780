/**
 * The stage-gate funnel of PRODUCT.md as pure data: which moves exist, who may make them,
 * and what each gate asks for. The server enforces the same rules; the UI uses them to
 * offer only moves that can succeed and to ask exactly the data a gate needs.
 */
import type { Role, Stage } from '@/types/api';

export const FUNNEL_STAGES: Stage[] = ['submitted', 'screening', 'evaluation', 'decision', 'pilot', 'rollout', 'implemented'];
export const CLOSED_STAGES: Stage[] = ['rejected', 'merged', 'parked', 'stopped', 'withdrawn'];
export const ALL_STAGES: Stage[] = ['draft', ...FUNNEL_STAGES, ...CLOSED_STAGES];

export const TERMINAL: ReadonlySet<Stage> = new Set<Stage>(['implemented', 'rejected', 'merged', 'stopped', 'withdrawn']);

/** Gate data a move needs, beyond `to`. */
export type GateRequirement =
  | 'reason'
  | 'questions'
  | 'mergeTarget'
  | 'revisitDate'
  | 'reviewers'
  | 'reviewsOrOverride'
  | 'pilotPlan'
  | 'checklist'
  | 'kpiResults'
  | 'lessons'
  | 'newEndDate'
  | 'rolloutDepartments';

export interface Move {
  from: Stage;
  to: Stage;
  /** Role allowed to make the move; 'author' means the idea's author. */
  by: 'author' | 'cdo';
  needs: GateRequirement[];
}

export const MOVES: Move[] = [
  { from: 'draft', to: 'submitted', by: 'author', needs: [] },
  { from: 'submitted', to: 'screening', by: 'cdo', needs: [] },
  { from: 'screening', to: 'evaluation', by: 'cdo', needs: ['reviewers'] },
  { from: 'screening', to: 'rejected', by: 'cdo', needs: ['reason'] },
  { from: 'screening', to: 'merged', by: 'cdo', needs: ['mergeTarget', 'reason'] },
  { from: 'screening', to: 'submitted', by: 'cdo', needs: ['questions'] },
  { from: 'evaluation', to: 'decision', by: 'cdo', needs: ['reviewsOrOverride'] },
  { from: 'decision', to: 'pilot', by: 'cdo', needs: ['pilotPlan', 'checklist'] },
  { from: 'decision', to: 'rejected', by: 'cdo', needs: ['reason'] },
  { from: 'decision', to: 'parked', by: 'cdo', needs: ['revisitDate', 'reason'] },
  { from: 'parked', to: 'screening', by: 'cdo', needs: [] },
  { from: 'pilot', to: 'rollout', by: 'cdo', needs: ['kpiResults', 'lessons', 'rolloutDepartments'] },
  { from: 'pilot', to: 'stopped', by: 'cdo', needs: ['kpiResults', 'lessons', 'reason'] },
  { from: 'pilot', to: 'pilot', by: 'cdo', needs: ['newEndDate', 'reason'] },
  { from: 'rollout', to: 'implemented', by: 'cdo', needs: [] },
  ...(['draft', 'submitted', 'screening', 'evaluation'] as Stage[]).map(
    (from): Move => ({ from, to: 'withdrawn', by: 'author', needs: ['reason'] }),
  ),
];

export function movesFrom(stage: Stage, who: { roles: Role[]; isAuthor: boolean }): Move[] {
  return MOVES.filter(
    (m) =>
      m.from === stage &&
      ((m.by === 'cdo' && who.roles.includes('cdo')) || (m.by === 'author' && who.isAuthor)),
  );
}

export function findMove(from: Stage, to: Stage): Move | undefined {
  return MOVES.find((m) => m.from === from && m.to === to);
}

export function isTerminal(stage: Stage): boolean {
  return TERMINAL.has(stage);
}

/** The board's columns: the live funnel, plus parked (it comes back). */
export const BOARD_COLUMNS: Stage[] = ['submitted', 'screening', 'evaluation', 'decision', 'pilot', 'rollout', 'parked'];
