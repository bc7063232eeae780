import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '@/test/utils';
import { ReviewFeedback } from './ReviewFeedback';

const score = {
  weighted: 68,
  reviewCount: 3,
  disagreement: false,
  criteria: [
    { key: 'benefit', weight: 60, mean: 4.333, min: 3, max: 5, stdDev: 0.9, n: 3 },
    { key: 'feasibility', weight: 40, mean: 3, min: 2, max: 4, stdDev: 0.8, n: 3 },
  ],
  recommendations: { go: 2, noGo: 1, needsInformation: 0 },
};
const criteria = [
  { key: 'benefit', label: 'Nutzen für Bürgerinnen und Bürger', description: '', weight: 60 },
  { key: 'feasibility', label: 'Umsetzbarkeit', description: '', weight: 40 },
];

describe('ReviewFeedback', () => {
  it('puts the average right after the criterion, in a table made to fit a phone', () => {
    renderWithProviders(<ReviewFeedback score={score} criteria={criteria} />);
    const table = screen.getByRole('table', { name: 'Durchschnitt je Kriterium' });
    // At 390 px the columns after the second may need scrolling: the average must not be among them.
    expect(within(table).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Kriterium', 'Durchschnitt (1 bis 5)', 'Gewicht']);
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => [...r.children].map((c) => c.textContent?.replace(/\s/g, ' ')))).toEqual([
      ['Nutzen für Bürgerinnen und Bürger', '4,3', '60 %'],
      ['Umsetzbarkeit', '3', '40 %'],
    ]);
    expect(table).toHaveClass('table--fit');
  });
});
