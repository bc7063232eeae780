import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { IdeaEditorRoute } from './IdeaEditorRoute';

const list = (items: unknown[] = []) => json({ items, nextCursor: null, total: items.length });
const campaigns = [
  { id: 'c-int', title: 'Verwaltung intern verbessern', status: 'open', acceptingIdeas: true, audience: 'internal' },
  { id: 'c-pub', title: 'Klimafreundliche Stadt', status: 'open', acceptingIdeas: true, audience: 'public' },
  // Open, but its first day is still to come: not offered.
  { id: 'c-later', title: 'Sommer der Ideen', status: 'open', acceptingIdeas: false, audience: 'public' },
];

function backend() {
  // The draft as created: the editor, now at its address, reads it again.
  let created: object | undefined;
  return mockApi({
    'GET /departments': () => list(),
    'GET /campaigns': () => list(campaigns),
    'POST /ideas/similar': () => list(),
    'GET /ideas/:id/attachments': () => list(),
    'GET /ideas/:id': () => json(created, 200, { ETag: '"v1"' }),
    'POST /ideas': async (req) => {
      created = { id: 'new1', stage: 'draft', tags: [], targetGroups: [], version: 1, ...((await req.json()) as object) };
      return json(created, 201, { ETag: '"v1"' });
    },
  });
}

describe('IdeaEditorRoute – internal campaigns', () => {
  it('makes the idea internal when an internal campaign is chosen, and says why "public" cannot be chosen', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<IdeaEditorRoute />, {
      user: makeUser({ roles: ['employee'] }),
      route: '/ideas/new',
      path: '/ideas/new',
      extraRoutes: [{ path: '/ideas/:id/edit', element: <IdeaEditorRoute /> }],
    });
    await screen.findByRole('option', { name: 'Verwaltung intern verbessern' });
    expect(screen.queryByRole('option', { name: 'Sommer der Ideen' })).not.toBeInTheDocument();
    const pub = screen.getByLabelText(/^Öffentlich/);
    await user.click(pub);
    expect(pub).toBeChecked();
    expect(screen.queryByText(/internen Ideenaufruf/)).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText(/^Ideenaufruf/), 'c-int');
    expect(screen.getByLabelText(/^Intern/)).toBeChecked();
    expect(pub).not.toBeChecked();
    expect(pub).toBeDisabled();
    const visibility = screen.getByRole('group', { name: 'Sichtbarkeit' });
    expect(visibility).toHaveAccessibleDescription(/Ideen zu einem internen Ideenaufruf sind immer intern/);

    // Saved as internal: no refusal by the API, no failed autosave.
    await user.type(screen.getByLabelText(/^Titel/), 'Akten digital umlaufen lassen');
    await user.type(screen.getByLabelText(/^Kurzfassung/), 'Umlaufmappen ersetzen');
    await user.click(screen.getByRole('button', { name: 'Entwurf speichern' }));
    expect(await screen.findByText('Entwurf gespeichert.')).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'POST' && c.path === '/ideas')!.body).toMatchObject({ campaignId: 'c-int', visibility: 'internal' });

    // Another campaign (a public one): "public" can be chosen again.
    await user.selectOptions(screen.getByLabelText(/^Ideenaufruf/), 'c-pub');
    expect(pub).toBeEnabled();
    expect(screen.queryByText(/internen Ideenaufruf/)).not.toBeInTheDocument();
    expect(visibility).not.toHaveAccessibleDescription();
  });

  it('coming from an internal campaign\'s page, starts internal with "public" disabled', async () => {
    backend();
    renderWithProviders(<IdeaEditorRoute />, {
      user: makeUser({ roles: ['employee'] }),
      route: '/ideas/new?campaignId=c-int',
      path: '/ideas/new',
    });
    await waitFor(() => expect(screen.getByLabelText(/^Öffentlich/)).toBeDisabled());
    expect(screen.getByLabelText(/^Ideenaufruf/)).toHaveValue('c-int');
    expect(screen.getByLabelText(/^Intern/)).toBeChecked();
    expect(screen.getByText(/Ideen zu einem internen Ideenaufruf sind immer intern/)).toBeInTheDocument();
  });
});
