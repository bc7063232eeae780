import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
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
});
