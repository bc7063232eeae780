import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { AppShell } from '@/app/layout/AppShell';
import { RequireAuth } from '@/app/guards';
import type { Role } from '@/types/api';
import { AdminLayout } from './AdminLayout';

// The admin area as the router nests it (app/router.tsx), with stand-ins for the sub-pages.
const area = (
  <Routes>
    <Route element={<AppShell />}>
      <Route path="admin" element={<RequireAuth roles={['admin', 'cdo']} />}>
        <Route element={<AdminLayout />}>
          <Route element={<RequireAuth roles={['admin']} />}>
            <Route path="users" element={<p>Liste der Benutzer</p>} />
            <Route path="departments" element={<p>Liste der Fachbereiche</p>} />
          </Route>
          <Route path="audit" element={<p>Einträge</p>} />
        </Route>
      </Route>
    </Route>
  </Routes>
);

function open(roles: Role[], route: string) {
  mockApi({
    'GET /tenant': () => json({ id: 't1', name: 'Stadt Musterstadt', branding: {} }),
    'GET /me/notifications/unread': () => json({ unreadCount: 0 }),
    'GET /comments/reported': () => json({ items: [], nextCursor: null, total: 0 }),
  });
  renderWithProviders(area, { user: makeUser({ roles }), route });
}

// Time for the shell's focus move (it runs a few animation frames after the change).
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 150)));

describe('AdminLayout', () => {
  beforeEach(() => {
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });

  it('names each sub-page in the document title and by an h2 (WCAG 2.4.2, 2.4.6)', async () => {
    open(['admin'], '/admin/users');
    expect(await screen.findByText('Liste der Benutzer')).toBeInTheDocument();
    expect(document.title).toBe('Benutzer – Verwaltung – Ideenwerk');
    expect(screen.getByRole('heading', { level: 2, name: 'Benutzer' })).toBeInTheDocument();
  });

  it('on a change of tab, moves the focus to the new sub-page’s h2 and retitles the page', async () => {
    const user = userEvent.setup();
    open(['admin'], '/admin/users');
    const tabs = await screen.findByRole('navigation', { name: 'Verwaltung' });
    await user.click(within(tabs).getByRole('link', { name: 'Fachbereiche' }));
    expect(await screen.findByText('Liste der Fachbereiche')).toBeInTheDocument();
    await settle();
    expect(screen.getByRole('heading', { level: 2, name: 'Fachbereiche' })).toHaveFocus();
    expect(document.title).toBe('Fachbereiche – Verwaltung – Ideenwerk');
    await user.click(within(tabs).getByRole('link', { name: 'Protokoll' }));
    await settle();
    expect(screen.getByRole('heading', { level: 2, name: 'Protokoll' })).toHaveFocus();
    expect(document.title).toBe('Protokoll – Verwaltung – Ideenwerk');
  });

  it('a sub-page the role may not open says so without a second h1', async () => {
    open(['cdo'], '/admin/users');
    expect(await screen.findByText(/Diese Seite ist für Ihre Rolle nicht freigegeben/)).toBeInTheDocument();
    expect(screen.getAllByRole('heading', { level: 1 }).map((h) => h.textContent)).toEqual(['Verwaltung']);
    // The page is not named as if it were open: no h2 "Benutzer", and the title says it.
    const message = screen.getByRole('heading', { name: 'Kein Zugriff' });
    expect(message.tagName).toBe('H2');
    expect(screen.queryByRole('heading', { name: 'Benutzer' })).toBeNull();
    expect(document.title).toBe('Kein Zugriff – Verwaltung – Ideenwerk');
  });
});
