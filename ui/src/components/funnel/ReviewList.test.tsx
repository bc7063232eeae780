import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { renderWithProviders } from '@/test/utils';
import type { components } from '@/lib/api-types';
import { ReviewList } from './ReviewList';

type Review = components['schemas']['Review'];

const criteria = [
  { key: 'benefit', label: 'Nutzen für Bürgerinnen und Bürger', description: '', weight: 60 },
  { key: 'feasibility', label: 'Umsetzbarkeit', description: '', weight: 40 },
];

const review = (over: Partial<Review> = {}): Review => ({
  id: 'i1:r1',
  reviewer: { id: 'r1', displayName: 'Rita Gutachterin' },
  mine: false,
  status: 'submitted',
  noConflictOfInterest: true,
  scores: [
    { key: 'feasibility', score: 2, comment: 'Die Stromversorgung fehlt.' },
    { key: 'benefit', score: 5, comment: '' },
  ],
  recommendation: 'go',
  confidence: 'high',
  comment: 'Insgesamt überzeugend.',
  submittedAt: '2026-11-03T10:00:00Z',
  updatedAt: '2026-11-03T10:00:00Z',
  version: 2,
  ...over,
});

/** "term: description" per entry of a definition list. */
const entries = (dl: HTMLElement) =>
  [...dl.querySelectorAll('dt')].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent?.replace(/\s+/g, ' ').trim()}`);

describe('ReviewList', () => {
  it('shows each review with its reviewer, recommendation, confidence, scores with comments, overall comment and date', () => {
    renderWithProviders(<ReviewList reviews={[review()]} criteria={criteria} />);
    const item = screen.getByRole('article', { name: 'Rita Gutachterin' });
    const r = within(item);
    expect(r.getByRole('heading', { level: 3, name: 'Rita Gutachterin' })).toBeInTheDocument();
    expect(r.getByText('Abgegeben am 03.11.2026')).toBeInTheDocument();
    const [summary, scores] = item.querySelectorAll('dl');
    expect(entries(summary as HTMLElement)).toEqual(['Gesamtempfehlung: Umsetzen', 'Sicherheit: sehr sicher']);
    // In the order of the criteria set, not of the review.
    expect(entries(scores as HTMLElement)).toEqual([
      'Nutzen für Bürgerinnen und Bürger: 5 / 5 (sehr gut)',
      'Umsetzbarkeit: 2 / 5 (schwach)Die Stromversorgung fehlt.',
    ]);
    expect(r.getByRole('heading', { level: 4, name: 'Gesamtkommentar' }).nextElementSibling).toHaveTextContent('Insgesamt überzeugend.');
  });

  it('names nobody the API does not name: anonymous reviews are numbered, one’s own is "yours", a deleted account says so', () => {
    renderWithProviders(
      <ReviewList
        reviews={[
          review({ id: '', reviewer: null, mine: true }),
          review({ id: '', reviewer: null }),
          review({ id: '', reviewer: null }),
          review({ id: 'i1:r9', reviewer: { id: 'r9', displayName: '' } }),
        ]}
        criteria={criteria}
      />,
    );
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual(['Ihre Bewertung', 'Bewertung 1', 'Bewertung 2', 'Gelöschtes Konto']);
  });

  it('never shows a draft', () => {
    renderWithProviders(<ReviewList reviews={[review(), review({ id: 'i1:r2', reviewer: { id: 'r2', displayName: 'Bernd Entwurf' }, status: 'draft' })]} criteria={criteria} />);
    expect(screen.getAllByRole('article')).toHaveLength(1);
    expect(screen.queryByText('Bernd Entwurf')).not.toBeInTheDocument();
  });

  it('shows comments as plain text, line breaks kept', () => {
    const evil = '<img src=x onerror="alert(1)"> **fett**\nzweite Zeile';
    const { container } = renderWithProviders(
      <ReviewList reviews={[review({ comment: evil, scores: [{ key: 'benefit', score: 3, comment: '<b>laut</b>' }] })]} criteria={criteria} />,
    );
    expect(container.querySelector('img, b')).toBeNull();
    expect(screen.getByText(/<img src=x onerror="alert\(1\)"> \*\*fett\*\*/)).toHaveClass('pre-line');
    expect(screen.getByText('<b>laut</b>')).toBeInTheDocument();
  });

  it('speaks English', () => {
    renderWithProviders(<ReviewList reviews={[review({ reviewer: null, id: '', recommendation: 'needs_information', confidence: 'low' })]} criteria={criteria} />, { lng: 'en' });
    const item = screen.getByRole('article', { name: 'Review 1' });
    expect(entries(item.querySelector('dl')!)).toEqual(['Overall recommendation: Needs information', 'Confidence: not very confident']);
    expect(within(item).getByText(/^Submitted on/)).toBeInTheDocument();
  });
});
