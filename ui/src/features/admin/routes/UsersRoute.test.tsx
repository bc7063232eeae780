import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { UsersRoute } from './UsersRoute';

const user = (id: string, displayName: string, status: string) => ({
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
});

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
});
