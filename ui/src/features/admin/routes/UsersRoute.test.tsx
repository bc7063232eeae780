import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { UsersRoute } from './UsersRoute';

const user = (id: string, displayName: string, status: string, more: Record<string, unknown> = {}) => ({
  id,
  displayName,
  email: `${id}@example.org`,
  roles: ['citizen'],
  departmentId: null,
  status,
  locale: 'de',
  sso: false,
  createdAt: '2026-11-01T08:00:00Z',
  updatedAt: '2026-11-01T08:00:00Z',
  version: 1,
  ...more,
});

const page = (...items: unknown[]) => json({ items, nextCursor: null, total: items.length });
const departments = () =>
  json({
    items: [
      { id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z', version: 1 },
      { id: 'd2', code: '50', name: 'Sozialamt', active: true, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z', version: 1 },
    ],
    nextCursor: null,
    total: 2,
  });
const admin = makeUser({ id: 'me', displayName: 'Ada Admin', roles: ['admin', 'employee'] });

async function openEditor(u: ReturnType<typeof userEvent.setup>, name: string) {
  await u.click(await screen.findByRole('button', { name: `Bearbeiten ${name}` }));
  return screen.getByRole('dialog', { name: `${name} bearbeiten` });
}

describe('UsersRoute', () => {
  it('offers unconfirmed accounts a new confirmation link, and says it was sent', async () => {
    const u = userEvent.setup();
    const api = mockApi({
      'GET /users': () => json({ items: [user('u1', 'Vera Verloren', 'unverified'), user('u2', 'Anton Aktiv', 'active')], nextCursor: null, total: 2 }),
      'GET /departments': () => json({ items: [], nextCursor: null, total: 0 }),
      'POST /users/u1/verification': () => new Response(null, { status: 202 }),
    });
    renderWithProviders(<UsersRoute />, { user: makeUser({ roles: ['admin'] }) });
    const active = (await screen.findByRole('rowheader', { name: 'Anton Aktiv' })).closest('tr')!;
    expect(within(active).queryByRole('button', { name: /Bestätigungslink/ })).not.toBeInTheDocument();
    const row = screen.getByRole('rowheader', { name: 'Vera Verloren' }).closest('tr')!;
    await u.click(within(row).getByRole('button', { name: 'Bestätigungslink senden Vera Verloren' }));
    expect(await screen.findByText('Vera Verloren erhält einen neuen Bestätigungslink.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/users/u1/verification')).toBe(true);
  });

  it('filters by status, e.g. the unconfirmed accounts', async () => {
    const u = userEvent.setup();
    const api = mockApi({
      'GET /users': (req) =>
        new URL(req.url).searchParams.get('status') === 'unverified'
          ? json({ items: [user('u1', 'Vera Verloren', 'unverified')], nextCursor: null, total: 1 })
          : json({ items: [user('u1', 'Vera Verloren', 'unverified'), user('u2', 'Anton Aktiv', 'active')], nextCursor: null, total: 2 }),
      'GET /departments': () => json({ items: [], nextCursor: null, total: 0 }),
    });
    renderWithProviders(<UsersRoute />, { user: makeUser({ roles: ['admin'] }) });
    await screen.findByRole('rowheader', { name: 'Anton Aktiv' });
    await u.selectOptions(screen.getByLabelText('Status'), 'Unbestätigt');
    await waitFor(() => expect(screen.queryByRole('rowheader', { name: 'Anton Aktiv' })).not.toBeInTheDocument());
    expect(api.calls.some((c) => c.path === '/users' && c.url.searchParams.get('status') === 'unverified')).toBe(true);
  });

  it('sends only what the admin changed, with the version the dialog was opened with (If-Match)', async () => {
    const u = userEvent.setup();
    const api = mockApi({
      'GET /users': () => page(user('u2', 'Anton Aktiv', 'active', { version: 7, roles: ['employee', 'citizen'] })),
      'GET /departments': departments,
      'PATCH /users/u2': () => json(user('u2', 'Anton Aktiv', 'active', { version: 8, departmentId: 'd2' })),
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    const dialog = await openEditor(u, 'Anton Aktiv');
    await u.selectOptions(within(dialog).getByLabelText('Fachbereich'), '50 — Sozialamt');
    await u.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toEqual({ departmentId: 'd2' });
    expect(patches[0].headers.get('If-Match')).toBe('"v7"');
  });

  it('saves an unconfirmed account untouched without confirming it; confirming by hand is a choice of its own', async () => {
    const u = userEvent.setup();
    const api = mockApi({
      'GET /users': () => page(user('u1', 'Vera Verloren', 'unverified', { version: 3 })),
      'GET /departments': departments,
      'PATCH /users/u1': () => json(user('u1', 'Vera Verloren', 'active', { version: 4 })),
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    let dialog = await openEditor(u, 'Vera Verloren');
    const status = within(dialog).getByLabelText('Status') as HTMLSelectElement;
    expect(within(status).getAllByRole('option').map((o) => o.textContent)).toEqual(['Unbestätigt', 'Aktiv (Adresse von Hand bestätigen)', 'Deaktiviert']);
    expect(status).toHaveDisplayValue('Unbestätigt');
    await u.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);

    dialog = await openEditor(u, 'Vera Verloren');
    await u.selectOptions(within(dialog).getByLabelText('Status'), 'Aktiv (Adresse von Hand bestätigen)');
    await u.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.body)).toEqual([{ status: 'active' }]);
    expect(patches[0].headers.get('If-Match')).toBe('"v3"');
  });

  it('deactivates an unconfirmed account', async () => {
    const u = userEvent.setup();
    const api = mockApi({
      'GET /users': () => page(user('u1', 'Vera Verloren', 'unverified', { version: 3 })),
      'GET /departments': departments,
      'PATCH /users/u1': () => json(user('u1', 'Vera Verloren', 'deactivated', { version: 4 })),
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    const dialog = await openEditor(u, 'Vera Verloren');
    await u.selectOptions(within(dialog).getByLabelText('Status'), 'Deaktiviert');
    await u.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'PATCH').map((c) => c.body)).toEqual([{ status: 'deactivated' }]);
  });

  it('when someone else changed the account meanwhile, says so and shows its current state in the open dialog', async () => {
    const u = userEvent.setup();
    let stored = user('u2', 'Anton Aktiv', 'active', { version: 7, roles: ['employee'] });
    const api = mockApi({
      'GET /users': () => page(stored),
      'GET /departments': departments,
      'PATCH /users/u2': (req) => {
        if (req.headers.get('If-Match') !== `"v${stored.version}"`) return errorEnvelope(412, 'precondition_failed', 'someone else changed this');
        return json(stored);
      },
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    const dialog = await openEditor(u, 'Anton Aktiv');
    // Another admin moves Anton to the Ordnungsamt and makes him a reviewer.
    stored = user('u2', 'Anton Aktiv', 'active', { version: 8, roles: ['employee', 'reviewer'], departmentId: 'd1' });
    await u.selectOptions(within(dialog).getByLabelText('Fachbereich'), '50 — Sozialamt');
    await u.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await within(dialog).findByText(/Jemand anderes hat das inzwischen geändert; Ihre Änderung wurde nicht gespeichert\. Der Dialog zeigt jetzt den aktuellen Stand/)).toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Anton Aktiv bearbeiten' })).toBe(dialog);
    await waitFor(() => expect(within(dialog).getByLabelText('Fachbereich')).toHaveDisplayValue('32 — Ordnungsamt'));
    expect(within(dialog).getByRole('checkbox', { name: 'Gutachter*in' })).toBeChecked();
    // Saving again goes with the version now shown, and only with what is changed from it.
    await u.selectOptions(within(dialog).getByLabelText('Fachbereich'), '50 — Sozialamt');
    await u.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.headers.get('If-Match'))).toEqual(['"v7"', '"v8"']);
    expect(patches[1].body).toEqual({ departmentId: 'd2' });
  });

  it('says so in English too when someone else changed the account', async () => {
    const u = userEvent.setup();
    mockApi({
      'GET /users': () => page(user('u2', 'Anton Aktiv', 'active', { version: 7 })),
      'GET /departments': departments,
      'PATCH /users/u2': () => errorEnvelope(412, 'precondition_failed', 'someone else changed this'),
    });
    renderWithProviders(<UsersRoute />, { user: admin, lng: 'en' });
    await u.click(await screen.findByRole('button', { name: 'Edit Anton Aktiv' }));
    const dialog = screen.getByRole('dialog');
    await u.selectOptions(within(dialog).getByLabelText('Status'), 'Deactivated');
    await u.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/Someone else has changed this in the meantime; your change was not saved\. The dialog now shows the current state/)).toBeInTheDocument();
  });

  it('on one’s own account, offers no role one does not hold and keeps the own admin role, and says why', async () => {
    const u = userEvent.setup();
    mockApi({
      'GET /users': () => page(user('me', 'Ada Admin', 'active', { roles: ['admin', 'employee'] }), user('u2', 'Anton Aktiv', 'active')),
      'GET /departments': departments,
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    const dialog = await openEditor(u, 'Ada Admin');
    const hint = /Das ist Ihr eigenes Konto: Weitere Rollen kann Ihnen nur eine andere Administratorin oder ein anderer Administrator geben/;
    expect(within(dialog).getByText(hint)).toBeInTheDocument();
    for (const name of ['Bürger*in', 'Gutachter*in', 'CDO-Büro', 'Administration']) {
      const box = within(dialog).getByRole('checkbox', { name });
      expect(box).toBeDisabled();
      expect(box).toHaveAccessibleDescription(hint);
    }
    expect(within(dialog).getByRole('checkbox', { name: 'Administration' })).toBeChecked();
    expect(within(dialog).getByRole('checkbox', { name: 'Mitarbeiter*in' })).toBeEnabled();
    await u.click(within(dialog).getByRole('button', { name: 'Abbrechen' }));

    // Another admin's account: every role can be given.
    const other = await openEditor(u, 'Anton Aktiv');
    expect(within(other).queryByText(hint)).not.toBeInTheDocument();
    for (const box of within(other).getAllByRole('checkbox')) expect(box).toBeEnabled();
  });

  it('offers neither deactivating one’s own account nor a closed department', async () => {
    const u = userEvent.setup();
    mockApi({
      'GET /users': () => page(user('me', 'Ada Admin', 'active', { roles: ['admin', 'employee'] }), user('u2', 'Anton Aktiv', 'active', { departmentId: 'd3' })),
      'GET /departments': () =>
        json({
          items: [
            { id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z', version: 1 },
            { id: 'd3', code: '99', name: 'Altamt', active: false, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z', version: 2 },
          ],
          nextCursor: null,
          total: 2,
        }),
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    const own = await openEditor(u, 'Ada Admin');
    expect(within(own).queryByRole('option', { name: 'Deaktiviert' })).not.toBeInTheDocument();
    expect(within(own).queryByRole('option', { name: /Altamt/ })).not.toBeInTheDocument();
    await u.click(within(own).getByRole('button', { name: 'Abbrechen' }));
    // Someone still in the closed department keeps it on offer; and can be deactivated.
    const other = await openEditor(u, 'Anton Aktiv');
    expect(within(other).getByRole('option', { name: /Altamt/ })).toBeInTheDocument();
    expect(within(other).getByRole('option', { name: 'Deaktiviert' })).toBeInTheDocument();
  });

  it('loads further accounts page by page', async () => {
    const u = userEvent.setup();
    const api = mockApi({
      'GET /users': (req) =>
        new URL(req.url).searchParams.get('cursor') === 'c2'
          ? json({ items: [user('u3', 'Zora Zweite', 'active')], nextCursor: null, total: 2 })
          : json({ items: [user('u2', 'Anton Aktiv', 'active')], nextCursor: 'c2', total: 2 }),
      'GET /departments': departments,
    });
    renderWithProviders(<UsersRoute />, { user: admin });
    await screen.findByRole('rowheader', { name: 'Anton Aktiv' });
    await u.click(screen.getByRole('button', { name: 'Weitere laden' }));
    expect(await screen.findByRole('rowheader', { name: 'Zora Zweite' })).toBeInTheDocument();
    expect(screen.getByRole('rowheader', { name: 'Anton Aktiv' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/users').map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'c2']);
  });
});

describe('UsersRoute in the English UI', () => {
  it('marks department names as German, in the list and in the dialog’s choice', async () => {
    const u = userEvent.setup();
    mockApi({
      'GET /users': () => page(user('u1', 'Anton Aktiv', 'active', { departmentId: 'd1' }), user('u2', 'Berta Ohne', 'active')),
      'GET /departments': departments,
    });
    renderWithProviders(<UsersRoute />, { user: admin, lng: 'en' });
    const row = (await screen.findByRole('rowheader', { name: 'Anton Aktiv' })).closest('tr')!;
    expect(await within(row).findByRole('cell', { name: '32 — Ordnungsamt' })).toHaveAttribute('lang', 'de');
    await u.click(within(row).getByRole('button', { name: /^Edit/ }));
    const dialog = screen.getByRole('dialog');
    expect(within(dialog).getByRole('option', { name: '50 — Sozialamt' })).toHaveAttribute('lang', 'de');
    expect(within(dialog).getByRole('option', { name: 'Not specified' })).not.toHaveAttribute('lang');
  });
});
