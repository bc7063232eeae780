import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { BoardRoute } from './BoardRoute';

const card = {
  id: 'i1', title: 'Solarbänke', summary: 'Kurz', stage: 'screening', stageSince: '2026-11-20T00:00:00Z', needsInformation: false,
  visibility: 'public', source: 'staff', campaignId: null, departmentId: null, tags: [], targetGroups: [],
  author: { id: 'a1', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 0, followerCount: 0, commentCount: 0,
  attachmentCount: 0, score: null, version: 4, createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z',
  submittedAt: '2026-11-20T00:00:00Z', lastActivityAt: '2026-11-20T00:00:00Z',
};

describe('BoardRoute', () => {
  it('moves a card with the version the board shows (If-Match), so a move on an outdated board is refused', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /ideas': (req) => {
        const stages = new URL(req.url).searchParams.getAll('stage');
        const items = stages.includes('screening') ? [card] : [];
        return json({ items, nextCursor: null, total: items.length });
      },
      'GET /campaigns': () => json({ items: [], nextCursor: null, total: 0 }),
      'GET /comments/reported': () => json({ items: [], nextCursor: null, total: 0 }),
      'POST /ideas/:id/transitions': () => json({ id: 'd1', from: 'screening', to: 'rejected', at: '2026-11-27T10:00:00Z' }, 201),
    });
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    await user.click(await screen.findByRole('button', { name: '„Solarbänke“ verschieben' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Abgelehnt$/ }));
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Gibt es schon.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(api.calls.find((c) => c.method === 'POST')!.headers.get('If-Match')).toBe('"v4"');
  });
});
