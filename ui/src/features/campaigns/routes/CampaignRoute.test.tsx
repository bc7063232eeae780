import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { CampaignRoute } from './CampaignRoute';

const campaign = {
  id: 'c1',
  title: 'Saubere Innenstadt',
  question: 'Wie bleibt die Innenstadt sauber?',
  description: '',
  audience: 'public',
  status: 'open',
  acceptingIdeas: true,
  reviewersPerIdea: 2,
};
const idea = (id: string, title: string, stage: string) => ({ id, title, stage, summary: '', campaignId: 'c1' });
const ideas = [
  idea('i1', 'Zigarettenstummel-Sammelboxen', 'evaluation'),
  idea('i2', 'Mehr Mülleimer am Prinzipalmarkt', 'submitted'),
  idea('i3', 'Mein halbfertiger Gedanke', 'draft'),
];

function backend(c: Record<string, unknown> = campaign) {
  return mockApi({
    'GET /campaigns/:id': () => json(c, 200, { ETag: '"v1"' }),
    'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt', active: true, createdAt: '', updatedAt: '' }], nextCursor: null, total: 1 }),
    // Like the API: with a stage filter, only ideas in those stages (the caller's own draft included otherwise).
    'GET /ideas': (req) => {
      const stages = new URL(req.url).searchParams.getAll('stage').flatMap((s) => s.split(','));
      const items = stages.length ? ideas.filter((i) => stages.includes(i.stage)) : ideas;
      return json({ items, nextCursor: null, total: items.length });
    },
    'GET /campaigns/:id/ranking': () =>
      json({
        items: [
          { rank: 1, idea: { id: 'i2', title: 'Mehr Mülleimer am Prinzipalmarkt', stage: 'evaluation' }, score: { weighted: 72.4, reviewCount: 2, disagreement: false, criteria: [], recommendations: {} } },
          { rank: 2, idea: { id: 'i1', title: 'Zigarettenstummel-Sammelboxen', stage: 'evaluation' }, score: null },
        ],
        nextCursor: null,
        total: 2,
      }),
  });
}

describe('CampaignRoute', () => {
  it('names the lead department, if the campaign has one', async () => {
    backend({ ...campaign, sponsorDepartmentId: 'd32' });
    renderWithProviders(<CampaignRoute />, { user: null, route: '/campaigns/c1', path: '/campaigns/:id' });
    expect(await screen.findByText('32 — Ordnungsamt')).toBeInTheDocument();
    expect(screen.getByText(/Federführend:/)).toBeInTheDocument();
  });

  it('marks the lead department’s name as German in the English UI', async () => {
    backend({ ...campaign, sponsorDepartmentId: 'd32' });
    renderWithProviders(<CampaignRoute />, { user: null, route: '/campaigns/c1', path: '/campaigns/:id', lng: 'en' });
    expect(await screen.findByText('32 — Ordnungsamt')).toHaveAttribute('lang', 'de');
    expect(screen.getByText(/Lead department:/)).toBeInTheDocument();
  });

  it('names no lead department when the campaign has none', async () => {
    backend();
    renderWithProviders(<CampaignRoute />, { user: null, route: '/campaigns/c1', path: '/campaigns/:id' });
    await screen.findByRole('heading', { name: 'Saubere Innenstadt' });
    expect(screen.queryByText(/Federführend:/)).not.toBeInTheDocument();
  });

  it('lists only submitted ideas (asking the API for every stage but the draft), not the author\'s own draft', async () => {
    const api = backend();
    renderWithProviders(<CampaignRoute />, { user: makeUser(), route: '/campaigns/c1', path: '/campaigns/:id' });
    const section = (await screen.findByRole('heading', { name: 'Eingereichte Ideen' })).closest('section')!;
    expect(await within(section).findByRole('link', { name: 'Zigarettenstummel-Sammelboxen' })).toBeInTheDocument();
    expect(within(section).getByRole('link', { name: 'Mehr Mülleimer am Prinzipalmarkt' })).toBeInTheDocument();
    expect(within(section).queryByRole('link', { name: 'Mein halbfertiger Gedanke' })).not.toBeInTheDocument();
    expect(within(section).queryByText('Entwurf')).not.toBeInTheDocument();
    expect(within(section).getAllByRole('listitem')).toHaveLength(2);
    const list = api.calls.find((c) => c.method === 'GET' && c.path === '/ideas')!;
    const stages = list.url.searchParams.getAll('stage').flatMap((s) => s.split(','));
    expect(stages).not.toContain('draft');
    expect(stages).toEqual(expect.arrayContaining(['submitted', 'screening', 'evaluation', 'implemented', 'rejected', 'withdrawn']));
    expect(list.url.searchParams.get('campaign')).toBe('c1');
  });

  it('says an unscored idea in the ranking is not scored yet, instead of a dash', async () => {
    backend();
    renderWithProviders(<CampaignRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/c1', path: '/campaigns/:id' });
    const ranking = (await screen.findByRole('heading', { name: 'Rangliste nach Bewertung' })).closest('aside')!;
    const rows = await within(ranking).findAllByRole('listitem');
    expect(rows[0]).toHaveTextContent(/^Mehr Mülleimer am Prinzipalmarkt – 72$/);
    expect(rows[1]).toHaveTextContent(/^Zigarettenstummel-Sammelboxen – noch nicht bewertet$/);
    expect(rows[1]).not.toHaveTextContent(/–\s*–/);
  });

  it('says so in English too', async () => {
    backend();
    renderWithProviders(<CampaignRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/c1', path: '/campaigns/:id', lng: 'en' });
    const ranking = (await screen.findByRole('heading', { name: 'Ranking by score' })).closest('aside')!;
    const rows = await within(ranking).findAllByRole('listitem');
    expect(rows[1]).toHaveTextContent(/^Zigarettenstummel-Sammelboxen – not scored yet$/);
  });

  it('offers to contribute only while the campaign takes ideas, and says from when a scheduled one does', async () => {
    backend();
    const { unmount } = renderWithProviders(<CampaignRoute />, { user: makeUser(), route: '/campaigns/c1', path: '/campaigns/:id' });
    expect(await screen.findByRole('link', { name: 'Idee zu diesem Aufruf einreichen' })).toHaveAttribute('href', '/ideas/new?campaignId=c1');
    unmount();

    mockApi({
      'GET /campaigns/:id': () => json({ ...campaign, acceptingIdeas: false, opensAt: '2099-03-01T00:00:00Z' }, 200, { ETag: '"v1"' }),
      'GET /ideas': () => json({ items: [], nextCursor: null, total: 0 }),
    });
    renderWithProviders(<CampaignRoute />, { user: makeUser(), route: '/campaigns/c1', path: '/campaigns/:id' });
    expect(await screen.findByText('Ideen können ab dem 01.03.2099 eingereicht werden.')).toBeInTheDocument();
    // No invitation to be the first where nobody may submit yet.
    expect(await screen.findByText('Zu diesem Aufruf gibt es keine Ideen.')).toBeInTheDocument();
    expect(screen.queryByText(/Machen Sie den Anfang/)).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Idee zu diesem Aufruf einreichen' })).not.toBeInTheDocument();
  });

  it('links to all of the call\'s ideas when it has more than the page shows', async () => {
    mockApi({
      'GET /campaigns/:id': () => json(campaign, 200, { ETag: '"v1"' }),
      'GET /ideas': () => json({ items: [idea('i1', 'Zigarettenstummel-Sammelboxen', 'evaluation')], nextCursor: 'n', total: 73 }),
    });
    renderWithProviders(<CampaignRoute />, { user: makeUser(), route: '/campaigns/c1', path: '/campaigns/:id' });
    expect(await screen.findByRole('link', { name: 'Alle 73 Ideen dieses Aufrufs in der Ideenliste' })).toHaveAttribute('href', '/ideas?campaignId=c1');
  });
});

describe('CampaignRoute in the English UI', () => {
  it('marks the call’s title and question and the ideas’ titles as German', async () => {
    backend();
    renderWithProviders(<CampaignRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/c1', path: '/campaigns/:id', lng: 'en' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Saubere Innenstadt' })).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Wie bleibt die Innenstadt sauber?')).toHaveAttribute('lang', 'de');
    const ideasSection = (await screen.findByRole('heading', { name: 'Submitted ideas' })).closest('section')!;
    expect(await within(ideasSection).findByRole('link', { name: 'Zigarettenstummel-Sammelboxen' })).toHaveAttribute('lang', 'de');
    const ranking = (await screen.findByRole('heading', { name: /Ranking/ })).closest('aside')!;
    expect(await within(ranking).findByRole('link', { name: 'Mehr Mülleimer am Prinzipalmarkt' })).toHaveAttribute('lang', 'de');
  });
});
