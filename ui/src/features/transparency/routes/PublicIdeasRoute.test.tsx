import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockApi, renderWithProviders } from '@/test/utils';
import { PublicIdeasRoute } from './PublicIdeasRoute';

const idea = (id: string, title: string) => ({
  id,
  title,
  summary: 'Kurz',
  stage: 'pilot',
  visibility: 'public',
  tags: [],
  targetGroups: [],
  supportCount: 0,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  lastActivityAt: '2026-11-01T00:00:00Z',
});

describe('PublicIdeasRoute', () => {
  it('moves focus to the first new idea after "load more" (not to the page when the button goes)', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /public/ideas': (req) =>
        new URL(req.url).searchParams.get('cursor') === 'c2'
          ? json({ items: [idea('b', 'Zweite Seite')], nextCursor: null, total: 2 })
          : json({ items: [idea('a', 'Erste Seite')], nextCursor: 'c2', total: 2 }),
    });
    renderWithProviders(<PublicIdeasRoute />, { route: '/public/ideas', path: '/public/ideas' });
    await user.click(await screen.findByRole('button', { name: 'Weitere laden' }));
    const link = await screen.findByRole('link', { name: 'Zweite Seite' });
    await waitFor(() => expect(link).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/public/ideas').map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'c2']);
  });

  it('leaves focus alone when the user has moved on while the page loads', async () => {
    const user = userEvent.setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    mockApi({
      'GET /public/ideas': async (req) => {
        if (new URL(req.url).searchParams.get('cursor') !== 'c2') return json({ items: [idea('a', 'Erste Seite')], nextCursor: 'c2', total: 2 });
        await gate;
        return json({ items: [idea('b', 'Zweite Seite')], nextCursor: null, total: 2 });
      },
    });
    renderWithProviders(<PublicIdeasRoute />, { route: '/public/ideas', path: '/public/ideas' });
    await user.click(await screen.findByRole('button', { name: 'Weitere laden' }));
    const search = screen.getByRole('searchbox');
    search.focus();
    release();
    await screen.findByRole('link', { name: 'Zweite Seite' });
    expect(search).toHaveFocus();
  });
});
