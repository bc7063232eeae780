import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { UserMenu } from '@/app/layout/UserMenu';
import { NotificationsRoute } from './NotificationsRoute';

const note = (read: boolean) => ({
  id: 'n1', type: 'comment', ideaId: 'i1', ideaTitle: 'Solarbänke', excerpt: '**Gute** Idee', reason: null, to: null, read, createdAt: '2026-11-01T10:00:00Z',
});

describe('NotificationsRoute', () => {
  it('shows a comment excerpt as Markdown, and keeps focus on the page after marking all read', async () => {
    const user = userEvent.setup();
    let read = false;
    mockApi({
      'GET /me/notifications': () => json({ items: [note(read)], nextCursor: null, total: 1, unreadCount: read ? 0 : 1 }),
      'POST /me/notifications/read': () => {
        read = true;
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<NotificationsRoute />, { user: makeUser() });
    const strong = await screen.findByText('Gute');
    expect(strong.tagName).toBe('STRONG');
    expect(screen.queryByText(/\*\*/)).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Alle als gelesen markieren' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Alle als gelesen markieren' })).not.toBeInTheDocument());
    expect(screen.getByRole('heading', { level: 1 })).toHaveFocus();
  });

  it('words questions and answers of "needs information" as such, with their text and line breaks', async () => {
    const base = { type: 'stage_changed', ideaId: 'i1', ideaTitle: 'Solarbänke', excerpt: null, read: true, createdAt: '2026-11-01T10:00:00Z' };
    mockApi({
      'GET /me/notifications': () =>
        json({
          items: [
            { ...base, id: 'n1', from: 'screening', to: 'submitted', reason: 'Was kostet das?\nWer wartet die Bänke?' },
            { ...base, id: 'n2', from: 'submitted', to: 'screening', reason: 'Rund 4.000 Euro.' },
            { ...base, id: 'n3', from: 'submitted', to: 'screening', reason: null },
          ],
          nextCursor: null,
          total: 3,
          unreadCount: 0,
        }),
    });
    renderWithProviders(<NotificationsRoute />, { user: makeUser() });
    const questions = await screen.findByRole('link', { name: '„Solarbänke“: Rückfragen des Innovationsbüros' });
    expect(questions).toHaveAttribute('href', '/ideas/i1');
    const excerpt = questions.closest('li')!.querySelector('.idea-card__summary')!;
    expect(excerpt.textContent).toBe('Was kostet das?\nWer wartet die Bänke?');
    expect(excerpt).toHaveStyle({ whiteSpace: 'pre-line' });
    expect(screen.getByRole('link', { name: '„Solarbänke“: Antwort auf die Rückfragen' }).closest('li')).toHaveTextContent('Rund 4.000 Euro.');
    // Screening started by the innovation office stays a new stage.
    expect(screen.getByRole('link', { name: '„Solarbänke“: neue Phase Sichtung' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /neue Phase Eingereicht/ })).not.toBeInTheDocument();
  });
  it('tells the office who declined which review, and why', async () => {
    mockApi({
      'GET /me/notifications': () =>
        json({
          items: [{ id: 'n1', type: 'review_declined', ideaId: 'i1', ideaTitle: 'Solarbänke', actorName: 'Rita Gutachterin', reason: 'Mein Bruder hat sie eingereicht.', excerpt: null, read: true, createdAt: '2026-11-01T10:00:00Z' }],
          nextCursor: null,
          total: 1,
          unreadCount: 0,
        }),
    });
    renderWithProviders(<NotificationsRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    const link = await screen.findByRole('link', { name: 'Rita Gutachterin lehnt die Bewertung von „Solarbänke“ ab' });
    expect(link).toHaveAttribute('href', '/ideas/i1');
    expect(link.closest('li')).toHaveTextContent('Mein Bruder hat sie eingereicht.');
  });

  it('opening an unread notification marks it read and clears the header badge, without waiting for the answer', async () => {
    const user = userEvent.setup();
    let read = false;
    let answer!: () => void;
    const api = mockApi({
      'GET /me/notifications': () => json({ items: [note(read)], nextCursor: null, total: 1, unreadCount: read ? 0 : 1 }),
      'GET /me/notifications/unread': () => json({ unreadCount: read ? 0 : 1 }),
      'POST /me/notifications/read': () =>
        new Promise<Response>((resolve) => {
          answer = () => {
            read = true;
            resolve(json({ unreadCount: 0 }));
          };
        }),
    });
    // Like the app: the header (with its badge) stays, the page under it changes.
    renderWithProviders(
      <>
        <UserMenu />
        <Routes>
          <Route path="/notifications" element={<NotificationsRoute />} />
          <Route path="/ideas/:id" element={<h1>Idee Solarbänke</h1>} />
        </Routes>
      </>,
      { user: makeUser(), route: '/notifications' },
    );
    const menu = () => screen.getByRole('button', { name: /Benutzermenü/ });
    await waitFor(() => expect(menu()).toHaveAccessibleName(/1 ungelesene Benachrichtigung/));
    await user.click(await screen.findByRole('link', { name: 'Neuer Kommentar zu „Solarbänke“' }));

    // The idea opens at once; the request is out, and the badge is already gone.
    expect(await screen.findByRole('heading', { name: 'Idee Solarbänke' })).toBeInTheDocument();
    const posts = api.calls.filter((c) => c.method === 'POST' && c.path === '/me/notifications/read');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ ids: ['n1'] });
    await waitFor(() => expect(menu()).not.toHaveAccessibleName(/ungelesen/));

    // The answer comes after the page is gone; the inbox is fetched again and stays read.
    answer();
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(2));
    await waitFor(() => expect(read).toBe(true));
    expect(menu()).not.toHaveAccessibleName(/ungelesen/);
  });

  it('opening a notification already read sends nothing', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /me/notifications': () => json({ items: [note(true)], nextCursor: null, total: 1, unreadCount: 0 }),
    });
    renderWithProviders(<NotificationsRoute />, { user: makeUser(), route: '/notifications', path: '/notifications', extraRoutes: [{ path: '/ideas/:id', element: <h1>Idee</h1> }] });
    await user.click(await screen.findByRole('link', { name: 'Neuer Kommentar zu „Solarbänke“' }));
    expect(await screen.findByRole('heading', { name: 'Idee' })).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
