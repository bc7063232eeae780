import { describe, expect, it } from 'vitest';
import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { list, storedDraft } from '@/test/ideas';
import { IdeaEditorRoute } from './IdeaEditorRoute';

const stored = storedDraft;

describe('IdeaEditorRoute – submitting right after typing', () => {
  it('submits the draft the submit itself created (before autosave ran), by its new id', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      'GET /departments': () => list(),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'POST /ideas': async (req) => json(stored((await req.json()) as Record<string, unknown>), 201, { ETag: '"v1"' }),
      'PATCH /ideas/:id': async (req) => json(stored((await req.json()) as Record<string, unknown>), 200, { ETag: '"v2"' }),
      'GET /ideas/:id': () => json(stored({ title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom' }), 200, { ETag: '"v1"' }),
      'POST /ideas/:id/transitions': () => json({ idea: stored({ stage: 'submitted' }) }, 201, { ETag: '"v2"' }),
    });
    renderWithProviders(<IdeaEditorRoute />, {
      user: makeUser({ roles: ['employee'] }),
      route: '/ideas/new',
      path: '/ideas/new',
      extraRoutes: [
        { path: '/ideas/:id/edit', element: <IdeaEditorRoute /> },
        { path: '/ideas/:id', element: <p>Ideenseite</p> },
      ],
    });
    // Filled in at once (no waiting between keystrokes), so the submit comes well within autosave's delay.
    fireEvent.change(screen.getByLabelText(/^Titel/), { target: { value: 'Solarbänke' } });
    fireEvent.change(screen.getByLabelText(/^Kurzfassung/), { target: { value: 'Laden' } });
    fireEvent.change(screen.getByLabelText(/^Beschreibung/), { target: { value: 'Details' } });
    await user.click(screen.getByRole('button', { name: 'Idee einreichen' }));
    // Within autosave's delay: nothing saved yet, the submit's flush creates the draft.
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/ideas')).toBe(false);
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Idee einreichen' }));

    expect(await screen.findByText('Ideenseite')).toBeInTheDocument();
    const creates = api.calls.filter((c) => c.method === 'POST' && c.path === '/ideas');
    expect(creates).toHaveLength(1);
    expect(creates[0].body).toMatchObject({ title: 'Solarbänke', summary: 'Laden', description: 'Details' });
    const transitions = api.calls.filter((c) => c.path.endsWith('/transitions'));
    expect(transitions.map((c) => c.path)).toEqual(['/ideas/new1/transitions']);
    expect(transitions[0].body).toEqual({ to: 'submitted' });
  });
});
