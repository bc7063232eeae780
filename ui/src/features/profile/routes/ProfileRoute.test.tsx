import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { Role } from '@/types/api';
import { ProfileRoute } from './ProfileRoute';

function renderAs(roles: Role[]) {
  const me = makeUser({ roles });
  mockApi({ 'GET /me': () => json(me) });
  renderWithProviders(<ProfileRoute />, { user: me });
}

describe('ProfileRoute notification settings', () => {
  it('shows a citizen only the events a citizen receives', async () => {
    renderAs(['citizen']);
    expect(await screen.findByRole('rowheader', { name: 'Neuer Kommentar bei einer Idee, der ich folge' })).toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: 'Mir wurde eine Bewertung zugewiesen' })).not.toBeInTheDocument();
    expect(screen.queryByRole('rowheader', { name: /für das CDO-Büro/ })).not.toBeInTheDocument();
  });

  it('shows reviewers their review events, and the CDO the waiting ideas and declined reviews', async () => {
    renderAs(['employee', 'reviewer', 'cdo']);
    expect(await screen.findByRole('rowheader', { name: 'Mir wurde eine Bewertung zugewiesen' })).toBeInTheDocument();
    expect(screen.getAllByRole('rowheader', { name: /für das CDO-Büro/ }).map((h) => h.textContent)).toEqual([
      'Ideen warten zu lange (für das CDO-Büro)',
      'Eine Bewertung wurde wegen Befangenheit abgelehnt (für das CDO-Büro)',
    ]);
  });
});

describe('ProfileRoute personal data', () => {
  it('names the downloaded file in the UI’s language', async () => {
    const user = userEvent.setup();
    const me = makeUser({ roles: ['citizen'], locale: 'en' });
    mockApi({ 'GET /me': () => json(me), 'GET /me/export': () => json({ user: me }) });
    URL.createObjectURL = vi.fn(() => 'blob:export');
    URL.revokeObjectURL = vi.fn();
    const names: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    renderWithProviders(<ProfileRoute />, { user: me, lng: 'en' });
    await user.click(await screen.findByRole('button', { name: 'Download my data' }));
    await waitFor(() => expect(names).toEqual(['ideenwerk-my-data.json']));
  });

  it('after deleting the account leaves the page, then ends the session as a logout', async () => {
    const user = userEvent.setup();
    const me = makeUser({ roles: ['citizen'] });
    mockApi({ 'GET /me': () => json(me), 'DELETE /me': () => new Response(null, { status: 204 }) });
    const endSession = vi.fn();
    renderWithProviders(<ProfileRoute />, {
      user: me,
      auth: { endSession },
      route: '/profile',
      path: '/profile',
      extraRoutes: [{ path: '/', element: <p>Startseite</p> }],
    });
    await user.click(await screen.findByRole('button', { name: 'Konto endgültig löschen' }));
    const dialog = screen.getByRole('alertdialog');
    await user.type(within(dialog).getByLabelText(/^Passwort/), 'richtig-geraten');
    await user.click(within(dialog).getByRole('button', { name: 'Konto endgültig löschen' }));
    expect(await screen.findByText('Startseite')).toBeInTheDocument();
    expect(endSession).toHaveBeenCalledOnce();
  });

  it('shows a wrong password at the password field when deleting the account', async () => {
    const user = userEvent.setup();
    const me = makeUser({ roles: ['citizen'] });
    mockApi({
      'GET /me': () => json(me),
      'DELETE /me': () =>
        json(
          {
            error: {
              code: 'invalid',
              message: 'validation failed',
              fields: [{ field: 'password', message: 'the current password is wrong', reason: 'password_wrong' }],
              requestId: 'req-7',
            },
          },
          400,
        ),
    });
    renderWithProviders(<ProfileRoute />, { user: me });
    await user.click(await screen.findByRole('button', { name: 'Konto endgültig löschen' }));
    const dialog = screen.getByRole('alertdialog');
    const password = within(dialog).getByLabelText(/^Passwort/);
    await user.type(password, 'falsch-geraten');
    await user.click(within(dialog).getByRole('button', { name: 'Konto endgültig löschen' }));
    await waitFor(() => expect(password).toHaveAccessibleDescription(/Das Passwort stimmt nicht\./));
    expect(password).toHaveAttribute('aria-invalid', 'true');
    expect(password).toHaveFocus();
    // No general failure with a reference number for the support.
    expect(within(dialog).queryByText('Das hat nicht geklappt')).not.toBeInTheDocument();
    expect(within(dialog).queryByText(/req-7/)).not.toBeInTheDocument();
  });
});
