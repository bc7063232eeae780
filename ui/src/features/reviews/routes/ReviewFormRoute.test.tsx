import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { disagreeingAggregate, submittedReviewBase } from '@/test/reviews';
import { ReviewFormRoute } from './ReviewFormRoute';

const criteria = [
  { key: 'benefit', label: 'Nutzen', description: 'Wie sehr hilft es?', weight: 60 },
  { key: 'feasibility', label: 'Umsetzbarkeit', description: 'Ist es machbar?', weight: 40 },
];

/** GET /ideas/:id's answer: the idea in a stage. */
const ideaIn = (stage: string) =>
  json({ id: 'i1', title: 'Solarbänke', summary: 'Laden', description: 'Text', stage, coAuthors: [], createdAt: '', updatedAt: '' });

/** The caller's submitted review of the two criteria above. */
const submittedReview = (more: { comment?: string; version?: number } = {}) => ({
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
  version: 2,
  ...more,
});

function backend() {
  return mockApi({
    'GET /ideas/:id': () => ideaIn('evaluation'),
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
    expect(screen.getByText('Bitte geben Sie an, wie sicher Sie sich sind.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.click(screen.getAllByRole('radio', { name: '3 – mittel' })[1]);
    expect(screen.getByText('Gewichtete Punktzahl nach Ihrer Bewertung: 80 / 100')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'Umsetzen' }));
    await user.click(screen.getByRole('radio', { name: 'sehr sicher' }));
    await user.click(screen.getByRole('button', { name: 'Bewertung abgeben' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PUT')!.body).toEqual({
      noConflictOfInterest: true,
      scores: [
        { key: 'benefit', score: 5 },
        { key: 'feasibility', score: 3 },
      ],
      recommendation: 'go',
      confidence: 'high',
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
    const mine = submittedReview();
    mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
      'GET /ideas/:id/reviews': () => json({ access: 'own', criteria, aggregate: null, mine, reviews: [] }),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    // It is changed while the idea is in evaluation: the button says so.
    expect(await screen.findByRole('button', { name: 'Bewertung aktualisieren' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Bewertung abgeben' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Zwischenspeichern' })).not.toBeInTheDocument();
  });

  it('says so when the idea is not assigned to the reviewer', async () => {
    mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
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

  it('explains an empty decline reason itself, not with the browser’s bubble', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    await user.click(await screen.findByRole('radio', { name: 'Ich lehne die Bewertung ab' }));
    const reason = screen.getByLabelText(/^Grund für die Ablehnung/);
    expect(reason.closest('form')).toHaveAttribute('novalidate');
    await user.click(screen.getByRole('button', { name: 'Ich lehne die Bewertung ab' }));
    expect(reason).toHaveFocus();
    expect(reason).toHaveAccessibleDescription(/Mindestens 3 Zeichen\./);
    expect(screen.getByText('Mindestens 3 Zeichen.')).toHaveClass('field__error');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('after declining goes to the queue without asking for the reviews it may no longer read', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
      'GET /ideas/:id/reviews': () => json({ access: 'own', criteria, aggregate: null, mine: null, reviews: [] }),
      'POST /ideas/:id/reviews/mine/decline': () => new Response(null, { status: 204 }),
      'GET /reviews/assigned': () => json({ items: [], nextCursor: null, total: 0 }),
    });
    renderWithProviders(<ReviewFormRoute />, {
      user: makeUser({ roles: ['reviewer'] }),
      route: '/reviews/i1',
      path: '/reviews/:ideaId',
      extraRoutes: [{ path: '/reviews', element: <p>Bewertungsaufgaben</p> }],
      dataRouter: true,
    });
    await user.click(await screen.findByRole('radio', { name: 'Ich lehne die Bewertung ab' }));
    await user.type(screen.getByLabelText(/^Grund für die Ablehnung/), 'Mein Bruder hat sie eingereicht.');
    await user.click(screen.getByRole('button', { name: 'Ich lehne die Bewertung ab' }));
    expect(await screen.findByText('Bewertungsaufgaben')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'GET' && c.path === '/ideas/i1/reviews')).toHaveLength(1);
  });

  it('keeps the radio buttons of long choices at their size', () => {
    // jsdom lays nothing out: the rule of global.css is read.
    const css = readFileSync(resolve(process.cwd(), 'src/styles/global.css'), 'utf8');
    expect(css.match(/\n\.choice input \{([^}]*)\}/)?.[1]).toMatch(/flex-shrink: 0;/);
  });
});

describe('ReviewFormRoute in the English UI', () => {
  it('names and explains the default criteria in English, and shows a renamed one as written, marked German', async () => {
    const user = userEvent.setup({ delay: null });
    const seeded = [
      { key: 'feasibility', label: 'Umsetzbarkeit', description: 'Ist die Idee mit vertretbarem Aufwand, Recht und Technik umsetzbar?', weight: 60 },
      { key: 'efficiency', label: 'Wirtschaftlichkeit', description: 'Eigene Erklärung', weight: 40 },
    ];
    mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
      'GET /ideas/:id/reviews': () => json({ access: 'own', criteria: seeded, aggregate: null, mine: null, reviews: [] }),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId', lng: 'en' });
    await user.click(await screen.findByRole('radio', { name: 'I declare that I have no conflict of interest.' }));
    const feasibility = screen.getByRole('group', { name: 'Feasibility (Weight 60%)' });
    expect(feasibility).toHaveAccessibleDescription('Can the idea be implemented with reasonable effort, within the law and with today’s technology?');
    expect(within(feasibility).getByRole('radiogroup', { name: 'Score for “Feasibility”' })).toBeInTheDocument();
    const own = screen.getByRole('group', { name: 'Wirtschaftlichkeit (Weight 40%)' });
    expect(within(own).getByText('Wirtschaftlichkeit')).toHaveAttribute('lang', 'de');
    expect(within(own).getByText('Eigene Erklärung')).toHaveAttribute('lang', 'de');
    expect(screen.queryByText('Umsetzbarkeit')).not.toBeInTheDocument();
  });
});

describe('ReviewFormRoute after submitting', () => {
  const aggregate = disagreeingAggregate;
  const base = { ...submittedReviewBase, confidence: 'high' };
  const mine = {
    ...base, id: 'i1:me', reviewer: { id: 'u1', displayName: 'Erika Mustermann' }, mine: true, status: 'submitted', recommendation: 'go', comment: '',
    scores: [{ key: 'benefit', score: 5, comment: '' }, { key: 'feasibility', score: 3, comment: '' }],
  };
  const other = {
    ...base, id: '', reviewer: null, mine: false, status: 'submitted', recommendation: 'no_go', comment: 'Zu teuer für den Nutzen.',
    scores: [{ key: 'benefit', score: 2, comment: 'Wenige profitieren.' }, { key: 'feasibility', score: 3, comment: '' }],
  };
  const draft = { ...other, status: 'draft', comment: 'Noch nicht fertig', scores: [] };

  it('shows the others’ submitted reviews without names, the aggregate once, and the disagreement as a fact', async () => {
    mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
      'GET /ideas/:id/reviews': () => json({ access: 'peers', criteria, aggregate, mine, reviews: [other, draft] }),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    const section = (await screen.findByRole('heading', { level: 2, name: 'Andere Bewertungen' })).closest('section')!;
    const s = within(section);
    expect(await s.findByRole('heading', { level: 3, name: 'Bewertung 1' })).toBeInTheDocument();
    expect(s.getAllByRole('article')).toHaveLength(1);
    expect(s.getByText('Nicht umsetzen')).toBeInTheDocument();
    expect(s.getByText('Wenige profitieren.')).toBeInTheDocument();
    expect(s.getByText('Zu teuer für den Nutzen.')).toBeInTheDocument();
    expect(s.queryByText('Noch nicht fertig')).not.toBeInTheDocument();
    expect(s.queryByText('Erika Mustermann')).not.toBeInTheDocument();
    // "2 Bewertungen" once, in the aggregate.
    expect(s.getAllByText(/2 Bewertungen/)).toHaveLength(1);
    // A reviewer does not decide: the disagreement is stated, not a call to discuss.
    expect(s.getByText('Die Gutachtenden sind sich bei mindestens einem Kriterium uneinig.')).toBeInTheDocument();
    expect(screen.queryByText(/Bitte besprechen Sie/)).not.toBeInTheDocument();
  });

  it('says when nobody else has submitted yet', async () => {
    mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
      'GET /ideas/:id/reviews': () =>
        json({ access: 'peers', criteria, aggregate: { ...aggregate, reviewCount: 1, disagreement: false }, mine, reviews: [draft] }),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    expect(await screen.findByText('Außer Ihnen hat noch niemand eine Bewertung abgegeben.')).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
  });

  it('thanks for an update as an update', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'GET /ideas/:id': () => ideaIn('evaluation'),
      'GET /ideas/:id/reviews': () => json({ access: 'peers', criteria, aggregate, mine, reviews: [] }),
      'PUT /ideas/:id/reviews/mine': () => json(mine),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    await user.click(await screen.findByRole('button', { name: 'Bewertung aktualisieren' }));
    expect(await screen.findByText('Ihre Bewertung ist aktualisiert.')).toBeInTheDocument();
  });

  describe('saved in another tab meanwhile', () => {
    const stored = (version: number, comment: string) => submittedReview({ comment, version });

    it('saves over the version it was filled from; refused, it keeps the input and saves over the new one when asked again', async () => {
      const user = userEvent.setup({ delay: null });
      let current = stored(2, 'Gut.');
      const api = mockApi({
        'GET /ideas/:id': () => ideaIn('evaluation'),
        'GET /ideas/:id/reviews': () => json({ access: 'peers', criteria, aggregate: null, mine: current, reviews: [] }),
        'PUT /ideas/:id/reviews/mine': async (req) => {
          if (req.headers.get('If-Match') !== `"v${current.version}"`) return errorEnvelope(412, 'precondition_failed', 'changed meanwhile');
          const body = await req.json();
          current = { ...stored(current.version + 1, body.comment ?? ''), comment: body.comment ?? '' };
          return json(current, 200, { ETag: `"v${current.version}"` });
        },
      });
      renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
      const summary = await screen.findByLabelText('Gesamtkommentar');
      await waitFor(() => expect(summary).toHaveValue('Gut.'));
      // The other tab saves first.
      current = stored(3, 'Aus dem anderen Fenster.');
      await user.clear(summary);
      await user.type(summary, 'Aus diesem Fenster.');
      await user.click(screen.getByRole('button', { name: 'Bewertung aktualisieren' }));
      expect(await screen.findByText(/Diese Bewertung wurde inzwischen anderswo gespeichert/)).toBeInTheDocument();
      expect(api.calls.filter((c) => c.method === 'PUT')[0].headers.get('If-Match')).toBe('"v2"');
      expect(summary).toHaveValue('Aus diesem Fenster.');
      expect(current.comment).toBe('Aus dem anderen Fenster.');

      // Saving again replaces the stored version, knowingly.
      await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET' && c.path === '/ideas/i1/reviews')).toHaveLength(2));
      await user.click(screen.getByRole('button', { name: 'Bewertung aktualisieren' }));
      expect(await screen.findByText('Ihre Bewertung ist aktualisiert.')).toBeInTheDocument();
      expect(api.calls.filter((c) => c.method === 'PUT')[1].headers.get('If-Match')).toBe('"v3"');
      expect(current.comment).toBe('Aus diesem Fenster.');
    });

    it('loads the stored version when asked, dropping what was typed', async () => {
      const user = userEvent.setup({ delay: null });
      let current = stored(2, 'Gut.');
      mockApi({
        'GET /ideas/:id': () => ideaIn('evaluation'),
        'GET /ideas/:id/reviews': () => json({ access: 'peers', criteria, aggregate: null, mine: current, reviews: [] }),
        'PUT /ideas/:id/reviews/mine': () => errorEnvelope(412, 'precondition_failed', 'changed meanwhile'),
      });
      renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
      const summary = await screen.findByLabelText('Gesamtkommentar');
      await waitFor(() => expect(summary).toHaveValue('Gut.'));
      current = stored(3, 'Aus dem anderen Fenster.');
      await user.type(summary, ' Mehr.');
      await user.click(screen.getByRole('button', { name: 'Bewertung aktualisieren' }));
      await user.click(await screen.findByRole('button', { name: 'Gespeicherte Fassung laden' }));
      await waitFor(() => expect(screen.getByLabelText('Gesamtkommentar')).toHaveValue('Aus dem anderen Fenster.'));
      expect(screen.getByRole('heading', { name: 'Kriterien' })).toHaveFocus();
      expect(screen.queryByText(/Diese Bewertung wurde inzwischen anderswo gespeichert/)).not.toBeInTheDocument();
    });
  });

  it('once the idea has left evaluation, nothing in the form can be changed', async () => {
    mockApi({
      'GET /ideas/:id': () => ideaIn('decision'),
      'GET /ideas/:id/reviews': () =>
        json({
          access: 'peers',
          criteria,
          aggregate: null,
          mine: { id: 'rv', status: 'submitted', noConflictOfInterest: true, scores: [{ key: 'benefit', score: 4, comment: 'Hilft.' }, { key: 'feasibility', score: 3 }], recommendation: 'go', confidence: 'high', comment: 'Gut.', version: 2 },
          reviews: [],
        }),
    });
    renderWithProviders(<ReviewFormRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews/i1', path: '/reviews/:ideaId' });
    const summary = await screen.findByLabelText('Gesamtkommentar');
    await waitFor(() => expect(summary).toHaveValue('Gut.'));
    expect(summary).toHaveAttribute('readonly');
    for (const r of screen.getAllByRole('radio')) expect(r).toBeDisabled();
    for (const box of screen.getAllByRole('textbox')) expect(box).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: 'Bewertung aktualisieren' })).not.toBeInTheDocument();
  });
});
