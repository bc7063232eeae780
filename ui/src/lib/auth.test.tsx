import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, useAuth } from './auth';
import { api, publishSession, unwrap } from './api-client';
import { json, mockApi } from '@/test/utils';

function Status() {
  const { status, user, sessionEnded, logout, endSession } = useAuth();
  return (
    <>
      <p>{status === 'authenticated' ? `signed in as ${user?.id}` : status}</p>
      {sessionEnded && <p>session ended</p>}
      <button type="button" onClick={() => void logout()}>
        logout
      </button>
      <button type="button" onClick={endSession}>
        end
      </button>
    </>
  );
}

function renderAuth() {
  const client = new QueryClient();
  return render(
    <QueryClientProvider client={client}>
      <AuthProvider>
        <Status />
      </AuthProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  act(() => publishSession(null));
  document.cookie = 'ideenwerk_session=; Max-Age=0; Path=/';
});

describe('AuthProvider', () => {
  it('does not ask for a refresh without the session hint: a visitor is anonymous at once', async () => {
    const api = mockApi({ 'POST /auth/refresh': () => json({ accessToken: 't', expiresIn: 900, user: { id: 'u1' } }) });
    renderAuth();
    expect(await screen.findByText('anonymous')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(0);
  });

  it('says when the session ended without a logout (expired, account deactivated), not after a logout', async () => {
    document.cookie = 'ideenwerk_session=1; Path=/';
    let refreshes = 0;
    mockApi({
      // The first refresh starts the session; the account is deactivated after it.
      'POST /auth/refresh': () => (++refreshes === 1 ? json({ accessToken: 't', expiresIn: 900, user: { id: 'u1' } }) : json({ error: { code: 'unauthorized', message: 'x' } }, 401)),
      'GET /me': () => json({ error: { code: 'unauthorized', message: 'this account has been deactivated or deleted' } }, 401),
      'POST /auth/logout': () => new Response(null, { status: 204 }),
    });
    renderAuth();
    expect(await screen.findByText('signed in as u1')).toBeInTheDocument();
    await act(async () => {
      await unwrap(api.GET('/me')).catch(() => undefined);
    });
    expect(await screen.findByText('anonymous')).toBeInTheDocument();
    expect(screen.getByText('session ended')).toBeInTheDocument();
    // A comment being typed is kept while the session ended (lib/drafts) …
    window.sessionStorage.setItem('ideenwerk.draft.comment.i1', JSON.stringify({ user: 'u1', text: 'Halb fertig' }));
    // A new sign-in clears it; a logout after it does not bring it back.
    act(() => publishSession({ accessToken: 't2', tokenType: 'Bearer', expiresIn: 900, user: { id: 'u1' } } as never));
    expect(await screen.findByText('signed in as u1')).toBeInTheDocument();
    expect(screen.queryByText('session ended')).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem('ideenwerk.draft.comment.i1')).not.toBeNull();
    await act(async () => screen.getByRole('button', { name: 'logout' }).click());
    expect(await screen.findByText('anonymous')).toBeInTheDocument();
    expect(screen.queryByText('session ended')).not.toBeInTheDocument();
    // … and forgotten at a logout.
    expect(window.sessionStorage.getItem('ideenwerk.draft.comment.i1')).toBeNull();
  });

  it('ends the session after the account was deleted as a logout: no "session ended", nothing asked of the API', async () => {
    const api = mockApi({});
    renderAuth();
    act(() => publishSession({ accessToken: 't', tokenType: 'Bearer', expiresIn: 900, user: { id: 'u1' } } as never));
    expect(await screen.findByText('signed in as u1')).toBeInTheDocument();
    window.sessionStorage.setItem('ideenwerk.draft.comment.i1', JSON.stringify({ user: 'u1', text: 'Halb fertig' }));
    await act(async () => screen.getByRole('button', { name: 'end' }).click());
    expect(await screen.findByText('anonymous')).toBeInTheDocument();
    expect(screen.queryByText('session ended')).not.toBeInTheDocument();
    expect(window.sessionStorage.getItem('ideenwerk.draft.comment.i1')).toBeNull();
    expect(api.calls).toHaveLength(0);
  });

  it('renews the session when the server left the hint beside the refresh cookie', async () => {
    document.cookie = 'ideenwerk_session=1; Path=/';
    const api = mockApi({ 'POST /auth/refresh': () => json({ accessToken: 't', expiresIn: 900, user: { id: 'u1' } }) });
    renderAuth();
    expect(await screen.findByText('signed in as u1')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
  });
});
