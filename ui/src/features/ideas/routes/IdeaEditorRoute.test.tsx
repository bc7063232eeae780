import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { IdeaEditorRoute } from './IdeaEditorRoute';

const list = (items: unknown[] = []) => json({ items, nextCursor: null, total: items.length });

function stored(body: Record<string, unknown>, version: number) {
  return {
    id: 'new1',
    stage: 'draft',
    visibility: 'public',
    tags: [] as string[],
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
  it('marks the description as required for submitting (WCAG 3.3.2), as the other required fields with "*"', () => {
    backend();
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['citizen'] }), route: '/ideas/new', path: '/ideas/new' });
    const description = screen.getByRole('textbox', { name: 'Beschreibung (Pflicht zum Einreichen)' });
    expect(description).toBeRequired();
    expect(document.querySelector(`label[for="${description.id}"] .field__required`)).toHaveTextContent('*');
  });

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
    // Saving by the button cannot help now: it says nothing was saved, it leads to the banner.
    await user.click(screen.getByRole('button', { name: 'Entwurf speichern' }));
    expect(screen.getByText(/inzwischen an anderer Stelle geändert/).closest('.alert')).toHaveFocus();
    expect(screen.queryByText('Entwurf gespeichert.')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Aktuelle Fassung laden' }));
    await waitFor(() => expect(screen.getByLabelText(/^Welches Problem/)).toHaveValue('Neue fremde Fassung'));
    expect(screen.getByLabelText(/^Ihre Fassung: Welches Problem/)).toHaveValue('Meine Fassung');
    await user.click(screen.getByRole('button', { name: /^Übernehmen – Welches Problem/ }));
    expect(screen.getByLabelText(/^Welches Problem/)).toHaveValue('Meine Fassung');
    // Saved with the version it loaded now.
    await waitFor(() => expect(theirs.problem).toBe('Meine Fassung'), { timeout: 8000 });
    expect(api.calls.filter((c) => c.method === 'PATCH').at(-1)!.headers.get('If-Match')).toBe('"v5"');
  }, 25_000);

  it('when saving a sent-back idea meets a newer version, offers the current one and keeps the writer\'s text (with focus)', async () => {
    const user = userEvent.setup({ delay: null });
    // Two authors answer the questions: the other one saved version 5 meanwhile.
    let theirs: ReturnType<typeof stored> & { problem?: string } = stored(
      { id: 'd1', stage: 'submitted', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', problem: 'Alte Fassung', description: 'Alt' },
      4,
    );
    const api = mockApi({
      'GET /departments': () => list(),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(theirs, 200, { ETag: `"v${theirs.version}"` }),
      'PATCH /ideas/:id': async (req) => {
        if (req.headers.get('If-Match') !== `"v${theirs.version}"`) return errorEnvelope(412, 'precondition_failed', 'changed in the meantime');
        theirs = { ...theirs, ...((await req.json()) as object), version: theirs.version + 1 };
        return json(theirs, 200, { ETag: `"v${theirs.version}"` });
      },
    });
    renderWithProviders(<IdeaEditorRoute />, {
      user: makeUser({ roles: ['employee'] }),
      route: '/ideas/d1/edit',
      path: '/ideas/:id/edit',
      extraRoutes: [{ path: '/ideas/:id', element: <p>Ideenseite</p> }],
    });
    const problem = await screen.findByLabelText(/^Welches Problem/);
    theirs = { ...theirs, problem: 'Neue fremde Fassung', description: 'Fremde Beschreibung', version: 5 };
    await user.clear(problem);
    await user.type(problem, 'Meine Fassung');
    await user.clear(screen.getByLabelText(/^Beschreibung/));
    await user.type(screen.getByLabelText(/^Beschreibung/), 'Meine Beschreibung');
    await user.click(screen.getByRole('button', { name: 'Änderungen speichern' }));

    // The stale banner of autosave, with its way out — not "reload the page".
    const banner = (await screen.findByText(/inzwischen an anderer Stelle geändert/)).closest('.alert')!;
    await waitFor(() => expect(banner).toHaveFocus());
    expect(screen.queryByText(/Laden Sie die Seite neu/)).not.toBeInTheDocument();
    expect(screen.queryByText('Ideenseite')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Aktuelle Fassung laden' }));
    await waitFor(() => expect(screen.getByLabelText(/^Welches Problem/)).toHaveValue('Neue fremde Fassung'));
    // Focus goes to the writer's texts, not to the page's body.
    await waitFor(() => expect(screen.getByText('Ihre Eingaben').closest('.alert')).toHaveFocus());
    expect(screen.getByLabelText(/^Ihre Fassung: Welches Problem/)).toHaveValue('Meine Fassung');
    expect(screen.getByLabelText(/^Ihre Fassung: Beschreibung/)).toHaveValue('Meine Beschreibung');

    await user.click(screen.getByRole('button', { name: /^Übernehmen – Welches Problem/ }));
    expect(screen.getByLabelText(/^Welches Problem/)).toHaveValue('Meine Fassung');
    expect(screen.getByLabelText(/^Welches Problem/)).toHaveFocus();
    // The description is taken over while its preview is shown: back to writing, focused there.
    await user.click(screen.getByRole('button', { name: 'Vorschau' }));
    await user.click(screen.getByRole('button', { name: /^Übernehmen – Beschreibung/ }));
    expect(screen.getByLabelText(/^Beschreibung/)).toHaveValue('Meine Beschreibung');
    expect(screen.getByLabelText(/^Beschreibung/)).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Änderungen speichern' }));
    expect(await screen.findByText('Ideenseite')).toBeInTheDocument();
    const last = api.calls.filter((c) => c.method === 'PATCH').at(-1)!;
    expect(last.headers.get('If-Match')).toBe('"v5"');
    expect(theirs).toMatchObject({ problem: 'Meine Fassung', description: 'Meine Beschreibung' });
  }, 20_000);

  it('after loading the current version with nothing of the writer\'s to take over, focuses the first field', async () => {
    const user = userEvent.setup({ delay: null });
    let theirs = stored({ id: 'd1', stage: 'submitted', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom' }, 4);
    mockApi({
      'GET /departments': () => list(),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(theirs, 200, { ETag: `"v${theirs.version}"` }),
      'PATCH /ideas/:id': () => errorEnvelope(412, 'precondition_failed', 'changed in the meantime'),
    });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee'] }), route: '/ideas/d1/edit', path: '/ideas/:id/edit' });
    const tags = await screen.findByLabelText(/^Schlagworte/);
    // The other writer saved the same tag (the list's spacing aside): nothing of this one's differs.
    theirs = { ...theirs, tags: ['Energie'], version: 5 };
    await user.type(tags, ' Energie ,');
    await user.click(screen.getByRole('button', { name: 'Änderungen speichern' }));
    await user.click(await screen.findByRole('button', { name: 'Aktuelle Fassung laden' }));
    await waitFor(() => expect(screen.getByLabelText(/^Titel/)).toHaveFocus());
    expect(screen.queryByText('Ihre Eingaben')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Aktuelle Fassung laden' })).not.toBeInTheDocument();
  });

  it('keeps the writer\'s choices too (tags, target groups, department, visibility), by name, to take over', async () => {
    const user = userEvent.setup({ delay: null });
    let theirs = stored({ id: 'd1', stage: 'draft', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', tags: ['Energie'] }, 4);
    mockApi({
      'GET /departments': () => list([{ id: 'dep32', code: '32', name: 'Ordnungsamt' }]),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(theirs, 200, { ETag: `"v${theirs.version}"` }),
      'PATCH /ideas/:id': () => errorEnvelope(412, 'precondition_failed', 'changed in the meantime'),
    });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee'] }), route: '/ideas/d1/edit', path: '/ideas/:id/edit' });
    const tags = await screen.findByLabelText(/^Schlagworte/);
    await screen.findByRole('option', { name: /Ordnungsamt/ });
    theirs = { ...theirs, tags: ['Energie', 'Park'], version: 5 };
    await user.clear(tags);
    await user.type(tags, 'Sonne, Energie');
    await user.click(screen.getByLabelText('Unternehmen'));
    await user.selectOptions(screen.getByLabelText(/^Vorgeschlagener Fachbereich/), 'dep32');
    await user.click(screen.getByLabelText(/^Intern/));
    await user.click(screen.getByRole('button', { name: 'Entwurf speichern' }));
    await user.click(await screen.findByRole('button', { name: 'Aktuelle Fassung laden' }));
    await waitFor(() => expect(screen.getByText('Ihre Eingaben').closest('.alert')).toHaveFocus());
    // The form shows the current version; the writer's choices stand beside it, named.
    expect(screen.getByLabelText(/^Schlagworte/)).toHaveValue('Energie, Park');
    expect(screen.getByLabelText(/^Ihre Fassung: Schlagworte/)).toHaveValue('Sonne, Energie');
    expect(screen.getByLabelText(/^Ihre Fassung: Zielgruppen/)).toHaveValue('Unternehmen');
    expect(screen.getByLabelText(/^Ihre Fassung: Vorgeschlagener Fachbereich/)).toHaveValue('32 — Ordnungsamt');
    expect(screen.getByLabelText(/^Ihre Fassung: Sichtbarkeit/)).toHaveValue('Intern – nur für Beschäftigte der Verwaltung');
    expect(screen.queryByLabelText(/^Ihre Fassung: Titel/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /^Übernehmen – Vorgeschlagener Fachbereich/ }));
    expect(screen.getByLabelText(/^Vorgeschlagener Fachbereich/)).toHaveValue('dep32');
    await waitFor(() => expect(screen.getByLabelText(/^Vorgeschlagener Fachbereich/)).toHaveFocus());
    await user.click(screen.getByRole('button', { name: /^Übernehmen – Zielgruppen/ }));
    expect(screen.getByLabelText('Unternehmen')).toBeChecked();
    await waitFor(() => expect(screen.getByLabelText('Unternehmen')).toHaveFocus());
    expect(screen.queryByLabelText(/^Ihre Fassung: Vorgeschlagener Fachbereich/)).not.toBeInTheDocument();
  });

  it('when the idea moved on meanwhile (the answer was sent), keeps the writer\'s text to copy', async () => {
    const user = userEvent.setup({ delay: null });
    let theirs = stored({ id: 'd1', stage: 'submitted', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', problem: 'Alt' }, 4);
    mockApi({
      'GET /departments': () => list(),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(theirs, 200, { ETag: `"v${theirs.version}"` }),
      'PATCH /ideas/:id': () => errorEnvelope(412, 'precondition_failed', 'changed in the meantime'),
    });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee'] }), route: '/ideas/d1/edit', path: '/ideas/:id/edit' });
    const problem = await screen.findByLabelText(/^Welches Problem/);
    theirs = { ...theirs, stage: 'screening', version: 5 };
    await user.clear(problem);
    await user.type(problem, 'Meine Fassung');
    await user.click(screen.getByRole('button', { name: 'Änderungen speichern' }));
    await user.click(await screen.findByRole('button', { name: 'Aktuelle Fassung laden' }));
    expect(await screen.findByText(/in ihrer aktuellen Phase nicht mehr bearbeitet/)).toBeInTheDocument();
    const mine = screen.getByLabelText(/^Ihre Fassung: Welches Problem/);
    expect(mine).toHaveValue('Meine Fassung');
    expect(mine).toHaveAttribute('readonly');
    expect(screen.queryByRole('button', { name: /^Übernehmen/ })).not.toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Ihre Eingaben').closest('.alert')).toHaveFocus());
  });

  it('lets the CDO\'s office edit an idea in any stage the API allows it (no dead end behind "Bearbeiten")', async () => {
    const idea = stored({ id: 'd1', stage: 'screening', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', permissions: { edit: true, delete: false } }, 4);
    mockApi({
      'GET /departments': () => list(),
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(idea, 200, { ETag: '"v4"' }),
    });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }), route: '/ideas/d1/edit', path: '/ideas/:id/edit' });
    expect(await screen.findByLabelText(/^Titel/)).toHaveValue('Solarbänke im Park');
    expect(screen.getByRole('button', { name: 'Änderungen speichern' })).toBeInTheDocument();
    expect(screen.queryByText(/nicht mehr bearbeitet/)).not.toBeInTheDocument();
  });

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

describe('IdeaEditorRoute departments', () => {
  const dep = (id: string, code: string, name: string, active: boolean) => ({ id, code, name, active, createdAt: '', updatedAt: '' });
  const departments = () => list([dep('d32', '32', 'Ordnungsamt', true), dep('d51', '51', 'Altes Jugendamt', false), dep('d99', '99', 'Altes Bauamt', false)]);

  it('offers only active departments for a new idea (the API refuses an inactive one)', async () => {
    mockApi({ 'GET /departments': departments, 'GET /campaigns': () => list(), 'POST /ideas/similar': () => list() });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee'] }), route: '/ideas/new', path: '/ideas/new' });
    await screen.findByRole('option', { name: '32 — Ordnungsamt' });
    expect(screen.queryByRole('option', { name: '51 — Altes Jugendamt' })).not.toBeInTheDocument();
    expect(screen.queryByRole('option', { name: '99 — Altes Bauamt' })).not.toBeInTheDocument();
  });

  it('keeps the idea’s own department when it has been closed since, and offers no other inactive one', async () => {
    const idea = stored({ id: 'd1', title: 'Solarbänke im Park', summary: 'Laden mit Sonnenstrom', departmentId: 'd51', permissions: { edit: true, delete: true } }, 2);
    mockApi({
      'GET /departments': departments,
      'GET /campaigns': () => list(),
      'POST /ideas/similar': () => list(),
      'GET /ideas/:id/attachments': () => list(),
      'GET /ideas/:id': () => json(idea, 200, { ETag: '"v2"' }),
    });
    renderWithProviders(<IdeaEditorRoute />, { user: makeUser({ roles: ['employee'] }), route: '/ideas/d1/edit', path: '/ideas/:id/edit' });
    const select = await screen.findByLabelText('Vorgeschlagener Fachbereich');
    await waitFor(() => expect(select).toHaveValue('d51'));
    expect(screen.getByRole('option', { name: '32 — Ordnungsamt' })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: '99 — Altes Bauamt' })).not.toBeInTheDocument();
  });
});
