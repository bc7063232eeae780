import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, screen, waitFor, within } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { Route, Routes, useNavigate } from 'react-router';
import { StaticAuthProvider } from '@/lib/auth';
import { IN_PLACE } from '@/lib/navigation-state';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { AppShell } from './AppShell';

const tenant = () => mockApi({ 'GET /tenant': () => json({ id: 't1', name: 'Stadt Musterstadt', branding: {} }), 'GET /me/notifications/unread': () => json({ unreadCount: 0 }) });

describe('AppShell header', () => {
  it('signed out: sign-in and register follow the menu button, in their own group (a row of their own on phones)', async () => {
    tenant();
    renderWithProviders(<AppShell />);
    const header = screen.getByRole('banner');
    const menu = within(header).getByRole('button', { name: 'Menü' });
    const login = within(header).getByRole('link', { name: 'Anmelden' });
    const register = within(header).getByRole('link', { name: 'Registrieren' });
    expect(login.parentElement).toBe(register.parentElement);
    expect(login.parentElement).toHaveClass('header-auth');
    // focus order = visual order on phones: logo, language, menu button (first row), then the auth links
    expect(menu.compareDocumentPosition(login) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(menu).toHaveAttribute('aria-controls', 'main-nav');
  });

  it('signed in: no auth links, the user menu sits with the language switch and the menu button', async () => {
    tenant();
    renderWithProviders(<AppShell />, { user: makeUser() });
    const header = screen.getByRole('banner');
    expect(within(header).queryByRole('link', { name: 'Anmelden' })).not.toBeInTheDocument();
    expect(header.querySelector('.header-auth')).toBeNull();
    expect(within(header).getByRole('button', { name: /Benutzermenü/ })).toBeInTheDocument();
  });

  it('Escape closes the phone menu and returns focus to its button', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<AppShell />, { user: makeUser() });
    const menu = within(screen.getByRole('banner')).getByRole('button', { name: 'Menü' });
    await user.click(menu);
    expect(menu).toHaveAttribute('aria-expanded', 'true');
    within(screen.getByRole('navigation', { name: 'Hauptnavigation' })).getAllByRole('link')[0].focus();
    await user.keyboard('{Escape}');
    expect(menu).toHaveAttribute('aria-expanded', 'false');
    expect(menu).toHaveFocus();
  });

  it('names the unread count once in the user menu button', async () => {
    mockApi({
      'GET /tenant': () => json({ id: 't1', name: 'Stadt Musterstadt', branding: {} }),
      'GET /me/notifications/unread': () => json({ unreadCount: 2 }),
    });
    renderWithProviders(<AppShell />, { user: makeUser({ displayName: 'Erik Mitarbeiter' }) });
    const button = await screen.findByRole('button', { name: /ungelesene/ });
    expect(button).toHaveAccessibleName('Erik Mitarbeiter Benutzermenü 2 ungelesene Benachrichtigungen');
  });
});

describe('AppShell user menu and focus', () => {
  const menuButton = () => within(screen.getByRole('banner')).getByRole('button', { name: /Benutzermenü/ });

  it('closes when focus tabs out of it, and stays open while focus moves inside it', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<AppShell />, { user: makeUser() });
    await user.click(menuButton());
    expect(menuButton()).toHaveAttribute('aria-expanded', 'true');
    await user.tab();
    expect(screen.getByRole('link', { name: 'Profil und Einstellungen' })).toHaveFocus();
    await user.tab();
    await user.tab();
    expect(screen.getByRole('button', { name: 'Abmelden' })).toHaveFocus();
    expect(menuButton()).toHaveAttribute('aria-expanded', 'true');
    // Past the last item: to the page's menu button, outside the user menu.
    await user.tab();
    expect(within(screen.getByRole('banner')).getByRole('button', { name: 'Menü' })).toHaveFocus();
    expect(menuButton()).toHaveAttribute('aria-expanded', 'false');
  });

  it('closes when Shift+Tab leaves it before its button', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<AppShell />, { user: makeUser() });
    await user.click(menuButton());
    expect(menuButton()).toHaveFocus();
    await user.tab({ shift: true });
    expect(menuButton()).not.toHaveFocus();
    expect(menuButton()).toHaveAttribute('aria-expanded', 'false');
  });

  it('still closes with Escape (focus back on its button) and with a click outside', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<AppShell />, { user: makeUser() });
    await user.click(menuButton());
    await user.tab();
    await user.keyboard('{Escape}');
    expect(menuButton()).toHaveAttribute('aria-expanded', 'false');
    expect(menuButton()).toHaveFocus();
    await user.click(menuButton());
    expect(menuButton()).toHaveAttribute('aria-expanded', 'true');
    await user.click(screen.getByRole('main'));
    expect(menuButton()).toHaveAttribute('aria-expanded', 'false');
  });
});

describe('AppShell user menu on phones', () => {
  it('spans the screen under the header instead of hanging off its button past the left edge (WCAG 1.4.10)', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<AppShell />, { user: makeUser() });
    await user.click(within(screen.getByRole('banner')).getByRole('button', { name: /Benutzermenü/ }));
    expect(screen.getByText('Angemeldet als Erika Mustermann').closest('.disclosure__panel')).toBeVisible();
    // jsdom lays nothing out: the phone rules of global.css are read.
    const css = readFileSync(resolve(process.cwd(), 'src/styles/global.css'), 'utf8');
    const phone = [...css.matchAll(/@media \(max-width: 40rem\) \{([\s\S]*?)\n\}/g)].map((m) => m[1]).join('\n');
    const rule = (selector: string) => phone.match(new RegExp(`\\n  ${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\{([^}]*)\\}`))?.[1] ?? '';
    expect(rule('.disclosure__panel')).toMatch(/left: var\(--space-3\);/);
    expect(rule('.disclosure__panel')).toMatch(/right: var\(--space-3\);/);
    expect(rule('.disclosure__panel')).toMatch(/min-width: 0;/);
    // Placed against the header, not the button in the middle of it.
    expect(rule('.disclosure')).toMatch(/position: static;/);
    expect(rule('.site-header__inner')).toMatch(/position: relative;/);
  });
});

describe('AppShell focus after navigation', () => {
  beforeEach(() => {
    vi.spyOn(window, 'scrollTo').mockImplementation(() => {});
  });
  // A page whose button changes the address; the shell shows it in its <main>.
  function Page({ inPlace }: { inPlace: boolean }) {
    const navigate = useNavigate();
    return (
      <>
        <h1>Seite</h1>
        <label htmlFor="f">Feld</label>
        <input id="f" onChange={() => navigate('/b', { replace: true, state: inPlace ? IN_PLACE : undefined })} />
      </>
    );
  }
  const shell = (inPlace: boolean) => (
    <Routes>
      <Route element={<AppShell />}>
        <Route path="a" element={<Page inPlace={inPlace} />} />
        <Route path="b" element={<Page inPlace={inPlace} />} />
      </Route>
    </Routes>
  );
  // Time for the shell's focus move (it runs a few animation frames after the change).
  const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 150)));

  it('an address update in place (a new draft saved) leaves focus in the field', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(shell(true), { user: makeUser(), route: '/a' });
    const field = screen.getByLabelText('Feld');
    await user.type(field, 'x');
    await settle();
    expect(screen.getByLabelText('Feld')).toHaveFocus();
  });

  it('any other replace (a redirect) still moves focus to the new page\'s heading', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(shell(false), { user: makeUser(), route: '/a' });
    await user.type(screen.getByLabelText('Feld'), 'x');
    await settle();
    expect(screen.getByRole('heading', { level: 1, name: 'Seite' })).toHaveFocus();
  });
  it('says so when the session ended while a page was open, with a way back in to that page', async () => {
    tenant();
    renderWithProviders(<AppShell />, { route: '/ideas/i1', auth: { sessionEnded: true } });
    const note = await screen.findByText(/Sie wurden abgemeldet/);
    expect(within(note).getByRole('link', { name: 'Anmelden' })).toHaveAttribute('href', '/login?next=%2Fideas%2Fi1&expired=1');
  });
});

describe('AppShell when the session ends under the user’s hands', () => {
  /**
   * A page whose form is for the signed-in: sending meets the ended session, the form goes –
   * at once, or (later) when the page has loaded its anonymous view.
   */
  function Page({ ended, onSend, goesLater }: { ended: boolean; onSend(): void; goesLater: boolean }) {
    const [gone, setGone] = useState(false);
    useEffect(() => {
      if (!ended) return;
      if (!goesLater) return setGone(true);
      const id = setTimeout(() => setGone(true), 30);
      return () => clearTimeout(id);
    }, [ended, goesLater]);
    return (
      <>
        <h1>Idee</h1>
        <button type="button">Unterstützen</button>
        {!(gone || (ended && !goesLater)) && (
          <form onSubmit={(e) => { e.preventDefault(); onSend(); }}>
            <label htmlFor="c">Kommentar</label>
            <textarea id="c" />
            <button type="submit">Senden</button>
          </form>
        )}
      </>
    );
  }
  function Shell({ goesLater = false }: { goesLater?: boolean }) {
    const [ended, setEnded] = useState(false);
    return (
      <StaticAuthProvider value={{ user: ended ? null : makeUser(), sessionEnded: ended }}>
        <Routes>
          <Route element={<AppShell />}>
            <Route path="ideas/:id" element={<Page ended={ended} onSend={() => setEnded(true)} goesLater={goesLater} />} />
          </Route>
        </Routes>
      </StaticAuthProvider>
    );
  }
  const note = () => screen.getByText(/Sie wurden abgemeldet/).closest('.alert');

  it('moves focus from the vanished form (not to <body>) to the note that says why, with the way back in', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<Shell />, { route: '/ideas/i1' });
    await user.click(await screen.findByRole('button', { name: 'Senden' }));
    expect(screen.queryByRole('button', { name: 'Senden' })).not.toBeInTheDocument();
    expect(note()).toHaveFocus();
    expect(note()).toHaveAttribute('tabindex', '-1');
  });

  it('also when the form goes only after the page has reloaded', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<Shell goesLater />, { route: '/ideas/i1' });
    await user.click(await screen.findByRole('button', { name: 'Senden' }));
    expect(screen.getByRole('button', { name: 'Senden' })).toHaveFocus();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Senden' })).not.toBeInTheDocument());
    await waitFor(() => expect(note()).toHaveFocus());
  });

  it('leaves focus where it is when the user still has it on something', async () => {
    tenant();
    const user = userEvent.setup();
    renderWithProviders(<Shell goesLater />, { route: '/ideas/i1' });
    await user.click(await screen.findByRole('button', { name: 'Senden' }));
    // Before the form goes, the user moved on.
    await user.click(screen.getByRole('button', { name: 'Unterstützen' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Senden' })).not.toBeInTheDocument());
    await act(() => new Promise<void>((r) => setTimeout(r, 50)));
    expect(screen.getByRole('button', { name: 'Unterstützen' })).toHaveFocus();
  });
});
