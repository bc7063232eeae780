import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { list, storedDraft } from '@/test/ideas';
import { AppShell } from '@/app/layout/AppShell';
import { IdeaEditorRoute } from './IdeaEditorRoute';

const stored = storedDraft;

function backend() {
  return mockApi({
    'GET /tenant': () => json({ id: 't1', name: 'Stadt Musterstadt', branding: {} }),
    'GET /me/notifications/unread': () => json({ unreadCount: 0 }),
    'GET /departments': () => list(),
    'GET /campaigns': () => list(),
    'GET /users': () => list([{ id: 'u7', displayName: 'Max Muster', roles: ['employee'] }]),
    'POST /ideas/similar': () => list(),
    'GET /ideas/:id/attachments': () => list(),
    'POST /ideas': async (req) => json(stored((await req.json()) as Record<string, unknown>), 201, { ETag: '"v1"' }),
    'PATCH /ideas/:id': async (req) => json(stored((await req.json()) as Record<string, unknown>), 200, { ETag: '"v2"' }),
    'GET /ideas/:id': () => json(stored({ title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom' }), 200, { ETag: '"v1"' }),
  });
}

/** The address the router is at (the same element on both routes, so the editor stays mounted). */
function At() {
  return <p data-testid="at">{useLocation().pathname}</p>;
}
const page = (
  <>
    <IdeaEditorRoute />
    <At />
  </>
);
// The editor in the app's shell, which moves focus to the heading on a change of page.
const app = (
  <Routes>
    <Route element={<AppShell />}>
      <Route path="ideas/new" element={page} />
      <Route path="ideas/:id/edit" element={page} />
    </Route>
  </Routes>
);
// Time for the shell's focus move (it runs a few animation frames after the change).
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 150)));

describe('IdeaEditorRoute in the shell – the first save of a new draft', () => {
  beforeEach(() => {
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });

  it('gives the draft its address but leaves focus (and the next keystrokes) in the field', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(app, { user: makeUser({ roles: ['employee'] }), route: '/ideas/new' });
    await user.type(await screen.findByLabelText(/^Titel/), 'Solarbänke im Park');
    await user.type(screen.getByLabelText(/^Kurzfassung/), 'Laden mit Sonnenstrom');
    expect(await screen.findByText(/Gespeichert um/, {}, { timeout: 4000 })).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/ideas')).toBe(true);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Idee bearbeiten');
    await waitFor(() => expect(screen.getByTestId('at')).toHaveTextContent('/ideas/new1/edit'));
    await settle();
    expect(screen.getByLabelText(/^Kurzfassung/)).toHaveFocus();
    await user.keyboard(' und Wind');
    expect(screen.getByLabelText(/^Kurzfassung/)).toHaveValue('Laden mit Sonnenstrom und Wind');
  }, 15_000);

  it('leaves focus in the co-author search when the draft is created while searching', async () => {
    const user = userEvent.setup({ delay: null });
    backend();
    renderWithProviders(app, { user: makeUser({ roles: ['employee'] }), route: '/ideas/new' });
    await user.type(await screen.findByLabelText(/^Titel/), 'Solarbänke im Park');
    await user.type(screen.getByLabelText(/^Kurzfassung/), 'Laden mit Sonnenstrom');
    const search = screen.getByLabelText('Kolleg*in suchen', { exact: false });
    await user.type(search, 'Ma');
    expect(await screen.findByText(/Gespeichert um/, {}, { timeout: 4000 })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('at')).toHaveTextContent('/ideas/new1/edit'));
    await settle();
    expect(screen.getByRole('searchbox')).toHaveFocus();
    await user.keyboard('x');
    expect(screen.getByRole('searchbox')).toHaveValue('Max');
  }, 15_000);
});
