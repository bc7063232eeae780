import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { IdeaDetailRoute } from './IdeaDetailRoute';

const page = { items: [], nextCursor: null, total: 0 };
const cdo = makeUser({ id: 'c1', displayName: 'Clara CDO', roles: ['employee', 'cdo'] });

/** An API that, like the real one, refuses a transition from another version than the current (412). */
function backend(stage: string) {
  let current = {
    id: 'i1', title: 'Solarbänke', summary: 'Kurz', description: 'Lang', stage, stageSince: '2026-11-01T00:00:00Z',
    needsInformation: false, visibility: 'public', source: 'citizen', campaignId: null, departmentId: null, tags: [], targetGroups: [],
    author: { id: 'someone', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 5, followerCount: 0, commentCount: 0,
    attachmentCount: 0, score: null, version: 3, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
    submittedAt: '2026-11-01T00:00:00Z', lastActivityAt: '2026-11-01T00:00:00Z', supported: false, following: false,
  };
  const api = mockApi({
    'GET /ideas/:id': () => json(current, 200, { ETag: `"v${current.version}"` }),
    'GET /ideas/:id/history': () => json(page),
    'GET /ideas/:id/comments': () => json(page),
    'GET /ideas/:id/reviews': () => json({ access: 'all', criteria: [], reviews: [], mine: null, aggregate: null }),
    'GET /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 1, items: [] }),
    'GET /departments': () => json(page),
    // A support changes a counter, not the version.
    'PUT /ideas/:id/support': () => {
      current = { ...current, supported: true, supportCount: current.supportCount + 1 };
      return json({ ideaId: 'i1', supported: true, supportCount: current.supportCount });
    },
    'POST /ideas/:id/transitions': async (req) => {
      if (req.headers.get('If-Match') !== `"v${current.version}"`) return errorEnvelope(412, 'precondition_failed', 'changed in the meantime');
      const body = (await req.json()) as { to: string };
      current = { ...current, stage: body.to, version: current.version + 1 };
      return json({ idea: current, decision: {} }, 201, { ETag: `"v${current.version}"` });
    },
  });
  return api;
}

describe('IdeaDetailRoute gates and the idea’s version', () => {
  it('moves with the version the page shows, and after a move and a support the next move is not refused', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend('decision');
    renderWithProviders(<IdeaDetailRoute />, { user: cdo, route: '/ideas/i1', path: '/ideas/:id' });
    await screen.findByRole('heading', { level: 1, name: 'Solarbänke' });

    await user.click(screen.getByRole('button', { name: 'In Phase verschieben …' }));
    let dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zurückgestellt$/ }));
    await user.type(within(dialog).getByLabelText(/^Wiedervorlage am/), '2027-06-01');
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Erst nach der Haushaltsplanung.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await screen.findByText(/ist jetzt in der Phase „Zurückgestellt“/);
    expect(api.calls.filter((c) => c.method === 'POST')[0].headers.get('If-Match')).toBe('"v3"');

    // A support on the way leaves the version as it was.
    await user.click(await screen.findByRole('button', { name: 'Unterstützen' }));
    await screen.findByRole('button', { name: 'Unterstützen', pressed: true });

    await user.click(screen.getByRole('button', { name: 'In Phase verschieben …' }));
    dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Sichtung$/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await screen.findByText(/ist jetzt in der Phase „Sichtung“/);
    const posts = api.calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[1].headers.get('If-Match')).toBe('"v4"');
    await waitFor(() => expect(screen.queryByText(/Jemand anderes hat das inzwischen geändert/)).not.toBeInTheDocument());
  });
});
