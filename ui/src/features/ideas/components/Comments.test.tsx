import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockApi, renderWithProviders } from '@/test/utils';
import { Comments } from './Comments';

const comment = (id: string, body: string) => ({
  id,
  ideaId: 'i1',
  author: { id: 'a', displayName: 'Anna', deleted: false },
  body,
  bodyHtml: null,
  edited: false,
  deleted: false,
  hidden: null,
  mine: false,
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
});

describe('Comments', () => {
  it('moves focus to the first newly loaded comment after "load more"', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /ideas/:id/comments': (req) =>
        new URL(req.url).searchParams.get('cursor') === 'c2'
          ? json({ items: [comment('c3', 'Dritter Kommentar')], nextCursor: null, total: 3 })
          : json({ items: [comment('c1', 'Erster Kommentar'), comment('c2', 'Zweiter Kommentar')], nextCursor: 'c2', total: 3 }),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1' });
    const more = await screen.findByRole('button', { name: 'Weitere laden' });
    more.focus();
    await user.keyboard('{Enter}');
    const text = await screen.findByText('Dritter Kommentar');
    const item = text.closest('li')!;
    await waitFor(() => expect(item).toHaveFocus());
    expect(item).toHaveAttribute('tabindex', '-1');
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
  });
});
