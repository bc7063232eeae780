import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, mockApi, renderWithProviders } from '@/test/utils';
import { useNavigate } from 'react-router';
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

  it('keeps search and stage in the URL: a shared link opens filtered, and Back undoes a search', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /public/ideas': (req) => {
        const q = new URL(req.url).searchParams.get('q');
        return json({ items: q ? [idea('b', 'Radweg-App')] : [idea('a', 'Sitzbänke'), idea('b', 'Radweg-App')], nextCursor: null, total: q ? 1 : 2 });
      },
    });
    renderWithProviders(
      <>
        <PublicIdeasRoute />
        <BackButton />
      </>,
      { route: '/public/ideas?stage=pilot', path: '/public/ideas' },
    );
    expect(await screen.findByText('2 Ideen gefunden')).toBeInTheDocument();
    expect(screen.getByLabelText('Phase')).toHaveValue('pilot');
    const last = () => Object.fromEntries(api.calls.filter((c) => c.path === '/public/ideas').at(-1)!.url.searchParams);
    expect(last()).toMatchObject({ stage: 'pilot' });
    await user.type(screen.getByRole('searchbox'), 'Rad');
    expect(await screen.findByText('1 Idee gefunden')).toBeInTheDocument();
    expect(last()).toMatchObject({ stage: 'pilot', q: 'Rad' });
    await user.click(screen.getByRole('button', { name: 'Browser zurück' }));
    expect(await screen.findByText('2 Ideen gefunden')).toBeInTheDocument();
    expect(screen.getByRole('searchbox')).toHaveValue('');
    expect(screen.getByLabelText('Phase')).toHaveValue('pilot');
  });
});

function BackButton() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => navigate(-1)}>
      Browser zurück
    </button>
  );
}
