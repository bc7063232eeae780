import { describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, Link, Outlet, RouterProvider } from 'react-router';
import { createI18n } from '@/lib/i18n';
import { StaticAuthProvider } from '@/lib/auth';
import { ToastProvider } from '@/components/ui/Toast';
import { json, makeUser, mockApi } from '@/test/utils';
import { CampaignEditRoute } from './CampaignEditRoute';

const list = () => json({ items: [], nextCursor: null, total: 0 });
const stored = {
  id: 'c1',
  title: 'Saubere Innenstadt',
  question: 'Wie bleibt die Innenstadt sauber?',
  description: '',
  audience: 'public',
  status: 'open',
  opensAt: null,
  closesAt: null,
  criteriaSetId: null,
  reviewersPerIdea: 2,
  sponsorDepartmentId: null,
};

function backend() {
  return mockApi({
    'GET /criteria-sets': list,
    'GET /departments': list,
    'GET /campaigns/:id': () => json(stored, 200, { ETag: '"v1"' }),
    'PATCH /campaigns/:id': async (req) => json({ ...stored, ...((await req.json()) as object) }, 200, { ETag: '"v2"' }),
    'POST /campaigns': async (req) => json({ ...stored, id: 'c2', ...((await req.json()) as object) }, 201),
  });
}

/**
 * The guard uses useBlocker, which needs a data router like the app's (renderWithProviders
 * has a MemoryRouter): the page inside a layout with a navigation link, as in the app.
 */
function renderInDataRouter(initialEntries: string[]) {
  const router = createMemoryRouter(
    [
      {
        element: (
          <>
            <nav>
              <Link to="/ideas">Ideen</Link>
            </nav>
            <Outlet />
          </>
        ),
        children: [
          { path: '/campaigns', element: <p>Liste der Aufrufe</p> },
          { path: '/campaigns/new', element: <CampaignEditRoute /> },
          { path: '/campaigns/:id/edit', element: <CampaignEditRoute /> },
          { path: '/campaigns/:id', element: <p>Seite des Aufrufs</p> },
          { path: '/ideas', element: <p>Ideenliste</p> },
        ],
      },
    ],
    { initialEntries, initialIndex: initialEntries.length - 1 },
  );
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <I18nextProvider i18n={createI18n('de')}>
      <QueryClientProvider client={queryClient}>
        <StaticAuthProvider value={{ user: makeUser({ roles: ['employee', 'cdo'] }) }}>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </StaticAuthProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return router;
}

const beforeUnloadPrevented = () => {
  const e = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(e);
  return e.defaultPrevented;
};

describe('CampaignEditRoute – unsaved changes', () => {
  it('asks before a link leaves edited changes behind; staying keeps them, leaving discards them', async () => {
    const user = userEvent.setup();
    backend();
    const router = renderInDataRouter(['/campaigns/c1/edit']);
    const title = await screen.findByLabelText(/^Titel/);
    await user.type(title, ' 2027');

    await user.click(screen.getByRole('link', { name: 'Ideen' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Änderungen verwerfen?' });
    expect(dialog).toHaveAccessibleDescription(/noch nicht gespeichert/);
    // Focus starts on the harmless choice.
    expect(within(dialog).getByRole('button', { name: 'Abbrechen' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Abbrechen' }));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/campaigns/c1/edit');
    expect(screen.getByLabelText(/^Titel/)).toHaveValue('Saubere Innenstadt 2027');
    expect(beforeUnloadPrevented()).toBe(true);

    await user.click(screen.getByRole('link', { name: 'Ideen' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Verlassen und verwerfen' }));
    expect(await screen.findByText('Ideenliste')).toBeInTheDocument();
    expect(beforeUnloadPrevented()).toBe(false);
  });

  it('asks on the browser\'s Back too', async () => {
    const user = userEvent.setup();
    backend();
    const router = renderInDataRouter(['/campaigns', '/campaigns/c1/edit']);
    await user.type(await screen.findByLabelText(/^Leitfrage/), ' Und wie?');
    await act(async () => {
      await router.navigate(-1);
      await new Promise((r) => setTimeout(r, 50));
    });
    const dialog = await screen.findByRole('alertdialog', { name: 'Änderungen verwerfen?' });
    expect(router.state.location.pathname).toBe('/campaigns/c1/edit');
    await user.click(within(dialog).getByRole('button', { name: 'Verlassen und verwerfen' }));
    expect(await screen.findByText('Liste der Aufrufe')).toBeInTheDocument();
  });

  it('lets the page go without asking when nothing changed, or the changes are back as loaded', async () => {
    const user = userEvent.setup();
    backend();
    renderInDataRouter(['/campaigns/c1/edit']);
    const title = await screen.findByLabelText(/^Titel/);
    expect(beforeUnloadPrevented()).toBe(false);
    await user.type(title, 'x');
    expect(beforeUnloadPrevented()).toBe(true);
    await user.type(title, '{Backspace}');
    expect(beforeUnloadPrevented()).toBe(false);
    await user.click(screen.getByRole('link', { name: 'Ideen' }));
    expect(await screen.findByText('Ideenliste')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('does not ask after saving: saving leaves for the campaign\'s page', async () => {
    const user = userEvent.setup();
    const api = backend();
    renderInDataRouter(['/campaigns/c1/edit']);
    await user.type(await screen.findByLabelText(/^Titel/), ' 2027');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Seite des Aufrufs')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'PATCH')!.body).toMatchObject({ title: 'Saubere Innenstadt 2027' });
  });

  it('a new campaign: asks once something was entered, not while the form is empty', async () => {
    const user = userEvent.setup();
    backend();
    renderInDataRouter(['/campaigns/new']);
    const title = await screen.findByLabelText(/^Titel/);
    expect(beforeUnloadPrevented()).toBe(false);
    await user.selectOptions(screen.getByLabelText(/^Zielgruppe/), 'internal');
    expect(beforeUnloadPrevented()).toBe(true);
    await user.click(screen.getByRole('link', { name: 'Ideen' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Abbrechen' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    await user.selectOptions(screen.getByLabelText(/^Zielgruppe/), 'public');
    await user.type(title, 'Klimafreundlich mobil');
    await user.type(screen.getByLabelText(/^Leitfrage/), 'Wie kommen wir ohne Auto zur Arbeit?');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Seite des Aufrufs')).toBeInTheDocument();
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });
});
