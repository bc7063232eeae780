/**
 * Review fixtures shared by the tests of the idea page and the review form: an aggregate of
 * two reviews that disagree on the first of two criteria (benefit 60, feasibility 40), and
 * the fields every submitted review has.
 */
export const disagreeingAggregate = {
  weighted: 62.5,
  reviewCount: 2,
  disagreement: true,
  criteria: [
    { key: 'benefit', weight: 60, mean: 3.5, min: 2, max: 5, stdDev: 1.5, n: 2 },
    { key: 'feasibility', weight: 40, mean: 3, min: 3, max: 3, stdDev: 0, n: 2 },
  ],
  recommendations: { go: 1, noGo: 1, needsInformation: 0 },
};

export const submittedReviewBase = {
  noConflictOfInterest: true,
  confidence: 'medium',
  submittedAt: '2026-11-03T10:00:00Z',
  updatedAt: '2026-11-03T10:00:00Z',
  version: 2,
};
