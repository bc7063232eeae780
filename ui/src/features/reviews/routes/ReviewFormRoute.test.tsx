import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { ReviewFormRoute } from './ReviewFormRoute';

const criteria = [
  { key: 'benefit', label: 'Nutzen', description: 'Wie sehr hilft es?', weight: 60 },
  { key: 'feasibility', label: 'Umsetzbarkeit', description: 'Ist es machbar?', weight: 40 },
];

function backend() {
  return mockApi({
    'GET /ideas/:id': () =>
      json({ id: 'i1', title: 'Solarbänke', summary: 'Laden', description: 'Text', stage: 'evaluation', coAuthors: [], createdAt: '', updatedAt: '' }),
    'GET /ideas/:id/reviews': () => json({ access: 'own', criteria, aggregate: null, mine: null, reviews: [] }),
    'PUT /ideas/:id/reviews/mine': async (req) => json({ id: 'rv', status: (await req.json()).draft ? 'draft' : 'submitted' }),
  });
}

describe('ReviewFormRoute', () => {
  it('asks about conflicts first, keeps others blind, and submits a complete review', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    expect(await screen.findByText(/Die Bewertungen der anderen sehen Sie erst/)).toBeInTheDocument();
    expect(screen.queryByRole('radiogroup')).not.toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Ich erkläre, dass kein Interessenkonflikt besteht.' }));

    await user.click(screen.getAllByRole('radio', { name: '5 – sehr gut' })[0]);
    await user.click(screen.getByRole('button', { name: 'Bewertung abgeben' }));
    expect(screen.getAllByText('Bitte vergeben Sie für jedes Kriterium Punkte.').length).toBe(1);
    expect(screen.getByText('Bitte wählen Sie eine Empfehlung.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.click(screen.getAllByRole('radio', { name: '3 – mittel' })[1]);
    expect(screen.getByText('Gewichtete Punktzahl nach Ihrer Bewertung: 80 / 100')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Umsetzen' }));
    await user.click(screen.getByRole('button', { name: 'Bewertung abgeben' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PUT')!.body).toEqual({
      noConflictOfInterest: true,
      scores: [
        { key: 'benefit', score: 5 },
        { key: 'feasibility', score: 3 },
      ],
      recommendation: 'go',
      draft: false,
    });
  });

  it('saves an incomplete review as a draft', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    await user.click(await screen.findByRole('radio', { name: 'Ich erkläre, dass kein Interessenkonflikt besteht.' }));
    await user.click(screen.getAllByRole('radio', { name: '2 – schwach' })[0]);
    await user.click(screen.getByRole('button', { name: 'Zwischenspeichern' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PUT')!.body).toMatchObject({ scores: [{ key: 'benefit', score: 2 }], draft: true });
  });

  it('offers no draft once the review is submitted: it can be changed, not taken back', async () => {
    const mine = {
      id: 'rv',
      status: 'submitted',
      noConflictOfInterest: true,
      scores: [
        { key: 'benefit', score: 4 },
        { key: 'feasibility', score: 3 },
      ],
      recommendation: 'go',
      confidence: 'high',
      comment: '',
    };
    mockApi({
      'GET /ideas/:id': () =>
        json({ id: 'i1', title: 'Solarbänke', summary: 'Laden', description: 'Text', stage: 'evaluation', coAuthors: [], createdAt: '', updatedAt: '' }),
      'GET /ideas/:id/reviews': () => json({ access: 'own', criteria, aggregate: null, mine, reviews: [] }),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    expect(await screen.findByRole('button', { name: 'Bewertung abgeben' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Zwischenspeichern' })).not.toBeInTheDocument();
  });

  it('says so when the idea is not assigned to the reviewer', async () => {
    mockApi({
      'GET /ideas/:id': () =>
        json({ id: 'i1', title: 'Solarbänke', summary: 'Laden', description: 'Text', stage: 'evaluation', coAuthors: [], createdAt: '', updatedAt: '' }),
      'GET /ideas/:id/reviews': () => errorEnvelope(403, 'forbidden', 'only the assigned reviewers'),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    expect(await screen.findByText('Diese Idee ist Ihnen nicht zur Bewertung zugewiesen.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Bewertung abgeben' })).not.toBeInTheDocument();
  });

  it('explains a decline reason that is too short instead of disabling the button', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    await user.click(await screen.findByRole('radio', { name: 'Ich lehne die Bewertung ab' }));
    const reason = screen.getByLabelText(/^Grund für die Ablehnung/);
    await user.type(reason, 'ab');
    await user.click(screen.getByRole('button', { name: 'Ich lehne die Bewertung ab' }));
    expect(reason).toHaveFocus();
    expect(reason).toHaveAccessibleDescription(/Mindestens 3 Zeichen\./);
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
