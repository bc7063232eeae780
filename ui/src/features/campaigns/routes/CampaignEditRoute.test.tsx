import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { CampaignEditRoute } from './CampaignEditRoute';
import { dayToInstant, instantToDay } from '@/lib/dates';

const list = () => json({ items: [], nextCursor: null, total: 0 });

describe('CampaignEditRoute', () => {
  it('names every missing field at once, then sends the days as instants the API takes', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /criteria-sets': list,
      'GET /departments': list,
      'POST /campaigns': async (req) => json({ id: 'c1', ...(await req.json()) }, 201),
    });
    renderWithProviders(<CampaignEditRoute />, {
      dataRouter: true,
      user: makeUser({ roles: ['employee', 'cdo'] }),
      route: '/campaigns/new',
      path: '/campaigns/new',
      extraRoutes: [{ path: '/campaigns/:id', element: <p>campaign page</p> }],
    });
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(screen.getByLabelText(/^Titel/)).toHaveAccessibleDescription(/Bitte ausfüllen/);
    expect(screen.getByLabelText(/^Leitfrage/)).toHaveAccessibleDescription(/Bitte ausfüllen/);
    expect(screen.getByLabelText(/^Titel/)).toHaveFocus();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(screen.getByLabelText(/^Titel/), 'Klimafreundlich mobil');
    await user.type(screen.getByLabelText(/^Leitfrage/), 'Wie kommen wir ohne Auto zur Arbeit?');
    await user.type(screen.getByLabelText(/^Beginn/), '2027-03-01');
    await user.type(screen.getByLabelText(/^Ende/), '2027-06-01');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('campaign page')).toBeInTheDocument();
    const body = api.calls.find((c) => c.method === 'POST')!.body as Record<string, string>;
    expect(body.opensAt).toBe(dayToInstant('2027-03-01', false));
    expect(body.closesAt).toBe(dayToInstant('2027-06-01', true));
    expect(body.opensAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });

  it('names a closing day before the opening day and an impossible number of reviewers at once', async () => {
    const user = userEvent.setup();
    const api = mockApi({ 'GET /criteria-sets': list, 'GET /departments': list });
    renderWithProviders(<CampaignEditRoute />, { dataRouter: true, user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/new', path: '/campaigns/new' });
    await user.type(await screen.findByLabelText(/^Titel/), 'Klimafreundlich mobil');
    await user.type(screen.getByLabelText(/^Leitfrage/), 'Wie kommen wir ohne Auto zur Arbeit?');
    await user.type(screen.getByLabelText(/^Beginn/), '2027-06-01');
    await user.type(screen.getByLabelText(/^Ende/), '2027-03-01');
    const rpi = screen.getByLabelText(/^Gutachtende je Idee/);
    await user.clear(rpi);
    await user.type(rpi, '0');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(screen.getByLabelText(/^Ende/)).toHaveAccessibleDescription(/Das Ende muss nach dem Start liegen\./);
    expect(rpi).toHaveAccessibleDescription(/Eine ganze Zahl von 1 bis 10\./);
    expect(screen.getByLabelText(/^Ende/)).toHaveFocus();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    // Corrected, the error goes at once.
    await user.clear(screen.getByLabelText(/^Ende/));
    await user.type(screen.getByLabelText(/^Ende/), '2027-09-01');
    expect(screen.getByLabelText(/^Ende/)).not.toHaveAccessibleDescription(/Das Ende muss nach dem Start liegen/);
    expect(screen.getByLabelText(/^Ende/)).not.toHaveAttribute('aria-invalid', 'true');
    expect(rpi).toHaveAccessibleDescription(/Eine ganze Zahl von 1 bis 10\./);
  });

  it('keeps the edits when the campaign is fetched again, and saves against the version it was filled from', async () => {
    const user = userEvent.setup();
    let version = 1;
    const stored = () => ({ id: 'c1', title: version === 1 ? 'Saubere Innenstadt' : 'Saubere Altstadt', question: 'Wie bleibt sie sauber?', description: '', audience: 'public', status: 'open', acceptingIdeas: true, reviewersPerIdea: 2, version });
    const api = mockApi({
      'GET /criteria-sets': list,
      'GET /departments': list,
      'GET /campaigns/:id': () => json(stored(), 200, { ETag: `"v${version}"` }),
      'PATCH /campaigns/:id': () => json({ code: 'precondition_failed', message: 'stale' }, 412),
    });
    const { queryClient } = renderWithProviders(<CampaignEditRoute />, {
      dataRouter: true,
      user: makeUser({ roles: ['employee', 'cdo'] }),
      route: '/campaigns/c1/edit',
      path: '/campaigns/:id/edit',
    });
    const title = await screen.findByLabelText(/^Titel/);
    expect(title).toHaveValue('Saubere Innenstadt');
    await user.clear(title);
    await user.type(title, 'Saubere Innenstadt 2027');
    // Someone else saved; the campaign is fetched again in this tab.
    version = 2;
    await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET' && c.path === '/campaigns/c1')).toHaveLength(2));
    expect(screen.getByLabelText(/^Titel/)).toHaveValue('Saubere Innenstadt 2027');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(api.calls.find((c) => c.method === 'PATCH')!.headers.get('If-Match')).toBe('"v1"');
  });

  it('offers only active departments as sponsor, and keeps the inactive one the campaign has', async () => {
    const dep = (id: string, name: string, active: boolean) => ({ id, code: id, name, active, createdAt: '', updatedAt: '' });
    const departments = () => json({ items: [dep('d1', 'Ordnungsamt', true), dep('d2', 'Altes Bauamt', false), dep('d3', 'Frühere Stabsstelle', false)], nextCursor: null, total: 3 });
    mockApi({
      'GET /criteria-sets': list,
      'GET /departments': departments,
      'GET /campaigns/:id': () =>
        json({ id: 'c1', title: 'Saubere Innenstadt', question: 'Wie bleibt sie sauber?', description: '', audience: 'public', status: 'open', acceptingIdeas: true, reviewersPerIdea: 2, sponsorDepartmentId: 'd3', version: 1 }, 200, { ETag: '"v1"' }),
    });
    const { unmount } = renderWithProviders(<CampaignEditRoute />, { dataRouter: true, user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/new', path: '/campaigns/new' });
    const select = await screen.findByLabelText(/^Federführender Fachbereich/);
    await waitFor(() => expect(within(select).getByRole('option', { name: /Ordnungsamt/ })).toBeInTheDocument());
    expect(within(select).queryByRole('option', { name: /Altes Bauamt/ })).toBeNull();
    expect(within(select).queryByRole('option', { name: /Frühere Stabsstelle/ })).toBeNull();
    unmount();

    renderWithProviders(<CampaignEditRoute />, { dataRouter: true, user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/c1/edit', path: '/campaigns/:id/edit' });
    const edit = await screen.findByLabelText(/^Federführender Fachbereich/);
    await waitFor(() => expect(edit).toHaveValue('d3'));
    expect(within(edit).getByRole('option', { name: /Frühere Stabsstelle/ })).toBeInTheDocument();
    expect(within(edit).queryByRole('option', { name: /Altes Bauamt/ })).toBeNull();
  });

  it('shows a stored instant as the local day it falls on, and back', () => {
    const opens = dayToInstant('2027-03-01', false);
    const closes = dayToInstant('2027-06-01', true);
    expect(instantToDay(opens)).toBe('2027-03-01');
    expect(instantToDay(closes)).toBe('2027-06-01');
    expect(new Date(closes).getTime() - new Date(dayToInstant('2027-06-01', false)).getTime()).toBe(86_399_000);
  });
});

describe('CampaignEditRoute status', () => {
  function edit(status: 'draft' | 'open' | 'closed', lng: 'de' | 'en' = 'de') {
    const stored = { id: 'c1', title: 'Saubere Innenstadt', question: 'Wie bleibt sie sauber?', description: '', audience: 'public', status, acceptingIdeas: status === 'open', reviewersPerIdea: 2, version: 1 };
    mockApi({
      'GET /criteria-sets': list,
      'GET /departments': list,
      'GET /campaigns/:id': () => json(stored, 200, { ETag: '"v1"' }),
    });
    renderWithProviders(<CampaignEditRoute />, {
      dataRouter: true,
      user: makeUser({ roles: ['employee', 'cdo'] }),
      route: '/campaigns/c1/edit',
      path: '/campaigns/:id/edit',
      lng,
    });
  }
  const options = async (label: RegExp) => {
    const select = await screen.findByRole('combobox', { name: label });
    return [...(select as HTMLSelectElement).options].map((o) => o.textContent);
  };

  it('offers a closed campaign no way back to draft or open', async () => {
    edit('closed');
    expect(await options(/^Status/)).toEqual(['Beendet']);
    expect(screen.getByRole('combobox', { name: /^Status/ })).toHaveValue('closed');
    expect(screen.getByRole('combobox', { name: /^Status/ })).toHaveAccessibleDescription(/Ein beendeter Ideenaufruf kann nicht wieder geöffnet werden/);
  });

  it('offers an open campaign open and closed only', async () => {
    edit('open');
    expect(await options(/^Status/)).toEqual(['Offen', 'Beendet']);
  });

  it('offers a draft every status (it may open or close)', async () => {
    edit('draft');
    expect(await options(/^Status/)).toEqual(['Entwurf', 'Offen', 'Beendet']);
  });

  it('says it in English too', async () => {
    edit('closed', 'en');
    expect(await options(/^Status/)).toEqual(['Closed']);
    expect(screen.getByRole('combobox', { name: /^Status/ })).toHaveAccessibleDescription(/A closed campaign cannot be reopened/);
  });
});

describe('CampaignEditRoute in the English UI', () => {
  it('marks what the call says and the names of sets and departments as German', async () => {
    mockApi({
      'GET /criteria-sets': () => json({ items: [{ id: 's1', name: 'Klimakriterien', criteria: [] }], nextCursor: null, total: 1 }),
      'GET /departments': () => json({ items: [{ id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '', updatedAt: '' }], nextCursor: null, total: 1 }),
    });
    renderWithProviders(<CampaignEditRoute />, { dataRouter: true, user: makeUser({ roles: ['employee', 'cdo'] }), route: '/campaigns/new', path: '/campaigns/new', lng: 'en' });
    expect(screen.getByLabelText(/^Title/)).toHaveAttribute('lang', 'de');
    expect(screen.getByLabelText(/^Guiding question/)).toHaveAttribute('lang', 'de');
    expect(screen.getByLabelText(/^Description/)).toHaveAttribute('lang', 'de');
    expect(await screen.findByRole('option', { name: 'Klimakriterien' })).toHaveAttribute('lang', 'de');
    expect(await screen.findByRole('option', { name: '32 — Ordnungsamt' })).toHaveAttribute('lang', 'de');
    expect(screen.getAllByRole('option', { name: 'Not specified' })[0]).not.toHaveAttribute('lang');
  });
});
