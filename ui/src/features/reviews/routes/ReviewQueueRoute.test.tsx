import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { ReviewQueueRoute } from './ReviewQueueRoute';

const entry = (id: string, title: string, stage: string, reviewStatus: string, overdue = false) => ({
  idea: { id, title, stage },
  dueAt: '2026-12-03T00:00:00Z',
  assignedAt: '2026-11-20T09:00:00Z',
  reviewStatus,
  overdue,
});

function backend() {
  return mockApi({
    'GET /reviews/assigned': (req) => {
      const q = new URL(req.url).searchParams;
      if (q.get('state') === 'done') return json({ items: [entry('d1', 'Bürgerbüro am Samstag', 'pilot', 'submitted')], nextCursor: null, total: 1 });
      if (q.get('cursor') === 'c2')
        return json({ items: [entry('o3', 'Schulwegplan digital', 'screening', 'none')], nextCursor: null, total: 3 });
      return json({
        items: [entry('o1', 'Solarbänke im Park', 'evaluation', 'draft', true), entry('o2', 'Leihfahrräder für Azubis', 'evaluation', 'none')],
        nextCursor: 'c2',
        total: 3,
      });
    },
  });
}

describe('ReviewQueueRoute', () => {
  it('pages through the open assignments and switches to the done ones', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<ReviewQueueRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews', path: '/reviews' });
    expect(await screen.findByRole('link', { name: 'Solarbänke im Park' })).toHaveAttribute('href', '/reviews/o1');
    expect(screen.getByText('3 Zuweisungen')).toBeInTheDocument();
    expect(screen.getByText(/überfällig seit/)).toBeInTheDocument();
    const tabs = screen.getByRole('navigation', { name: 'Zuweisungen nach Stand' });
    expect(within(tabs).getByRole('link', { name: 'In Bewertung' })).toHaveAttribute('aria-current', 'page');

    await user.click(screen.getByRole('button', { name: 'Weitere laden' }));
    expect(await screen.findByRole('link', { name: 'Schulwegplan digital' })).toHaveFocus();
    expect(screen.getAllByRole('listitem')).toHaveLength(3);
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
    expect(api.calls.map((c) => c.url.searchParams.get('cursor'))).toEqual([null, 'c2']);
    expect(api.calls.every((c) => c.url.searchParams.get('state') === 'open')).toBe(true);

    await user.click(within(tabs).getByRole('link', { name: 'Nicht mehr in Bewertung' }));
    const done = await screen.findByRole('link', { name: 'Bürgerbüro am Samstag' });
    expect(done).toHaveAttribute('href', '/ideas/d1');
    expect(screen.getByText('1 Zuweisung')).toBeInTheDocument();
    expect(screen.getByText('Abgegeben')).toBeInTheDocument();
    expect(screen.getByText('Frist: 03.12.2026')).toBeInTheDocument();
    // The submitted review stays readable from here.
    expect(screen.getByRole('link', { name: 'Meine Bewertung ansehen – Bürgerbüro am Samstag' })).toHaveAttribute('href', '/reviews/d1');
    await waitFor(() => expect(within(tabs).getByRole('link', { name: 'Nicht mehr in Bewertung' })).toHaveAttribute('aria-current', 'page'));
  });

  it('calls a review the idea left evaluation without "missed", as the analytics do', async () => {
    mockApi({
      'GET /reviews/assigned': () =>
        json({ items: [entry('d2', 'Kita-Platz-Vergabe online', 'decision', 'none'), entry('d3', 'Laternen', 'rejected', 'draft'), entry('d1', 'Bürgerbüro am Samstag', 'pilot', 'submitted')], nextCursor: null, total: 3 }),
    });
    renderWithProviders(<ReviewQueueRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews?state=done', path: '/reviews' });
    const card = (title: string) => screen.getByRole('link', { name: title }).closest('li')!;
    await screen.findByRole('link', { name: 'Kita-Platz-Vergabe online' });
    expect(card('Kita-Platz-Vergabe online')).toHaveTextContent('Verpasst');
    expect(card('Laternen')).toHaveTextContent('Verpasst');
    expect(card('Bürgerbüro am Samstag')).toHaveTextContent('Abgegeben');
    expect(card('Bürgerbüro am Samstag')).not.toHaveTextContent('Verpasst');
  });

  it('says when nothing is assigned', async () => {
    mockApi({ 'GET /reviews/assigned': () => json({ items: [], nextCursor: null, total: 0 }) });
    renderWithProviders(<ReviewQueueRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews', path: '/reviews' });
    expect(await screen.findByText('Zurzeit ist Ihnen keine Idee zur Bewertung zugewiesen.')).toBeInTheDocument();
  });

  it('lets the tab labels wrap on a phone instead of clipping "Nicht mehr in Bewertung"', async () => {
    mockApi({ 'GET /reviews/assigned': () => json({ items: [], nextCursor: null, total: 0 }) });
    renderWithProviders(<ReviewQueueRoute />, { user: makeUser({ roles: ['reviewer'] }), route: '/reviews', path: '/reviews' });
    const tabs = await screen.findByRole('navigation', { name: 'Zuweisungen nach Stand' });
    expect(tabs).toHaveClass('tabs', 'tabs--fit');
    // jsdom lays nothing out: the rules of global.css are read.
    const css = readFileSync(resolve(process.cwd(), 'src/styles/global.css'), 'utf8');
    const rule = (selector: string) => css.match(new RegExp(`\\n${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\{([^}]*)\\}`))?.[1] ?? '';
    expect(rule('.tabs--fit')).toMatch(/overflow-x: visible;/);
    expect(rule('.tabs--fit a')).toMatch(/white-space: normal;/);
    expect(rule('.tabs--fit a')).toMatch(/flex: 0 1 auto;/);
    // The many tabs of Verwaltung keep scrolling sideways (their current one is scrolled into view).
    expect(rule('.tabs')).toMatch(/overflow-x: auto;/);
    expect(rule('.tabs a')).toMatch(/white-space: nowrap;/);
  });
});
