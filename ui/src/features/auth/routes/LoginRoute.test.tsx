import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { findAlertWith, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { ApiError } from '@/lib/api-client';
import { LanguageSwitch } from '@/app/layout/LanguageSwitch';
import { LoginRoute } from './LoginRoute';

describe('LoginRoute', () => {
  it('validates before sending and focuses the first problem', async () => {
    const user = userEvent.setup();
    const login = vi.fn();
    renderWithProviders(<LoginRoute />, { auth: { login } });
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(login).not.toHaveBeenCalled();
    const email = screen.getByLabelText(/E-Mail-Adresse/);
    expect(email).toHaveFocus();
    expect(email).toHaveAccessibleDescription(/Bitte füllen Sie „E-Mail-Adresse“ aus/);
  });

  it('says that the credentials are wrong on 401', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockRejectedValue(new ApiError({ status: 401, code: 'unauthorized', message: 'invalid credentials' }));
    renderWithProviders(<LoginRoute />, { auth: { login } });
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Passwort\*?$/), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await findAlertWith('E-Mail-Adresse oder Passwort stimmen nicht.')).toBeInTheDocument();
    expect(login).toHaveBeenCalledWith('a@b.de', 'wrong-password');
  });

  it('tells how long to wait when locked out', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockRejectedValue(new ApiError({ status: 429, code: 'rate_limited', message: 'x', retryAfter: 42 }));
    renderWithProviders(<LoginRoute />, { auth: { login } });
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Passwort\*?$/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await findAlertWith('42 Sekunden')).toBeInTheDocument();
  });

  it('goes to ?next= after a successful login', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockResolvedValue({});
    renderWithProviders(<LoginRoute />, {
      auth: { login },
      route: '/login?next=%2Fideas%2Fi1',
      path: '/login',
      extraRoutes: [{ path: '/ideas/:id', element: <p>idea page</p> }],
    });
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Passwort\*?$/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await screen.findByText('idea page')).toBeInTheDocument();
  });

  it('takes the account\'s language at sign-in', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockResolvedValue({ locale: 'en' });
    const { i18n } = renderWithProviders(<LoginRoute />, {
      auth: { login },
      route: '/login',
      path: '/login',
      extraRoutes: [{ path: '/', element: <p>home</p> }],
    });
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Passwort\*?$/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await screen.findByText('home')).toBeInTheDocument();
    expect(i18n.language).toBe('en');
  });

  it('keeps the language chosen on the sign-in page and saves it to the account, instead of taking the account\'s', async () => {
    const user = userEvent.setup();
    const account = makeUser({ locale: 'de' });
    const login = vi.fn().mockResolvedValue(account);
    const setUser = vi.fn();
    const api = mockApi({ 'PATCH /me': () => json({ ...account, locale: 'en', version: 2 }) });
    const { i18n } = renderWithProviders(
      <>
        <LanguageSwitch />
        <LoginRoute />
      </>,
      { auth: { login, setUser }, route: '/login', path: '/login', extraRoutes: [{ path: '/', element: <p>home</p> }] },
    );
    await user.click(screen.getByRole('button', { name: 'EN – English' }));
    await user.type(screen.getByLabelText(/Email address/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Password\*?$/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('home')).toBeInTheDocument();
    expect(i18n.language).toBe('en');
    await waitFor(() => expect(setUser).toHaveBeenCalledWith(expect.objectContaining({ locale: 'en' })));
    expect(api.calls.filter((c) => c.method === 'PATCH')).toEqual([expect.objectContaining({ path: '/me', body: { locale: 'en' } })]);
  });

  it('takes the account\'s language when the language was not switched before signing in (a choice from an earlier visit)', async () => {
    const user = userEvent.setup();
    // The browser remembers English from an earlier visit; this tab did not switch.
    const login = vi.fn().mockResolvedValue(makeUser({ locale: 'de' }));
    const api = mockApi({});
    const { i18n } = renderWithProviders(<LoginRoute />, {
      auth: { login },
      lng: 'en',
      route: '/login',
      path: '/login',
      extraRoutes: [{ path: '/', element: <p>home</p> }],
    });
    await user.type(screen.getByLabelText(/Email address/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Password\*?$/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('home')).toBeInTheDocument();
    expect(i18n.language).toBe('de');
    expect(api.calls.filter((c) => c.method === 'PATCH')).toEqual([]);
  });

  it('points to the mailbox, not to an error, when the address is not confirmed yet', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockRejectedValue(
      new ApiError({ status: 403, code: 'forbidden', reason: 'email_unverified', message: 'please confirm your e-mail address first', requestId: 'r1' }),
    );
    renderWithProviders(<LoginRoute />, { auth: { login } });
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'a@b.de');
    await user.type(screen.getByLabelText(/^Passwort\*?$/), 'pw');
    await user.click(screen.getByRole('button', { name: 'Anmelden' }));
    expect(await screen.findByText('Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse. Wir haben Ihnen einen neuen Link geschickt.')).toBeInTheDocument();
    expect(screen.getByText('Bitte bestätigen Sie Ihre E-Mail-Adresse')).toBeInTheDocument();
    expect(screen.queryByText('Das hat nicht geklappt')).not.toBeInTheDocument();
    expect(screen.queryByText(/Vorgangsnummer/)).not.toBeInTheDocument();
  });
});
