import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { User } from '@/types/api';
import { PilotRoute } from './PilotRoute';

const idea = {
  id: 'i1', title: 'Digitale Terminvergabe', summary: 'Kurz', description: 'Lang', stage: 'pilot', stageSince: '2027-01-01T00:00:00Z',
  needsInformation: false, visibility: 'public', source: 'citizen', campaignId: null, departmentId: 'd32', tags: [], targetGroups: [],
  author: { id: 'a1', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 5, followerCount: 0, commentCount: 0,
  attachmentCount: 0, score: null, version: 3, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
  submittedAt: '2026-11-01T00:00:00Z', lastActivityAt: '2026-11-01T00:00:00Z', supported: false, following: false,
};

const pilot = (ownerId: string | null, updateAuthor: unknown = null, ownerName = 'Rita Reviewer') => ({
  ideaId: 'i1',
  stage: 'pilot',
  plan: {
    ownerId,
    owner: ownerId ? { id: ownerId, displayName: ownerName } : null,
    departmentId: 'd32',
    startDate: '2027-01-01T00:00:00Z',
    endDate: '2027-03-31T00:00:00Z',
    budgetEur: 25000,
    kpis: [{ key: 'wait', name: 'Wartezeit', unit: 'min', baseline: 12, target: 8, direction: 'decrease' }],
  },
  kpis: [
    { key: 'wait', name: 'Wartezeit', unit: 'min', baseline: 12, target: 8, direction: 'decrease', latest: null, progress: null, trend: 'unknown', measurements: [] },
  ],
  updates: [{ id: 'u1', author: updateAuthor, at: '2027-02-01T09:00:00Z', note: 'Erste Woche läuft.', measurements: [] }],
  results: null,
  canManage: false,
  version: 4,
});

function show(body: unknown, user: User, reviewers: User[] = []) {
  mockApi({
    'GET /ideas/:id': () => json(idea),
    'GET /ideas/:id/pilot': () => json(body),
    'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
    'GET /users': () => json({ items: reviewers, nextCursor: null, total: reviewers.length }),
  });
  renderWithProviders(<PilotRoute />, { user, route: '/ideas/i1/pilot', path: '/ideas/:id/pilot' });
}

async function planList() {
  const heading = await screen.findByRole('heading', { name: 'Pilotplan' });
  return within(heading.closest('section')!);
}

describe('PilotRoute plan owner', () => {
  it('shows a citizen author the owning department, and no “unknown” owner', async () => {
    show(pilot(null), makeUser({ id: 'a1', roles: ['citizen'] }));
    const plan = await planList();
    expect(plan.getByText('Fachbereich').nextSibling).toHaveTextContent('32 — Ordnungsamt');
    expect(plan.queryByText('Verantwortlich')).not.toBeInTheDocument();
    expect(plan.queryByText('Unbekannt')).not.toBeInTheDocument();
  });

  it('names the owner to the cdo', async () => {
    show(pilot('r7'), makeUser({ id: 'c1', roles: ['employee', 'cdo'] }));
    const plan = await planList();
    expect(await plan.findByText('Rita Reviewer')).toBeInTheDocument();
    expect(plan.getByText('Verantwortlich').nextSibling).toHaveTextContent('Rita Reviewer');
  });

  it('names the owners themselves', async () => {
    show(pilot('o1', null, 'Otto Owner'), makeUser({ id: 'o1', displayName: 'Otto Owner', roles: ['employee'] }));
    const plan = await planList();
    expect(plan.getByText('Verantwortlich').nextSibling).toHaveTextContent('Otto Owner');
  });
});

describe('PilotRoute update authors', () => {
  it('shows an update by a deleted account as such', async () => {
    show(pilot('c1', { id: 'x1', displayName: '' }), makeUser({ id: 'c1', roles: ['employee', 'cdo'] }));
    const note = await screen.findByText('Erste Woche läuft.');
    expect(note.closest('li')).toHaveTextContent('Gelöschtes Konto');
  });
});
