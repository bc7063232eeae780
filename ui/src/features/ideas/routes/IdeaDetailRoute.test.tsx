import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { IdeaDetailRoute } from './IdeaDetailRoute';

const page = { items: [], nextCursor: null, total: 0 };
const idea = (stage: string, supported: boolean) => ({
  id: 'i1', title: 'Solarbänke', summary: 'Kurz', description: 'Lang', stage, stageSince: '2026-11-01T00:00:00Z',
  needsInformation: false, visibility: 'public', source: 'citizen', campaignId: null, departmentId: null, tags: [], targetGroups: [],
  author: { id: 'someone', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 5, followerCount: 0, commentCount: 0,
  attachmentCount: 0, score: null, version: 3, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
  submittedAt: '2026-11-01T00:00:00Z', lastActivityAt: '2026-11-01T00:00:00Z', supported, following: false,
});

function show(stage: string, supported: boolean, lng: 'de' | 'en' = 'de') {
  let current = idea(stage, supported);
  mockApi({
    'GET /ideas/:id': () => json(current),
    'GET /ideas/:id/history': () => json(page),
    'GET /ideas/:id/comments': () => json(page),
    'GET /departments': () => json(page),
    'DELETE /ideas/:id/support': () => {
      current = { ...current, supported: false, supportCount: 4 };
      return json({ ideaId: 'i1', supported: false, supportCount: 4 });
    },
    'PUT /ideas/:id/support': () => {
      current = { ...current, supported: true, supportCount: 6 };
      return json({ ideaId: 'i1', supported: true, supportCount: 6 });
    },
  });
  renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ roles: ['citizen'] }), route: '/ideas/i1', path: '/ideas/:id', lng });
}

describe('IdeaDetailRoute support', () => {
  it('offers support while the idea is in the funnel', async () => {
    show('screening', false);
    expect(await screen.findByRole('button', { name: 'Unterstützen' })).toHaveAttribute('aria-pressed', 'false');
  });

  it('on an idea that left the funnel, offers only withdrawing one’s support, and then nothing', async () => {
    const user = userEvent.setup();
    show('rejected', true);
    const button = await screen.findByRole('button', { name: 'Unterstützen', pressed: true });
    await user.click(button);
    expect(await screen.findByText('4 Personen unterstützen diese Idee')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Unterstütz/ })).not.toBeInTheDocument();
  });

  it('is a toggle button with a label that stays, and the change is announced once (the toast), not by the count too', async () => {
    const user = userEvent.setup();
    show('screening', false);
    const button = await screen.findByRole('button', { name: 'Unterstützen', pressed: false });
    await user.click(button);
    expect(await screen.findByText('Danke für Ihre Unterstützung!')).toBeInTheDocument();
    // The same name, now pressed: the state is the change (not "✓ Unterstützt" and pressed as well).
    expect(button).toHaveAccessibleName('Unterstützen');
    expect(button).toHaveAttribute('aria-pressed', 'true');
    const count = await screen.findByText('6 Personen unterstützen diese Idee');
    expect(count.closest('[aria-live], [role="status"], [role="alert"]')).toBeNull();
    // The follow button is a toggle the same way.
    expect(screen.getByRole('button', { name: 'Folgen', pressed: false })).toBeInTheDocument();
  });

  it('marks the idea’s own words as German in the English UI (WCAG 3.1.2)', async () => {
    show('screening', false, 'en');
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Solarbänke' });
    expect(h1).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Kurz')).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Lang').closest('.markdown')).toHaveAttribute('lang', 'de');
    // The UI's own texts are not.
    expect(screen.getByRole('heading', { level: 2, name: 'Description' })).not.toHaveAttribute('lang');
  });

  it('leaves the idea’s words without a lang of their own in the German UI', async () => {
    show('screening', false);
    expect(await screen.findByRole('heading', { level: 1, name: 'Solarbänke' })).not.toHaveAttribute('lang');
    expect(screen.getByText('Lang').closest('.markdown')).not.toHaveAttribute('lang');
  });

  it('does not offer support on a rejected idea the user did not support', async () => {
    show('rejected', false);
    await screen.findByRole('heading', { name: 'Solarbänke' });
    expect(screen.queryByRole('button', { name: /Unterstütz/ })).not.toBeInTheDocument();
  });

  it('leads back to the list the user came from, with its filters', async () => {
    mockApi({
      'GET /ideas/:id': () => json(idea('screening', false)),
      'GET /ideas/:id/history': () => json(page),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
    });
    renderWithProviders(<IdeaDetailRoute />, {
      user: makeUser({ roles: ['citizen'] }),
      route: { pathname: '/ideas/i1', state: { list: '/ideas?stage=screening&q=Chat' } },
      path: '/ideas/:id',
    });
    expect(await screen.findByRole('link', { name: '← Zurück zur Übersicht' })).toHaveAttribute('href', '/ideas?stage=screening&q=Chat');
  });
});

describe('IdeaDetailRoute origin', () => {
  const imported = (profileUrl: string | null) => ({
    ...idea('submitted', false),
    source: 'other_municipality',
    visibility: 'internal',
    origin: { municipality: 'Stadt Bielefeld', tenantId: 'ext:Stadt Bielefeld', ideaId: 'b1', profileUrl, importedAt: '2026-11-20T09:00:00Z' },
  });
  const showIdea = (body: unknown) => {
    mockApi({
      'GET /ideas/:id': () => json(body),
      'GET /ideas/:id/history': () => json(page),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }), route: '/ideas/i1', path: '/ideas/:id' });
  };

  it('says which municipality an imported idea came from, with its profile', async () => {
    showIdea(imported('https://ideen.bielefeld.example/api/v1/ideas/b1/reuse-profile'));
    expect(await screen.findByText(/Übernommen von Stadt Bielefeld am 20\.11\.2026/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Nachnutzungsprofil ansehen' })).toHaveAttribute('href', 'https://ideen.bielefeld.example/api/v1/ideas/b1/reuse-profile');
  });

  it('links no profile it does not know, nor one that is not a web address', async () => {
    showIdea(imported('javascript:alert(1)'));
    expect(await screen.findByText(/Übernommen von Stadt Bielefeld/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Nachnutzungsprofil ansehen' })).not.toBeInTheDocument();
  });

  it('says nothing of an origin for the city’s own ideas', async () => {
    showIdea({ ...idea('submitted', false), origin: null });
    await screen.findByRole('heading', { name: 'Solarbänke' });
    expect(screen.queryByText(/Übernommen von/)).not.toBeInTheDocument();
  });
});

describe('IdeaDetailRoute outcome', () => {
  const decision = (to: string, extra: object) => ({
    id: 'd1', from: 'decision', to, at: '2026-11-20T10:00:00Z', actor: { id: 'c', displayName: 'Clara', deleted: false },
    reason: null, override: false, mergedInto: null, revisitAt: null, ...extra,
  });
  const render = (stage: string, d: object) => {
    mockApi({
      'GET /ideas/:id': () => json(idea(stage, false)),
      'GET /ideas/:id/history': () => json({ items: [d], nextCursor: null, total: 1 }),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ roles: ['citizen'] }), route: '/ideas/i1', path: '/ideas/:id' });
  };

  it('states why a rejected idea was rejected, under its title', async () => {
    render('rejected', decision('rejected', { reason: 'Rechtlich nicht zulässig.' }));
    const reason = await screen.findByText('Begründung der Ablehnung:');
    expect(reason.closest('p')).toHaveTextContent('Begründung der Ablehnung: „Rechtlich nicht zulässig.“');
  });

  it('names the revisit date of a parked idea', async () => {
    render('parked', decision('parked', { reason: 'Haushalt 2028 abwarten.', revisitAt: '2027-03-01T00:00:00Z' }));
    expect(await screen.findAllByText(/Wiedervorlage am/)).not.toHaveLength(0);
    expect(screen.getByText('Begründung der Zurückstellung:')).toBeInTheDocument();
  });

  it('says nothing extra while the idea is in the funnel', async () => {
    render('screening', decision('screening', { reason: 'Passt.' }));
    await screen.findByRole('heading', { name: 'Solarbänke' });
    expect(screen.queryByText(/Begründung der/)).not.toBeInTheDocument();
  });
});

describe('IdeaDetailRoute review feedback for authors', () => {
  const aggregate = {
    weighted: 68.75,
    reviewCount: 2,
    disagreement: true,
    criteria: [
      { key: 'benefit', weight: 30, mean: 4.5, min: 4, max: 5, stdDev: 0.5, n: 2 },
      { key: 'feasibility', weight: 20, mean: 2.5, min: 1, max: 4, stdDev: 1.5, n: 2 },
    ],
    recommendations: { go: 1, noGo: 0, needsInformation: 1 },
  };
  const reviewsBody = {
    access: 'aggregate',
    criteria: [
      { key: 'benefit', label: 'Nutzen für Bürgerinnen und Bürger', description: '', weight: 30 },
      { key: 'feasibility', label: 'Umsetzbarkeit', description: '', weight: 20 },
    ],
    aggregate,
    mine: null,
    reviews: [],
  };
  const scored = (extra: object = {}) => ({
    ...idea('decision', false),
    author: { id: 'a1', displayName: 'Anna', deleted: false },
    coAuthors: [{ id: 'a2', displayName: 'Ben', deleted: false }],
    score: { weighted: 68.75, reviewCount: 2, disagreement: true },
    ...extra,
  });
  const showAs = (userId: string, body: unknown, reviews: unknown = reviewsBody) => {
    const api = mockApi({
      'GET /ideas/:id': () => json(body),
      'GET /ideas/:id/history': () => json(page),
      'GET /ideas/:id/comments': () => json(page),
      'GET /ideas/:id/reviews': () => json(reviews),
      'GET /departments': () => json(page),
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ id: userId, roles: ['citizen'] }), route: '/ideas/i1', path: '/ideas/:id' });
    return api;
  };

  it('shows the author the aggregated feedback: overall score, mean per criterion, recommendations', async () => {
    showAs('a1', scored());
    const heading = await screen.findByRole('heading', { level: 2, name: 'Rückmeldung aus der Bewertung' });
    const section = heading.closest('section')!;
    const s = within(section);
    expect(s.getByText('Gesamtpunktzahl (gewichtet)').nextSibling).toHaveTextContent('69 von 100 Punkten (2 Bewertungen)');
    expect(s.getByText('Empfehlungen').nextSibling).toHaveTextContent('Umsetzen: 1 · Nicht umsetzen: 0 · Rückfragen: 1');
    const table = s.getByRole('table', { name: 'Durchschnitt je Kriterium' });
    const rows = within(table).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent?.replace(/\s/g, ' ')));
    expect(rows).toEqual([
      // The average right after the criterion: at 390 px it is seen without scrolling.
      ['Nutzen für Bürgerinnen und Bürger', '4,5', '30 %'],
      ['Umsetzbarkeit', '2,5', '20 %'],
    ]);
    expect(s.getByText(/deutlich unterschiedlich eingeschätzt/)).toBeInTheDocument();
    // The CDO's view (spread per reviewer group, the call to discuss) is not the author's.
    expect(screen.queryByRole('heading', { name: 'Bewertungsergebnis' })).not.toBeInTheDocument();
    expect(s.queryByText('Std.-Abw.')).not.toBeInTheDocument();
  });

  it('shows co-authors the feedback too', async () => {
    showAs('a2', scored());
    expect(await screen.findByRole('heading', { name: 'Rückmeldung aus der Bewertung' })).toBeInTheDocument();
  });

  it('asks nothing and shows nothing to someone who is not an author', async () => {
    const api = showAs('x9', scored());
    await screen.findByRole('heading', { name: 'Solarbänke' });
    expect(screen.queryByRole('heading', { name: 'Rückmeldung aus der Bewertung' })).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.path === '/ideas/i1/reviews')).toBe(false);
  });

  it('shows no feedback while there are no reviews', async () => {
    const api = showAs('a1', scored({ stage: 'evaluation', score: null }));
    await screen.findByRole('heading', { name: 'Solarbänke' });
    expect(screen.queryByRole('heading', { name: 'Rückmeldung aus der Bewertung' })).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.path === '/ideas/i1/reviews')).toBe(false);
  });

  it('shows no feedback when the reviews hold no aggregate', async () => {
    showAs('a1', scored(), { ...reviewsBody, aggregate: null });
    await screen.findByRole('heading', { name: 'Solarbänke' });
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Rückmeldung aus der Bewertung' })).not.toBeInTheDocument());
  });
});

describe('IdeaDetailRoute deleted accounts', () => {
  const showIdea = (body: unknown) => {
    mockApi({
      'GET /ideas/:id': () => json(body),
      'GET /ideas/:id/history': () => json(page),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ roles: ['citizen'] }), route: '/ideas/i1', path: '/ideas/:id' });
  };

  it('keeps the author line when the author deleted their account', async () => {
    showIdea({ ...idea('screening', false), author: { id: 'someone', displayName: '', deleted: true } });
    expect(await screen.findByText(/^von einem gelöschten Konto ·/)).toBeInTheDocument();
  });

  it('names deleted co-authors even when all of them deleted their accounts', async () => {
    showIdea({ ...idea('screening', false), coAuthors: [{ id: 'c1', displayName: '', deleted: true }] });
    expect(await screen.findByText(/von Anna · mit Gelöschtes Konto ·/)).toBeInTheDocument();
  });
});

describe('IdeaDetailRoute withdrawing', () => {
  const withAuthors = { ...idea('screening', false), author: { id: 'a1', displayName: 'Anna', deleted: false }, coAuthors: [{ id: 'a2', displayName: 'Ben', deleted: false }] };
  const showAs = (userId: string) => {
    mockApi({
      'GET /ideas/:id': () => json(withAuthors),
      'GET /ideas/:id/history': () => json(page),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ id: userId, roles: ['employee'] }), route: '/ideas/i1', path: '/ideas/:id' });
  };

  it('offers withdrawing to the main author', async () => {
    showAs('a1');
    expect(await screen.findByRole('button', { name: 'Zurückziehen' })).toBeInTheDocument();
  });

  it('withdraws without a reason when none is given (the reason is optional)', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /ideas/:id': () => json(withAuthors),
      'GET /ideas/:id/history': () => json(page),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
      'POST /ideas/:id/transitions': () => json({ id: 'd1', from: 'screening', to: 'withdrawn', at: '2026-11-27T10:00:00Z' }, 201),
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ id: 'a1', roles: ['employee'] }), route: '/ideas/i1', path: '/ideas/:id' });
    await user.click(await screen.findByRole('button', { name: 'Zurückziehen' }));
    const dialog = screen.getByRole('alertdialog');
    expect(within(dialog).getByLabelText('Begründung (optional)')).toHaveValue('');
    await user.click(within(dialog).getByRole('button', { name: 'Zurückziehen' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ to: 'withdrawn' });
  });

  it('does not offer co-authors to withdraw (the API allows the main author only)', async () => {
    showAs('a2');
    await screen.findByRole('heading', { name: 'Solarbänke' });
    expect(screen.queryByRole('button', { name: 'Zurückziehen' })).not.toBeInTheDocument();
    // Nor an actions box with nothing in it.
    expect(screen.queryByRole('heading', { name: 'Aktionen' })).not.toBeInTheDocument();
  });
});

describe('IdeaDetailRoute questions answered by two authors', () => {
  it('keeps the second author’s answer on screen when the idea reloads in screening, and says why it was not sent', async () => {
    const user = userEvent.setup();
    let answered = false;
    const asked = { id: 'd2', from: 'screening', to: 'submitted', at: '2026-11-24T09:00:00Z', reason: 'Welche Kosten entstehen?', actorRole: 'cdo', actor: null, override: false };
    const answer = { id: 'd3', from: 'submitted', to: 'screening', at: '2026-11-25T09:00:00Z', reason: 'Rund 3.000 Euro.', actorRole: 'cdo', actor: null, override: false };
    mockApi({
      'GET /ideas/:id': () =>
        json({
          ...idea(answered ? 'screening' : 'submitted', false),
          needsInformation: !answered,
          author: { id: 'a1', displayName: 'Anna', deleted: false },
          coAuthors: [{ id: 'a2', displayName: 'Ben', deleted: false }],
        }),
      'GET /ideas/:id/history': () => json({ items: answered ? [asked, answer] : [asked], nextCursor: null, total: 1 }),
      'GET /ideas/:id/comments': () => json(page),
      'GET /departments': () => json(page),
      'POST /ideas/:id/transitions': () => {
        answered = true; // Anna answered a moment earlier.
        return json({ error: { code: 'conflict', reason: 'transition_not_allowed', params: { stage: 'screening', to: 'screening' }, message: 'not allowed' } }, 409);
      },
    });
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser({ id: 'a2', roles: ['employee'] }), route: '/ideas/i1', path: '/ideas/:id' });
    await user.click(await screen.findByRole('button', { name: 'Antwort senden' }));
    const dialog = screen.getByRole('dialog', { name: 'Antwort senden' });
    await user.type(within(dialog).getByLabelText(/^Ihre Antwort/), 'Etwa 4.000 Euro.');
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));

    expect(await within(dialog).findByText('Die Rückfragen wurden inzwischen beantwortet.')).toBeInTheDocument();
    // The page shows the idea as it is now: in screening, the questions notice gone …
    await waitFor(() => expect(screen.queryByText('Rückfragen des Innovationsbüros')).not.toBeInTheDocument());
    expect(document.querySelector('.badge')).toHaveTextContent('Sichtung');
    // … while the writer's text stays to copy.
    expect(screen.getByRole('dialog', { name: 'Antwort senden' })).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Ihre Antwort/)).toHaveValue('Etwa 4.000 Euro.');
  });
});

describe('IdeaDetailRoute not found', () => {
  const notFound = () => mockApi({ 'GET /ideas/:id': () => errorEnvelope(404, 'not_found', 'idea not found'), 'GET /departments': () => json(page) });

  it('signed out (the session may have ended): says that internal ideas need signing in, with a way in and back to this idea', async () => {
    notFound();
    renderWithProviders(<IdeaDetailRoute />, { user: null, route: '/ideas/i1?tab=comments', path: '/ideas/:id' });
    expect(await screen.findByText(/Das gibt es nicht \(mehr\)/)).toBeInTheDocument();
    expect(screen.getByText(/Sie sind nicht angemeldet\. Interne Ideen sehen nur angemeldete Beschäftigte/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Anmelden und die Idee öffnen' })).toHaveAttribute('href', '/login?next=%2Fideas%2Fi1%3Ftab%3Dcomments');
  });

  it('says so in English too', async () => {
    notFound();
    renderWithProviders(<IdeaDetailRoute />, { user: null, route: '/ideas/i1', path: '/ideas/:id', lng: 'en' });
    expect(await screen.findByText(/You are not signed in\./)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in and open the idea' })).toHaveAttribute('href', '/login?next=%2Fideas%2Fi1');
  });

  it('signed in: no such hint (signing in would not help)', async () => {
    notFound();
    renderWithProviders(<IdeaDetailRoute />, { user: makeUser(), route: '/ideas/i1', path: '/ideas/:id' });
    expect(await screen.findByText(/Das gibt es nicht \(mehr\)/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Anmelden/ })).not.toBeInTheDocument();
  });
});
