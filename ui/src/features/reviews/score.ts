import type { Criterion } from '@/types/api';

/**
 * The weighted score 0–100 of one review: each criterion's 1–5 score mapped to 0–1, weighted
 * by its share of 100. Null until every criterion has a score.
 */
export function weightedScore(criteria: Pick<Criterion, 'key' | 'weight'>[], scores: Record<string, number | undefined>): number | null {
  if (criteria.length === 0) return null;
  let total = 0;
  let weights = 0;
  for (const c of criteria) {
    const s = scores[c.key];
    if (!s) return null;
    total += c.weight * ((s - 1) / 4);
    weights += c.weight;
  }
  return weights ? (total / weights) * 100 : null;
}
