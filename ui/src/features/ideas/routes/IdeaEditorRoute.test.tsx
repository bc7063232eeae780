import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { IdeaEditorRoute } from './IdeaEditorRoute';

const list = (items: unknown[] = []) => json({ items, nextCursor: null, total: items.length });

function stored(body: Record<string, unknown>, version: number) {
  return {
    id: 'new1',
    stage: 'draft',
    visibility: 'public',
    tags: [],
    targetGroups: [],
    description: '',
    ...body,
    version,
    createdAt: '2026-11-25T10:00:00Z',
    updatedAt: '2026-11-25T10:00:00Z',
  };
}

function backend() {
  let version = 1;
  return mockApi({
    'GET /departments': () => list(),
    'GET /campaigns': () => list(),
    'POST /ideas/similar': () => list([{ id: 'old', title: 'Solarbank am Aasee', summary: '', stage: 'pilot', score: 0.82 }]),
    'POST /ideas': async (req) => json(stored(await req.json(), version), 201, { ETag: `"v${version}"` }),
    'PATCH /ideas/:id': async (req) => {
      version++;
      return json(stored(await req.json(), version), 200, { ETag: `"v${version}"` });
    },
    'GET /ideas/:id/attachments': () => list(),
    'GET /ideas/:id': () => json(stored({ title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom' }, version), 200, { ETag: `"v${version}"` }),
  });
}

describe('IdeaEditorRoute', () => {
  it('creates the draft by itself, then saves changes with If-Match, and shows similar ideas', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<IdeaEditorRoute />, {
      user: makeUser({ roles: ['citizen'] }),
      route: '/ideas/new',
      path: '/ideas/new',
      extraRoutes: [{ path: '/ideas/:id/edit', element: <IdeaEditorRoute /> }],
    });
    expect(screen.getByText(/Der Entwurf wird gespeichert, sobald Titel/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/^Titel/), 'Solarbänke im Park');
    await user.type(screen.getByLabelText(/^Kurzfassung/), 'Laden mit Sonnenstrom');
    expect(await screen.findByRole('link', { name: 'Solarbank am Aasee' })).toBeInTheDocument();
    expect(await screen.findByText(/Gespeichert um/, {}, { timeout: 4000 })).toBeInTheDocument();
    const post = api.calls.find((c) => c.method === 'POST' && c.path === '/ideas')!;
    expect(post.body).toMatchObject({ title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', visibility: 'public' });

    await user.type(screen.getByLabelText(/^Beschreibung/), 'Mehr Details');
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PATCH')).toBe(true), { timeout: 4000 });
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.path).toBe('/ideas/new1');
    expect(patch.headers.get('If-Match')).toBe('"v1"');
    expect(patch.body).toMatchObject({ description: 'Mehr Details' });
  }, 15_000);

  it('after a stale save, loads the current version and keeps the writer\'s own text to take over', async () => {
    const user = userEvent.setup({ delay: null });
    // The stored idea changed elsewhere (version 5): this tab's save, with version 4, is refused.
    let theirs: ReturnType<typeof stored> & { problem?: string } = stored({ id: 'd1', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', problem: 'Fremde Fassung' }, 4);
    const api = mockApi({
      'GET /departments': () => list(),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(theirs, 200, { ETag: `"v${theirs.version}"` }),
      'PATCH /ideas/:id': async (req) => {
        if (req.headers.get('If-Match') !== `"v${theirs.version}"`)
          return json({ error: { code: 'precondition_failed', message: 'changed in the meantime' } }, 412);
        theirs = { ...theirs, ...((await req.json()) as object), version: theirs.version + 1 };
        return json(theirs, 200, { ETag: `"v${theirs.version}"` });
      },
    });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee'] }), route: '/ideas/d1/edit', path: '/ideas/:id/edit' });
    const problem = await screen.findByLabelText(/^Welches Problem/);
    theirs = { ...theirs, problem: 'Neue fremde Fassung', version: 5 };
    await user.clear(problem);
    await user.type(problem, 'Meine Fassung');
    expect(await screen.findByText(/inzwischen an anderer Stelle geändert/, {}, { timeout: 8000 })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Aktuelle Fassung laden' }));
    await waitFor(() => expect(screen.getByLabelText(/^Welches Problem/)).toHaveValue('Neue fremde Fassung'));
    expect(screen.getByLabelText(/^Ihre Fassung: Welches Problem/)).toHaveValue('Meine Fassung');
    await user.click(screen.getByRole('button', { name: /^Übernehmen – Welches Problem/ }));
    expect(screen.getByLabelText(/^Welches Problem/)).toHaveValue('Meine Fassung');
    // Saved with the version it loaded now.
    await waitFor(() => expect(theirs.problem).toBe('Meine Fassung'), { timeout: 8000 });
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)!.headers.get('If-Match')).toBe('"v5"');
  }, 25_000);

  it('will not submit without a description', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser(), route: '/ideas/new', path: '/ideas/new' });
    await user.type(screen.getByLabelText(/^Titel/), 'Kurz');
    await user.click(screen.getByRole('button', { name: 'Idee einreichen' }));
    expect(screen.getByLabelText(/^Titel/)).toHaveFocus();
    expect(screen.getByLabelText(/^Titel/)).toHaveAccessibleDescription(/Der Titel muss 5 bis 120 Zeichen lang sein/);
    expect(screen.getByLabelText(/^Beschreibung/)).toHaveAccessibleDescription(/Zum Einreichen brauchen wir eine Beschreibung/);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.path.endsWith('/transitions'))).toBe(false);
  });

  it('switches the description between writing and preview with pressed-state buttons', async () => {
    const user = userEvent.setup({ delay: null });
    backend();
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser(), route: '/ideas/new', path: '/ideas/new' });
    const group = screen.getByRole('group', { name: 'Ansicht der Beschreibung' });
    const write = screen.getByRole('button', { name: 'Schreiben' });
    const preview = screen.getByRole('button', { name: 'Vorschau' });
    expect(group).toContainElement(write);
    // not pulled over the description field's label any more
    expect(group.parentElement).not.toHaveStyle({ marginBottom: '-2.25rem' });
    expect(write).toHaveAttribute('aria-pressed', 'true');
    await user.type(screen.getByLabelText(/^Beschreibung/), '**fett**');
    await user.click(preview);
    expect(preview).toHaveAttribute('aria-pressed', 'true');
    expect(write).toHaveAttribute('aria-pressed', 'false');
    expect(screen.queryByLabelText(/^Beschreibung/)).not.toBeInTheDocument();
    expect(screen.getByText('fett').tagName).toBe('STRONG');
    await user.click(write);
    expect(screen.getByLabelText(/^Beschreibung/)).toHaveValue('**fett**');
  });

  it('shows similar ideas right below title and summary on a narrow screen, beside the form on a wide one', async () => {
    backend();
    const at = (wide: boolean) => {
      window.matchMedia = ((query: string) => ({ matches: wide, media: query, addEventListener() {}, removeEventListener() {} })) as unknown as typeof window.matchMedia;
    };
    at(false);
    const first = renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['citizen'] }), route: '/ideas/new', path: '/ideas/new' });
    const aside = screen.getByRole('complementary', { name: 'Ähnliche Ideen' });
    const summary = screen.getByLabelText(/^Kurzfassung/);
    const submit = screen.getByRole('button', { name: 'Idee einreichen' });
    expect(summary.compareDocumentPosition(aside) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(aside.compareDocumentPosition(submit) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    first.unmount();
    at(true);
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['citizen'] }), route: '/ideas/new', path: '/ideas/new' });
    const beside = screen.getByRole('complementary', { name: 'Ähnliche Ideen' });
    expect(beside.closest('form')).toBeNull();
    delete (window as { matchMedia?: unknown }).matchMedia;
  });
});
