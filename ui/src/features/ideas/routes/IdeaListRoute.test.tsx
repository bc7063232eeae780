import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { useNavigate } from 'react-router';
import { IdeaListRoute, filtersFromParams } from './IdeaListRoute';

function BackButton() {
  const navigate = useNavigate();
  return <button type="button" onClick={() => navigate(-1)}>Browser zurück</button>;
}

const idea = (id: string, title: string) => ({
  id,
  title,
  summary: 'Kurz',
  stage: 'screening',
  stageSince: '2026-11-01T00:00:00Z',
  needsInformation: false,
  visibility: 'public',
  source: 'staff',
  campaignId: null,
  departmentId: null,
  tags: ['Klima'],
  targetGroups: [],
  author: { id: 'a', displayName: 'Anna', deleted: false },
  coAuthors: [],
  supportCount: 2,
  followerCount: 0,
  commentCount: 1,
  attachmentCount: 0,
  score: null,
  version: 1,
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
  submittedAt: null,
  lastActivityAt: '2026-11-01T00:00:00Z',
});

function api() {
  return mockApi({
    'GET /ideas': (req) => {
      const q = new URL(req.url).searchParams.get('q');
      const items = q ? [idea('2', 'Solarbänke')] : [idea('1', 'Bürgerbüro online'), idea('2', 'Solarbänke')];
      return json({ items, nextCursor: null, total: items.length });
    },
    'GET /departments': () => json({ items: [], nextCursor: null, total: 0 }),
    'GET /campaigns': () => json({ items: [], nextCursor: null, total: 0 }),
  });
}

describe('IdeaListRoute', () => {
  it('searches as you type, debounced, and announces the count', async () => {
    const user = userEvent.setup();
    const mock = api();
    renderWithProviders(<IdeaListRoute />, { user: makeUser(), route: '/ideas', path: '/ideas' });
    expect(await screen.findByText('2 Ideen gefunden')).toBeInTheDocument();
    await user.type(screen.getByRole('searchbox', { name: /Ideen durchsuchen/ }), 'Solar');
    expect(await screen.findByText('1 Idee gefunden')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Solarbänke' })).toBeInTheDocument();
    const searches = mock.calls.filter((c) => c.path === '/ideas').map((c) => c.url.searchParams.get('q'));
    // one request for the empty list and one for the settled text, not one per keystroke
    expect(searches).toEqual([null, 'Solar']);
  });

  it('sends filters with the API parameter names', async () => {
    const user = userEvent.setup();
    const mock = api();
    renderWithProviders(<IdeaListRoute />, { user: makeUser(), route: '/ideas', path: '/ideas' });
    await screen.findByText('2 Ideen gefunden');
    await user.selectOptions(screen.getByLabelText('Phase'), 'pilot');
    await user.selectOptions(screen.getByLabelText('Sortierung'), 'supports');
    await user.click(screen.getByRole('checkbox', { name: 'Nur meine Ideen' }));
    await waitFor(() => {
      const last = mock.calls.filter((c) => c.path === '/ideas').at(-1)!.url.searchParams;
      expect(Object.fromEntries(last)).toMatchObject({ stage: 'pilot', sort: 'supports', mine: 'true' });
    });
  });

  it('ranks a search by relevance and says so; newest first is a choice that is sent', async () => {
    const user = userEvent.setup();
    const mock = api();
    renderWithProviders(<IdeaListRoute />, { user: makeUser(), route: '/ideas?q=Solar', path: '/ideas' });
    await screen.findByText('1 Idee gefunden');
    const sort = screen.getByLabelText('Sortierung');
    expect(sort).toHaveDisplayValue('Relevanz');
    expect(mock.calls.filter((c) => c.path === '/ideas').at(-1)!.url.searchParams.get('sort')).toBeNull();
    await user.selectOptions(sort, 'newest');
    await waitFor(() => expect(mock.calls.filter((c) => c.path === '/ideas').at(-1)!.url.searchParams.get('sort')).toBe('newest'));
    expect(sort).toHaveDisplayValue('Neueste zuerst');
    // Without a search text there is nothing to rank by relevance.
    await user.clear(screen.getByRole('searchbox', { name: /Ideen durchsuchen/ }));
    await screen.findByText('2 Ideen gefunden');
    expect(screen.queryByRole('option', { name: 'Relevanz' })).not.toBeInTheDocument();
  });

  it('lets Back undo a filter, and keeps the search box in step with the URL', async () => {
    const user = userEvent.setup();
    const mock = api();
    renderWithProviders(
      <>
        <IdeaListRoute />
        <BackButton />
      </>,
      { user: makeUser(), route: '/ideas', path: '/ideas' },
    );
    await screen.findByText('2 Ideen gefunden');
    await user.selectOptions(screen.getByLabelText('Phase'), 'pilot');
    const search = screen.getByRole('searchbox', { name: /Ideen durchsuchen/ });
    await user.type(search, 'Solar');
    await screen.findByText('1 Idee gefunden');
    const last = () => Object.fromEntries(mock.calls.filter((c) => c.path === '/ideas').at(-1)!.url.searchParams);
    expect(last()).toMatchObject({ stage: 'pilot', q: 'Solar' });
    // Starting the search added an entry (its keystrokes did not); Back undoes the search,
    await user.click(screen.getByRole('button', { name: 'Browser zurück' }));
    expect(await screen.findByText('2 Ideen gefunden')).toBeInTheDocument();
    expect(screen.getByLabelText('Phase')).toHaveValue('pilot');
    expect(search).toHaveValue('');
    // and the text typed before does not come back when the debounce settles.
    await new Promise((r) => setTimeout(r, 400));
    expect(search).toHaveValue('');
    expect(last()).not.toHaveProperty('q');
    // Back once more undoes the filter.
    await user.click(screen.getByRole('button', { name: 'Browser zurück' }));
    await waitFor(() => expect(screen.getByLabelText('Phase')).toHaveValue(''));
    await waitFor(() => expect(last()).not.toHaveProperty('stage'));
  });

  it('moves focus to the first new idea after "load more", also when the button goes away', async () => {
    const user = userEvent.setup();
    const page1 = Array.from({ length: 3 }, (_, i) => idea(`p1-${i}`, `Idee ${i + 1}`));
    const page2 = [idea('p2-0', 'Idee 4'), idea('p2-1', 'Idee 5')];
    mockApi({
      'GET /ideas': (req) =>
        new URL(req.url).searchParams.get('cursor') === 'c2'
          ? json({ items: page2, nextCursor: null, total: 5 })
          : json({ items: page1, nextCursor: 'c2', total: 5 }),
      'GET /departments': () => json({ items: [], nextCursor: null, total: 0 }),
      'GET /campaigns': () => json({ items: [], nextCursor: null, total: 0 }),
    });
    renderWithProviders(<IdeaListRoute />, { user: makeUser(), route: '/ideas', path: '/ideas' });
    const more = await screen.findByRole('button', { name: 'Weitere laden' });
    more.focus();
    await user.keyboard('{Enter}');
    const first = await screen.findByRole('link', { name: 'Idee 4' });
    await waitFor(() => expect(first).toHaveFocus());
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
    expect(screen.getByText('5 von 5 angezeigt')).toBeInTheDocument();
  });

  it('reads filters from the address', () => {
    expect(filtersFromParams(new URLSearchParams('q=bus&stage=pilot&sort=bogus&mine=true&campaignId=c1'))).toEqual({
      q: 'bus',
      stage: 'pilot',
      campaignId: 'c1',
      departmentId: undefined,
      tag: undefined,
      visibility: undefined,
      source: undefined,
      sort: undefined,
      mine: true,
      assigned: undefined,
      followed: undefined,
    });
    expect(filtersFromParams(new URLSearchParams('q=bus&sort=relevance')).sort).toBe('relevance');
    expect(filtersFromParams(new URLSearchParams('sort=relevance')).sort).toBeUndefined();
    // Values no filter offers (a hand-edited address) are left out instead of failing the list.
    expect(filtersFromParams(new URLSearchParams('stage=bogus&visibility=secret&source=staff'))).toMatchObject({
      stage: undefined,
      visibility: undefined,
      source: 'staff',
    });
  });
});
