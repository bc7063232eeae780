import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { ReviewersPanel } from './ReviewersPanel';

const cdo = makeUser({ id: 'cdo1', displayName: 'Clara CDO', roles: ['employee', 'cdo'] });
const idea = { id: 'i1', title: 'Solarbänke', stage: 'evaluation' as const, author: { id: 'auth' } };
const list = (items: unknown[]) => json({ items, nextCursor: null, total: items.length });

const FUTURE = '2099-05-01T23:59:59Z';
const PAST = '2020-01-10T23:59:59Z';

function assignment(id: string, displayName: string, o: { status?: string; reviewStatus?: string; dueAt?: string; overdue?: boolean; declineReason?: string | null; released?: boolean } = {}) {
  return {
    reviewer: { id, displayName },
    dueAt: o.dueAt ?? FUTURE,
    assignedAt: '2026-01-01T10:00:00Z',
    status: o.status ?? 'assigned',
    declineReason: o.declineReason ?? null,
    released: o.released ?? false,
    reviewStatus: o.reviewStatus ?? 'none',
    overdue: o.overdue ?? false,
  };
}

const reviewerUsers = () =>
  list([
    makeUser({ id: 'r1', displayName: 'Robert Prüfer', roles: ['reviewer'] }),
    makeUser({ id: 'r2', displayName: 'Rita Gutachterin', roles: ['reviewer'] }),
    makeUser({ id: 'r3', displayName: 'Rolf Entwurf', roles: ['reviewer'] }),
    makeUser({ id: 'r4', displayName: 'Renate Neu', roles: ['employee', 'reviewer'] }),
    makeUser({ id: 'r5', displayName: 'Rudi Inaktiv', roles: ['reviewer'], status: 'deactivated' }),
    makeUser({ id: 'auth', displayName: 'Anna Autorin', roles: ['reviewer'] }),
  ]);

const initial = [
  assignment('r1', 'Robert Prüfer', { reviewStatus: 'submitted', dueAt: '2099-03-01T23:59:59Z' }),
  assignment('r2', 'Rita Gutachterin', { status: 'declined', declineReason: 'Mein Nachbar hat die Idee eingereicht.' }),
  assignment('r3', 'Rolf Entwurf', { reviewStatus: 'draft', dueAt: PAST, overdue: true }),
];

describe('ReviewersPanel', () => {
  it('lists the assignments with their state, due date, overdue and the reason of a decline', async () => {
    mockApi({ 'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 4, items: initial }, 200, { ETag: '"v4"' }) });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    const panel = await screen.findByRole('region', { name: 'Gutachtende' });
    const items = await within(panel).findAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      'Robert Prüfer Abgegebenfällig am 01.03.2099',
      'Rita Gutachterin AbgelehntGrund: „Mein Nachbar hat die Idee eingereicht.“',
      'Rolf Entwurf Begonnenüberfällig seit 10.01.2020',
    ]);
    expect(within(panel).getByText('Abgegeben: 1 von 2')).toBeInTheDocument();
    expect(within(panel).getByRole('button', { name: 'Gutachtende ändern' })).toBeInTheDocument();
  });

  it('a reviewer whose account ended was released, not declined: said so, and can be assigned anew', async () => {
    const user = userEvent.setup({ delay: null });
    const items = [initial[0], assignment('r2', 'Rita Gutachterin', { status: 'declined', declineReason: 'Konto deaktiviert', released: true })];
    const api = mockApi({
      'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 4, items }, 200, { ETag: '"v4"' }),
      'GET /users': () => reviewerUsers(),
      'PUT /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 5, items }, 200, { ETag: '"v5"' }),
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo, lng: 'en' });
    const panel = await screen.findByRole('region', { name: 'Reviewers' });
    const rita = (await within(panel).findAllByRole('listitem'))[1];
    // In the UI's language, not the German reason the server recorded.
    expect(rita).toHaveTextContent('Rita Gutachterin Account endedThe assignment ended because the account was deactivated or deleted.');
    expect(rita).not.toHaveTextContent('Konto deaktiviert');
    await user.click(within(panel).getByRole('button', { name: 'Change reviewers' }));
    const group = within(screen.getByRole('dialog')).getByRole('group', { name: 'Reviewers (Required)' });
    const box = await within(group).findByRole('checkbox', { name: 'Rita Gutachterin' });
    expect(box).toBeEnabled();
    await user.click(box);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    expect((api.calls.find((c) => c.method === 'PUT')!.body as { reviewers: { reviewerId: string }[] }).reviewers.map((r) => r.reviewerId)).toEqual(['r1', 'r2']);
  });

  it('replaces a reviewer who declined, keeps due dates still ahead and sends If-Match', async () => {
    const user = userEvent.setup({ delay: null });
    let current = { version: 4, items: initial };
    const api = mockApi({
      'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, ...current }, 200, { ETag: `"v${current.version}"` }),
      'GET /users': () => reviewerUsers(),
      'PUT /ideas/:id/reviewers': async (req) => {
        const body = (await req.json()) as { reviewers: { reviewerId: string; dueAt: string }[] };
        current = {
          version: 5,
          items: [initial[0], initial[1], ...body.reviewers.filter((r) => r.reviewerId !== 'r1').map((r) => assignment(r.reviewerId, r.reviewerId === 'r4' ? 'Renate Neu' : 'Rolf Entwurf', { dueAt: r.dueAt }))],
        };
        return json({ ideaId: 'i1', criteriaSetId: null, ...current }, 200, { ETag: '"v5"' });
      },
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: 'Gutachtende ändern' }));
    const dialog = screen.getByRole('dialog', { name: 'Gutachtende für „Solarbänke“ ändern' });
    const group = within(dialog).getByRole('group', { name: 'Gutachtende (Pflichtfeld)' });
    await within(group).findByRole('checkbox', { name: 'Renate Neu' });
    // Who submitted stays; who declined cannot come back; authors and inactive people are not offered.
    expect(within(group).getByRole('checkbox', { name: 'Robert Prüfer (hat abgegeben und bleibt zugewiesen)' })).toBeChecked();
    expect(within(group).getByRole('checkbox', { name: /^Robert Prüfer/ })).toBeDisabled();
    expect(within(group).getByRole('checkbox', { name: 'Rita Gutachterin (hat abgelehnt und kann nicht erneut zugewiesen werden)' })).not.toBeChecked();
    expect(within(group).getByRole('checkbox', { name: /^Rita Gutachterin/ })).toBeDisabled();
    expect(within(group).getByRole('checkbox', { name: 'Rolf Entwurf' })).toBeChecked();
    expect(within(group).queryByRole('checkbox', { name: /Anna Autorin/ })).not.toBeInTheDocument();
    expect(within(group).queryByRole('checkbox', { name: /Rudi Inaktiv/ })).not.toBeInTheDocument();
    expect(within(group).getAllByRole('checkbox')).toHaveLength(4);

    await user.click(within(group).getByRole('checkbox', { name: 'Renate Neu' }));
    const due = within(dialog).getByLabelText(/^Frist für neu Zugewiesene/);
    await user.clear(due);
    await user.type(due, '2099-06-30');
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const put = api.calls.find((c) => c.method === 'PUT')!;
    expect(put.path).toBe('/ideas/i1/reviewers');
    expect(put.headers.get('If-Match')).toBe('"v4"');
    expect(put.body).toEqual({
      reviewers: [
        { reviewerId: 'r1', dueAt: '2099-03-01T23:59:59Z' }, // still ahead: kept
        { reviewerId: 'r3', dueAt: '2099-06-30T23:59:59.000Z' }, // passed: the new date
        { reviewerId: 'r4', dueAt: '2099-06-30T23:59:59.000Z' },
      ],
    });
    expect(await screen.findByText('Die Gutachtenden sind gespeichert.')).toBeInTheDocument();
    const panel = screen.getByRole('region', { name: 'Gutachtende' });
    expect(await within(panel).findByText('Renate Neu')).toBeInTheDocument();
  });

  it('checks the choice before sending', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 4, items: [assignment('r3', 'Rolf Entwurf')] }, 200, { ETag: '"v4"' }),
      'GET /users': () => reviewerUsers(),
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: 'Gutachtende ändern' }));
    const dialog = screen.getByRole('dialog');
    const rolf = await within(dialog).findByRole('checkbox', { name: 'Rolf Entwurf' });
    await user.click(rolf);
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(within(dialog).getByText('Bitte wählen Sie mindestens eine Gutachterin oder einen Gutachter.')).toBeInTheDocument();
    expect(within(dialog).getByRole('group', { name: 'Gutachtende (Pflichtfeld)' })).toHaveAccessibleDescription(/Bitte wählen Sie mindestens eine Gutachterin oder einen Gutachter\./);
    expect(rolf).toHaveFocus();
    await user.click(rolf);
    const due = within(dialog).getByLabelText(/^Frist für neu Zugewiesene/);
    await user.clear(due);
    await user.type(due, '2020-01-01');
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(due).toHaveAttribute('aria-invalid', 'true');
    expect(due).toHaveAccessibleDescription(/Die Frist darf nicht in der Vergangenheit liegen\./);
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);
  });

  it('says when someone else changed the assignments, and loads the current state', async () => {
    const user = userEvent.setup({ delay: null });
    let version = 4;
    let items = [assignment('r3', 'Rolf Entwurf')];
    const api = mockApi({
      'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version, items }, 200, { ETag: `"v${version}"` }),
      'GET /users': () => reviewerUsers(),
      'PUT /ideas/:id/reviewers': (req) =>
        req.headers.get('If-Match') === `"v${version}"`
          ? json({ ideaId: 'i1', criteriaSetId: null, version: version + 1, items }, 200, { ETag: `"v${version + 1}"` })
          : errorEnvelope(412, 'precondition_failed', 'someone else changed the reviewers in the meantime; reload and try again'),
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: 'Gutachtende ändern' }));
    const dialog = screen.getByRole('dialog');
    await user.click(await within(dialog).findByRole('checkbox', { name: 'Renate Neu' }));
    // Meanwhile another office member assigned Robert.
    version = 5;
    items = [assignment('r3', 'Rolf Entwurf'), assignment('r1', 'Robert Prüfer')];
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await within(dialog).findByText('Jemand anderes hat das inzwischen geändert. Laden Sie die Seite neu, um die aktuelle Fassung zu sehen – kopieren Sie vorher, was Sie noch brauchen.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Speichern' })).toBeDisabled();

    await user.click(within(dialog).getByRole('button', { name: 'Aktuellen Stand laden' }));
    await waitFor(() => expect(within(dialog).getByRole('checkbox', { name: 'Robert Prüfer' })).toBeChecked());
    expect(within(dialog).getByRole('checkbox', { name: 'Renate Neu' })).not.toBeChecked();
    expect(within(dialog).queryByText(/Jemand anderes/)).not.toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const puts = api.calls.filter((c) => c.method === 'PUT');
    expect(puts.map((c) => c.headers.get('If-Match'))).toEqual(['"v4"', '"v5"']);
  });

  it('opens on the reviewer list: the group while no box can be changed, then the first box that can', async () => {
    const user = userEvent.setup({ delay: null });
    let loadUsers: () => void = () => {};
    const usersLoaded = new Promise<void>((resolve) => (loadUsers = resolve));
    mockApi({
      // Who submitted and who declined cannot be changed: no box to take the focus until the reviewer list is in.
      'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 4, items: [initial[0], initial[1]] }, 200, { ETag: '"v4"' }),
      'GET /users': async () => {
        await usersLoaded;
        return reviewerUsers();
      },
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: 'Gutachtende ändern' }));
    const dialog = screen.getByRole('dialog');
    const group = within(dialog).getByRole('group', { name: 'Gutachtende (Pflichtfeld)' });
    expect(group).toHaveFocus();
    expect(within(dialog).getByLabelText(/^Frist für neu Zugewiesene/)).not.toHaveFocus();
    loadUsers();
    const rolf = await within(group).findByRole('checkbox', { name: 'Rolf Entwurf' });
    await waitFor(() => expect(rolf).toHaveFocus());
  });

  it('sends the focus of “choose at least one” to the first box that can be changed, not to a locked one', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'GET /ideas/:id/reviewers': () =>
        json({ ideaId: 'i1', criteriaSetId: null, version: 4, items: [initial[1], assignment('r3', 'Rolf Entwurf')] }, 200, { ETag: '"v4"' }),
      'GET /users': () => reviewerUsers(),
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: 'Gutachtende ändern' }));
    const dialog = screen.getByRole('dialog');
    const rolf = within(dialog).getByRole('checkbox', { name: 'Rolf Entwurf' });
    expect(rolf).toHaveFocus();
    expect(within(dialog).getByRole('checkbox', { name: /^Rita Gutachterin/ })).toBeDisabled();
    await user.click(rolf);
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(within(dialog).getByText('Bitte wählen Sie mindestens eine Gutachterin oder einen Gutachter.')).toBeInTheDocument();
    await waitFor(() => expect(rolf).toHaveFocus());
  });

  it('after loading the current state, focuses the first box that can still be changed', async () => {
    const user = userEvent.setup({ delay: null });
    let version = 4;
    let items = [assignment('r3', 'Rolf Entwurf'), assignment('r1', 'Robert Prüfer')];
    mockApi({
      'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version, items }, 200, { ETag: `"v${version}"` }),
      'GET /users': () => reviewerUsers(),
      'PUT /ideas/:id/reviewers': () => errorEnvelope(412, 'precondition_failed', 'someone else changed the reviewers in the meantime; reload and try again'),
    });
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: 'Gutachtende ändern' }));
    const dialog = screen.getByRole('dialog');
    await user.click(await within(dialog).findByRole('checkbox', { name: 'Renate Neu' }));
    // Meanwhile Rolf, listed first, has submitted his review: his box is locked now.
    version = 5;
    items = [assignment('r3', 'Rolf Entwurf', { reviewStatus: 'submitted' }), assignment('r1', 'Robert Prüfer')];
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    await user.click(await within(dialog).findByRole('button', { name: 'Aktuellen Stand laden' }));
    const rolf = await within(dialog).findByRole('checkbox', { name: /^Rolf Entwurf \(/ });
    expect(rolf).toBeDisabled();
    await waitFor(() => expect(within(dialog).getByRole('checkbox', { name: 'Robert Prüfer' })).toHaveFocus());
    expect(document.body).not.toHaveFocus();
  });

  it('is the CDO’s, and only while the idea is in evaluation', async () => {
    const api = mockApi({});
    const { unmount } = renderWithProviders(<ReviewersPanel idea={{ ...idea, stage: 'decision' }} />, { user: cdo });
    expect(screen.queryByRole('region', { name: 'Gutachtende' })).not.toBeInTheDocument();
    unmount();
    renderWithProviders(<ReviewersPanel idea={idea} />, { user: makeUser({ roles: ['employee', 'reviewer'] }) });
    expect(screen.queryByRole('region', { name: 'Gutachtende' })).not.toBeInTheDocument();
    expect(api.calls).toHaveLength(0);
  });
});
