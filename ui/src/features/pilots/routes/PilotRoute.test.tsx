import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { User } from '@/types/api';
import type { Language } from '@/lib/i18n';
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

function show(body: unknown, user: User) {
  mockApi({
    'GET /ideas/:id': () => json(idea),
    'GET /ideas/:id/pilot': () => json(body),
    'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
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

const kpi = { key: 'calls', name: 'Anrufe', unit: 'Anzahl', baseline: 1000, target: 2000, direction: 'increase' };

const managed = (budgetEur: number) => ({
  ideaId: 'i1',
  stage: 'pilot',
  plan: { ownerId: 'c1', departmentId: 'd32', startDate: '2027-01-01T00:00:00Z', endDate: '2027-03-31T00:00:00Z', budgetEur, kpis: [kpi] },
  kpis: [{ ...kpi, latest: null, progress: null, trend: 'unknown', measurements: [] }],
  updates: [],
  results: null,
  canManage: true,
  version: 4,
});

function showManaged(budgetEur: number, lng: Language = 'de') {
  const api = mockApi({
    'GET /ideas/:id': () => json(idea),
    'GET /ideas/:id/pilot': () => json(managed(budgetEur)),
    'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
    'POST /ideas/:id/pilot/updates': () => json({ id: 'u1' }, 201),
  });
  renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', displayName: 'Clara CDO', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot', lng });
  return api;
}

describe('PilotRoute numbers', () => {
  it('shows a budget with cents instead of rounding it to whole euros', async () => {
    showManaged(12.5);
    const plan = within((await screen.findByRole('heading', { name: 'Pilotplan' })).closest('section')!);
    expect(plan.getByText('Budget').nextSibling).toHaveTextContent('12,50 €');
  });

  it('shows a whole budget without cents', async () => {
    showManaged(12500);
    const plan = within((await screen.findByRole('heading', { name: 'Pilotplan' })).closest('section')!);
    expect(plan.getByText('Budget').nextSibling).toHaveTextContent(/^12\.500 €$/);
  });

  it('reads a German measurement of 1.234,5 as 1234.5 and marks one it cannot read', async () => {
    const user = userEvent.setup({ delay: null });
    const api = showManaged(25000);
    const value = await screen.findByLabelText('Messwert Anrufe (Anzahl)');
    await user.type(screen.getByLabelText(/^Was ist passiert\?/), 'Zweite Woche.');
    await user.type(value, '1.50');
    await user.click(screen.getByRole('button', { name: 'Bericht hinzufügen' }));
    expect(value).toHaveAttribute('aria-invalid', 'true');
    expect(value).toHaveAccessibleDescription(/Bitte eine Zahl in der Schreibweise 12\.500,50 eingeben/);
    expect(value).toHaveFocus();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.clear(value);
    await user.type(value, '1.234,5');
    await user.click(screen.getByRole('button', { name: 'Bericht hinzufügen' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ note: 'Zweite Woche.', measurements: [{ kpiKey: 'calls', date: expect.any(String), value: 1234.5 }] });
  });

  it('reads measurements the English way in English', async () => {
    const user = userEvent.setup({ delay: null });
    const api = showManaged(25000, 'en');
    const value = await screen.findByLabelText('Measurement Anrufe (Anzahl)');
    await user.type(screen.getByRole('textbox', { name: /^What happened\?/ }), 'Week two.');
    await user.type(value, '1,234.5');
    await user.click(screen.getByRole('button', { name: 'Add update' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    expect((api.calls.find((c) => c.method === 'POST')!.body as { measurements: { value: number }[] }).measurements[0].value).toBe(1234.5);
  });
});
