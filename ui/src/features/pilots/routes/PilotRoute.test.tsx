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

describe('PilotRoute rollout', () => {
  const dep = (id: string, code: string, name: string, active = true) => ({ id, code, name, active, createdAt: '', updatedAt: '' });
  function showRollout(contact = '') {
    let stored = {
      ideaId: 'i1',
      stage: 'rollout',
      departments: [
        { departmentId: 'd32', status: 'in_progress', updatedAt: '2027-04-01T00:00:00Z' },
        { departmentId: 'd61', status: 'planned', updatedAt: '2027-04-01T00:00:00Z' },
      ],
      done: 0,
      reusable: false,
      contact,
      reuseProfileId: null,
      version: 7,
    };
    const api = mockApi({
      'GET /ideas/:id': () => json({ ...idea, stage: 'rollout' }),
      'GET /ideas/:id/pilot': () => json({ ...managed(25000), stage: 'rollout' }),
      'GET /ideas/:id/rollout': () => json(stored, 200, { ETag: `"${stored.version}"` }),
      'PUT /ideas/:id/rollout': async (req) => {
        const body = (await req.json()) as typeof stored;
        stored = { ...stored, ...body, departments: body.departments.map((d) => ({ ...d, updatedAt: '2027-05-01T00:00:00Z' })), version: stored.version + 1 };
        return json(stored, 200, { ETag: `"${stored.version}"` });
      },
      'GET /departments': () =>
        json({ items: [dep('d32', '32', 'Ordnungsamt'), dep('d61', '61', 'Stadtplanungsamt'), dep('d10', '10', 'Personalamt'), dep('d99', '99', 'Altamt', false)], nextCursor: null, total: 4 }),
    });
    const { queryClient } = renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot' });
    // The idea page's copy, as it was when the user came here.
    queryClient.setQueryData(['ideas', 'detail', 'i1'], { idea: { ...idea, stage: 'rollout' }, etag: '"v6"' });
    return { ...api, queryClient };
  }
  const section = async () => within((await screen.findByRole('heading', { name: 'Einführung' })).closest('section')!);

  it('asks whom other municipalities ask once the idea is reusable, and sends it', async () => {
    const user = userEvent.setup({ delay: null });
    const api = showRollout();
    const rollout = await section();
    expect(rollout.queryByLabelText(/^Ansprechperson/)).not.toBeInTheDocument();
    await user.click(rollout.getByRole('checkbox', { name: /nachnutzbar/ }));
    const contact = rollout.getByLabelText(/^Ansprechperson für andere Kommunen/);
    expect(contact).toBeRequired();
    await user.click(rollout.getByRole('button', { name: 'Einführung speichern' }));
    expect(contact).toHaveFocus();
    expect(contact).toHaveAccessibleDescription(/Bitte geben Sie an, wen andere Kommunen fragen können/);
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);

    await user.type(contact, 'Digitalbüro, digital@stadt.example, 0251 492-0');
    await user.click(rollout.getByRole('button', { name: 'Einführung speichern' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PUT')!.body).toEqual({
      departments: [
        { departmentId: 'd32', status: 'in_progress' },
        { departmentId: 'd61', status: 'planned' },
      ],
      reusable: true,
      contact: 'Digitalbüro, digital@stadt.example, 0251 492-0',
    });
    // With the version the rollout was loaded at; the next save with the one it saved.
    expect(api.calls.find((c) => c.method === 'PUT')!.headers.get('If-Match')).toBe('"7"');
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET' && c.path === '/ideas/i1/rollout')).toHaveLength(2));
    await user.click(rollout.getByRole('button', { name: 'Einführung speichern' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'PUT')).toHaveLength(2));
    expect(api.calls.filter((c) => c.method === 'PUT')[1].headers.get('If-Match')).toBe('"8"');
  });

  it('adds a department not yet listed and removes one still planned', async () => {
    const user = userEvent.setup({ delay: null });
    const api = showRollout('Digitalbüro');
    const rollout = await section();
    // Only a planned department can go; one under way stays.
    expect(rollout.getByRole('button', { name: '61 — Stadtplanungsamt entfernen' })).toBeInTheDocument();
    expect(rollout.queryByRole('button', { name: /^32 .* entfernen$/ })).not.toBeInTheDocument();
    // Offered: active departments not yet listed.
    const picker = rollout.getByRole('combobox', { name: /^Fachbereich hinzufügen/ });
    expect(within(picker).getAllByRole('option').map((o) => o.textContent)).toEqual(['Fachbereich wählen', '10 — Personalamt']);
    await user.selectOptions(picker, 'd10');
    await user.click(rollout.getByRole('button', { name: 'Hinzufügen' }));
    const status = rollout.getByRole('combobox', { name: 'Status: 10 — Personalamt' });
    expect(status).toHaveValue('planned');
    expect(status).toHaveFocus();
    // All departments listed: nothing left to add.
    expect(rollout.queryByRole('combobox', { name: /^Fachbereich hinzufügen/ })).not.toBeInTheDocument();

    await user.click(rollout.getByRole('button', { name: '61 — Stadtplanungsamt entfernen' }));
    expect(rollout.queryByRole('rowheader', { name: '61 — Stadtplanungsamt' })).not.toBeInTheDocument();
    // Focus stays in the table: on to the next row's button.
    expect(rollout.getByRole('button', { name: '10 — Personalamt entfernen' })).toHaveFocus();
    await user.click(rollout.getByRole('button', { name: 'Einführung speichern' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PUT')!.body).toMatchObject({
      departments: [
        { departmentId: 'd32', status: 'in_progress' },
        { departmentId: 'd10', status: 'planned' },
      ],
    });
    expect(await screen.findByText('Einführung gespeichert.')).toBeInTheDocument();
    // A new version of the idea: its page loads it anew (its ETag for the next gate).
    expect(api.queryClient.getQueryState(['ideas', 'detail', 'i1'])?.isInvalidated).toBe(true);
  });
});

describe('PilotRoute and the idea’s version', () => {
  it('a pilot update makes the idea page load the idea anew (its ETag for the next gate)', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'GET /ideas/:id': () => json(idea),
      'GET /ideas/:id/pilot': () => json(managed(25000)),
      'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
      'POST /ideas/:id/pilot/updates': () => json({ id: 'u1' }, 201),
    });
    const { queryClient } = renderWithProviders(<PilotRoute />, {
      user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }),
      route: '/ideas/i1/pilot',
      path: '/ideas/:id/pilot',
    });
    // The idea page's copy, as it was when the user came here.
    queryClient.setQueryData(['ideas', 'detail', 'i1'], { idea, etag: '"v3"' });
    await user.type(await screen.findByLabelText(/^Was ist passiert\?/), 'Zweite Woche.');
    await user.click(screen.getByRole('button', { name: 'Bericht hinzufügen' }));
    await screen.findByText('Bericht gespeichert.');
    expect(queryClient.getQueryState(['ideas', 'detail', 'i1'])?.isInvalidated).toBe(true);
  });
});

describe('PilotRoute after the pilot', () => {
  const waitKpi = { key: 'wait', name: 'Wartezeit', unit: 'Tage', baseline: 12, target: 5, direction: 'decrease' };
  const measured = (date: string, value: number) => ({ kpiKey: 'wait', date, value });
  const ended = (over: Record<string, unknown> = {}) => ({
    ideaId: 'i1',
    stage: 'stopped',
    plan: { ownerId: 'c1', departmentId: 'd32', startDate: '2027-01-01T00:00:00Z', endDate: '2027-03-31T00:00:00Z', budgetEur: 25000, kpis: [waitKpi] },
    kpis: [
      {
        ...waitKpi,
        latest: measured('2027-03-15T00:00:00Z', 12),
        progress: 0,
        trend: 'steady',
        measurements: [measured('2027-02-01T00:00:00Z', 12), measured('2027-03-15T00:00:00Z', 12)],
      },
    ],
    // Written on 2 April about the measurements of 15 March.
    updates: [{ id: 'u2', author: null, at: '2027-04-02T09:00:00Z', note: 'Abschlussmessung.', measurements: [measured('2027-03-15T00:00:00Z', 12)] }],
    results: { outcomes: [{ kpiKey: 'wait', value: 4, met: false, comment: '' }], lessonsLearned: 'Mehr Personal am Schalter.' },
    canManage: true,
    version: 9,
    ...over,
  });
  function showEnded(body: unknown, stage = 'stopped', lng: Language = 'de') {
    mockApi({
      'GET /ideas/:id': () => json({ ...idea, stage }),
      'GET /ideas/:id/pilot': () => json(body),
      'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
    });
    renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot', lng });
  }
  const kpiSection = async () => within((await screen.findByRole('heading', { name: 'Kennzahlen' })).closest('section')!);

  it('leads with the result and names the last measurement as one during the pilot, not as the current state', async () => {
    showEnded(ended());
    const kpis = await kpiSection();
    expect(kpis.getByText(/^Ergebnis: 4 Tage/)).toBeInTheDocument();
    expect(kpis.getByText('Ziel verfehlt')).toBeInTheDocument();
    // No running "current" value and no progress as if the pilot still ran.
    expect(kpis.queryByText(/^Aktuell:/)).not.toBeInTheDocument();
    expect(kpis.queryByText(/Fortschritt zum Ziel/)).not.toBeInTheDocument();
    expect(kpis.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(kpis.getByText('Letzte Messung während des Pilots (Stichtag 15.03.2027): 12 Tage')).toBeInTheDocument();
  });

  it('says so in English too, and when the pilot measured nothing', async () => {
    showEnded(ended({ kpis: [{ ...waitKpi, latest: null, progress: null, trend: 'unknown', measurements: [] }], updates: [] }), 'stopped', 'en');
    const kpis = within((await screen.findByRole('heading', { name: 'KPIs' })).closest('section')!);
    expect(kpis.getByText(/^Result: 4 days/)).toBeInTheDocument();
    expect(kpis.getByText('No measurements were recorded during the pilot.')).toBeInTheDocument();
    expect(kpis.queryByText(/^Latest:/)).not.toBeInTheDocument();
  });

  it('treats a pilot whose idea went on to the rollout as ended even before results are listed', async () => {
    mockApi({
      'GET /ideas/:id': () => json({ ...idea, stage: 'rollout' }),
      'GET /ideas/:id/pilot': () => json(ended({ results: null })),
      'GET /ideas/:id/rollout': () => json({ ideaId: 'i1', stage: 'rollout', departments: [], done: 0, reusable: false, contact: '', reuseProfileId: null, version: 1 }),
      'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
    });
    renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot' });
    const kpis = await kpiSection();
    expect(kpis.getByText('Kein Ergebnis erfasst.')).toBeInTheDocument();
    expect(kpis.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('still shows the current value and the progress while the pilot runs', async () => {
    showEnded(ended({ stage: 'pilot', results: null }), 'pilot');
    const kpis = await kpiSection();
    expect(kpis.getByText('Aktuell: 12 Tage')).toBeInTheDocument();
    expect(kpis.getByRole('progressbar', { name: /^Fortschritt zum Ziel: 0\s%$/ })).toBeInTheDocument();
    expect(kpis.queryByText(/Letzte Messung während des Pilots/)).not.toBeInTheDocument();
  });

  it('shows each measurement with its day (Stichtag), and when the report was recorded', async () => {
    showEnded(ended());
    const report = (await screen.findByText('Abschlussmessung.')).closest('li')!;
    expect(report).toHaveTextContent(/Erfasst am 02\.04\.2027/);
    expect(within(report).getByText('Wartezeit: 12 Tage (Stichtag 15.03.2027)')).toBeInTheDocument();
  });

  it('says one day, not "1 Tage"', async () => {
    showEnded(ended({ results: { outcomes: [{ kpiKey: 'wait', value: 1, met: true, comment: '' }], lessonsLearned: '' } }));
    const kpis = await kpiSection();
    expect(kpis.getByText(/^Ergebnis: 1 Tag$/)).toBeInTheDocument();
  });
});

describe('PilotRoute rollout: names and the public reuse profile', () => {
  const dep = (id: string, code: string, name: string) => ({ id, code, name, active: true, createdAt: '', updatedAt: '' });
  function showRollout(visibility: 'public' | 'internal', lng: Language = 'de') {
    const api = mockApi({
      'GET /ideas/:id': () => json({ ...idea, stage: 'rollout', visibility }),
      'GET /ideas/:id/pilot': () => json({ ...managed(25000), stage: 'rollout' }),
      'GET /ideas/:id/rollout': () =>
        json({
          ideaId: 'i1',
          stage: 'rollout',
          departments: [
            { departmentId: 'd32', status: 'planned', updatedAt: '2027-04-01T00:00:00Z' },
            { departmentId: 'd61', status: 'planned', updatedAt: '2027-04-01T00:00:00Z' },
          ],
          done: 0,
          reusable: false,
          contact: '',
          reuseProfileId: null,
          version: 7,
        }),
      'GET /departments': () => json({ items: [dep('d32', '32', 'Ordnungsamt'), dep('d61', '61', 'Stadtplanungsamt')], nextCursor: null, total: 2 }),
    });
    renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot', lng });
    return api;
  }
  const section = async (name: string) => within((await screen.findByRole('heading', { name })).closest('section')!);

  it('names the department in each remove button (WCAG 2.4.6)', async () => {
    showRollout('public');
    const rollout = await section('Einführung');
    const buttons = rollout.getAllByRole('button', { name: /entfernen$/ });
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['32 — Ordnungsamt entfernen', '61 — Stadtplanungsamt entfernen']);
    // The visible word is part of the name (WCAG 2.5.3).
    for (const b of buttons) expect(b).toHaveTextContent('Entfernen');
  });

  it('names the department in English too', async () => {
    showRollout('public', 'en');
    const rollout = await section('Rollout');
    expect(rollout.getByRole('button', { name: 'Remove 32 — Ordnungsamt' })).toBeInTheDocument();
    expect(rollout.getByRole('button', { name: 'Remove 61 — Stadtplanungsamt' })).toBeInTheDocument();
  });

  it('says next to the reusable flag that the reuse profile is public, without login', async () => {
    showRollout('public');
    const rollout = await section('Einführung');
    const flag = rollout.getByRole('checkbox', { name: /nachnutzbar/ });
    expect(flag).toHaveAccessibleDescription(/gemeinsamen Katalog veröffentlicht: für alle sichtbar, ohne Anmeldung\. Das gilt auch für interne Ideen\./);
    expect(flag).toHaveAccessibleDescription(/Problem, Lösung, Ergebnisse und Ansprechperson/);
  });

  it('warns prominently, before saving, when the idea is internal', async () => {
    const user = userEvent.setup({ delay: null });
    const api = showRollout('internal');
    const rollout = await section('Einführung');
    const flag = rollout.getByRole('checkbox', { name: /nachnutzbar/ });
    const warning = rollout.getByText('Interne Idee – das Nachnutzungsprofil ist trotzdem öffentlich').closest('.alert')!;
    expect(warning).toHaveClass('alert--warning');
    expect(warning).toHaveTextContent(/für alle sichtbar, ohne Anmeldung, auch wenn die Idee intern ist/);
    expect(flag).toHaveAccessibleDescription(/Interne Idee – das Nachnutzungsprofil ist trotzdem öffentlich/);
    // Shown before anything is saved.
    await user.click(flag);
    expect(warning).toBeVisible();
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('warns in English too', async () => {
    showRollout('internal', 'en');
    const rollout = await section('Rollout');
    expect(rollout.getByRole('checkbox', { name: /Reusable/ })).toHaveAccessibleDescription(/Internal idea – the reuse profile is public all the same.*visible to everyone, without signing in/);
  });
});

describe('PilotRoute: people’s words marked as German in the English UI', () => {
  const dep = (id: string, code: string, name: string) => ({ id, code, name, active: true, createdAt: '', updatedAt: '' });
  const waitKpi = { key: 'wait', name: 'Wartezeit', unit: 'Tage', baseline: 12, target: 5, direction: 'decrease' };
  const measured = { kpiKey: 'wait', date: '2027-03-15T00:00:00Z', value: 6 };
  function showPage(lng: Language) {
    mockApi({
      'GET /ideas/:id': () => json({ ...idea, stage: 'rollout' }),
      'GET /ideas/:id/pilot': () =>
        json({
          ideaId: 'i1',
          stage: 'rollout',
          plan: { ownerId: 'c1', departmentId: 'd32', startDate: '2027-01-01T00:00:00Z', endDate: '2027-03-31T00:00:00Z', budgetEur: 25000, kpis: [waitKpi] },
          kpis: [{ ...waitKpi, latest: measured, progress: 85, trend: 'up', measurements: [measured] }],
          updates: [{ id: 'u2', author: null, at: '2027-03-16T09:00:00Z', note: 'Schalter zwei geöffnet.', measurements: [measured] }],
          results: { outcomes: [{ kpiKey: 'wait', value: 6, met: false, comment: '' }], lessonsLearned: 'Früh mit dem Personalrat sprechen.' },
          canManage: true,
          version: 9,
        }),
      'GET /ideas/:id/rollout': () =>
        json({ ideaId: 'i1', stage: 'rollout', departments: [{ departmentId: 'd32', status: 'planned', updatedAt: '2027-04-01T00:00:00Z' }], done: 0, reusable: false, contact: '', reuseProfileId: null, version: 7 }),
      'GET /departments': () => json({ items: [dep('d32', '32', 'Ordnungsamt'), dep('d61', '61', 'Stadtplanungsamt')], nextCursor: null, total: 2 }),
    });
    return renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot', lng });
  }

  it('marks the idea’s title, KPI names, notes, lessons and departments – not the English around them', async () => {
    showPage('en');
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Pilot: Digitale Terminvergabe' });
    expect(h1).not.toHaveAttribute('lang');
    expect(within(h1).getByText('Digitale Terminvergabe')).toHaveAttribute('lang', 'de');
    const back = screen.getByRole('link', { name: '← Digitale Terminvergabe' });
    expect(within(back).getByText('Digitale Terminvergabe')).toHaveAttribute('lang', 'de');

    const plan = within(screen.getByRole('heading', { name: 'Pilot plan' }).closest('section')!);
    expect(plan.getByText('32 — Ordnungsamt')).toHaveAttribute('lang', 'de');

    // The KPI's chart is named by the KPI (name and unit).
    expect(screen.getByText('Wartezeit (Tage)', { selector: 'figcaption' })).toHaveAttribute('lang', 'de');
    expect(screen.getByText('Früh mit dem Personalrat sprechen.')).toHaveAttribute('lang', 'de');
    const report = screen.getByText('Schalter zwei geöffnet.');
    expect(report).toHaveAttribute('lang', 'de');
    const measurement = within(report.closest('li')!).getByText(/\(as of/);
    expect(measurement).not.toHaveAttribute('lang');
    expect(within(measurement).getByText('Wartezeit')).toHaveAttribute('lang', 'de');

    const rollout = within((await screen.findByRole('heading', { name: 'Rollout' })).closest('section')!);
    expect(rollout.getByRole('rowheader', { name: '32 — Ordnungsamt' })).toHaveAttribute('lang', 'de');
    expect(rollout.getByRole('option', { name: '61 — Stadtplanungsamt' })).toHaveAttribute('lang', 'de');
    expect(rollout.getByRole('option', { name: 'Choose a department' })).not.toHaveAttribute('lang');
  });

  it('marks nothing in the German UI', async () => {
    const { container } = showPage('de');
    await screen.findByRole('heading', { name: 'Einführung' });
    expect(container.querySelector('[lang]')).toBeNull();
  });
});

describe('PilotRoute: a refused Stichtag', () => {
  const kpi = { key: 'calls', name: 'Anrufe', unit: 'Anzahl', baseline: 1000, target: 2000, direction: 'increase' };
  function showRefusing(reason: 'date_before_pilot' | 'date_in_future', lng: Language = 'de') {
    const message = reason === 'date_in_future' ? 'must be a date not in the future' : "must not be before the pilot's start";
    const params = reason === 'date_before_pilot' ? { start: '2027-01-01' } : undefined;
    const api = mockApi({
      'GET /ideas/:id': () => json(idea),
      'GET /ideas/:id/pilot': () =>
        json({
          ideaId: 'i1',
          stage: 'pilot',
          plan: { ownerId: 'c1', departmentId: 'd32', startDate: '2027-01-01T00:00:00Z', endDate: '2027-03-31T00:00:00Z', budgetEur: 1, kpis: [kpi] },
          kpis: [{ ...kpi, latest: null, progress: null, trend: 'unknown', measurements: [] }],
          updates: [],
          results: null,
          canManage: true,
          version: 4,
        }),
      'GET /departments': () => json({ items: [{ id: 'd32', code: '32', name: 'Ordnungsamt' }], nextCursor: null, total: 1 }),
      'POST /ideas/:id/pilot/updates': () =>
        json({ error: { code: 'invalid', message, reason, params, fields: [{ field: 'measurements[0].date', message, reason, params }], requestId: 'req-1' } }, 400),
    });
    renderWithProviders(<PilotRoute />, { user: makeUser({ id: 'c1', roles: ['employee', 'cdo'] }), route: '/ideas/i1/pilot', path: '/ideas/:id/pilot', lng });
    return api;
  }
  async function report(lng: Language = 'de') {
    const user = userEvent.setup({ delay: null });
    const en = lng === 'en';
    await user.type(await screen.findByLabelText(en ? /^What happened\?/ : /^Was ist passiert\?/), en ? 'Week one.' : 'Erste Woche.');
    await user.type(screen.getByLabelText(en ? 'Measurement Anrufe (Anzahl)' : 'Messwert Anrufe (Anzahl)'), '1200');
    await user.click(screen.getByRole('button', { name: en ? 'Add update' : 'Bericht hinzufügen' }));
  }

  it('offers days from the pilot’s start to today only', async () => {
    showRefusing('date_before_pilot');
    const day = await screen.findByLabelText('Stichtag');
    expect(day).toHaveAttribute('min', '2027-01-01');
    const today = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    expect(day).toHaveAttribute('max', `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`);
  });

  it('shows a day before the pilot at the Stichtag field, with the start in the UI’s date format, and moves focus there', async () => {
    const api = showRefusing('date_before_pilot');
    await report();
    const day = screen.getByLabelText('Stichtag');
    await waitFor(() => expect(day).toHaveAttribute('aria-invalid', 'true'));
    expect(day).toHaveAccessibleDescription('Fehler: Das Datum darf nicht vor dem Beginn des Pilotprojekts (01.01.2027) liegen.');
    expect(day).toHaveFocus();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    // No toast with the API's ISO date.
    expect(screen.queryByText(/2027-01-01/)).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says so in English, in the English date format', async () => {
    showRefusing('date_before_pilot', 'en');
    await report('en');
    const day = screen.getByLabelText('Date');
    await waitFor(() => expect(day).toHaveAttribute('aria-invalid', 'true'));
    expect(day).toHaveAccessibleDescription('Error: The date must not be before the pilot started (1 Jan 2027).');
  });

  it('shows a day in the future at the Stichtag field too, and clears the mark once the day is changed', async () => {
    const user = userEvent.setup({ delay: null });
    showRefusing('date_in_future');
    await report();
    const day = screen.getByLabelText('Stichtag');
    await waitFor(() => expect(day).toHaveAccessibleDescription('Fehler: Das Datum darf nicht in der Zukunft liegen.'));
    expect(day).toHaveFocus();
    await user.clear(day);
    await user.type(day, '2027-02-01');
    expect(day).not.toHaveAttribute('aria-invalid');
  });
});
