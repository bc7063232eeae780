import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { errorEnvelope, mockApi, renderWithProviders } from '@/test/utils';
import { VerifyRoute } from './VerifyRoute';

describe('VerifyRoute', () => {
  it('confirms the address with the token from the link, once', async () => {
    const api = mockApi({ 'POST /auth/verify': () => new Response(null, { status: 204 }) });
    renderWithProviders(<VerifyRoute />, { route: '/verify?token=abc', path: '/verify' });
    expect(await screen.findByText(/Ihre E-Mail-Adresse ist bestätigt/)).toBeInTheDocument();
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].body).toEqual({ token: 'abc' });
  });

  it('waits and tries again when rate limited', async () => {
    let n = 0;
    mockApi({
      'POST /auth/verify': () =>
        ++n === 1
          ? new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow', requestId: 'r' } }), {
              status: 429,
              headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
            })
          : new Response(null, { status: 204 }),
    });
    renderWithProviders(<VerifyRoute />, { route: '/verify?token=abc', path: '/verify' });
    expect(await screen.findByText(/Bitte warten Sie 1 Sekunde\./)).toBeInTheDocument();
    expect(await screen.findByText(/Ihre E-Mail-Adresse ist bestätigt/, {}, { timeout: 3000 })).toBeInTheDocument();
  });

  it('says when the link is no longer valid, perhaps used before, and offers to sign in', async () => {
    mockApi({ 'POST /auth/verify': () => errorEnvelope(400, 'invalid', 'token expired') });
    renderWithProviders(<VerifyRoute />, { route: '/verify?token=old', path: '/verify' });
    expect(
      await screen.findByText(
        'Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde schon benutzt. Haben Sie Ihr Konto schon bestätigt, melden Sie sich einfach an; sonst registrieren Sie sich erneut.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Anmelden' })).toHaveAttribute('href', '/login');
    expect(screen.getByRole('link', { name: 'Registrieren' })).toHaveAttribute('href', '/register');
  });

  it('words the used or unknown link in English too', async () => {
    mockApi({ 'POST /auth/verify': () => errorEnvelope(400, 'invalid', 'token expired') });
    renderWithProviders(<VerifyRoute />, { route: '/verify?token=old', path: '/verify', lng: 'en' });
    expect(await screen.findByText(/has already been used\. If you have already confirmed your account, just sign in/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Sign in' })).toHaveAttribute('href', '/login');
  });
});
