import { afterEach, describe, expect, it } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AuthProvider, useAuth } from './auth';
import { publishSession } from './api-client';
import { json, mockApi } from '@/test/utils';

function Status() {
  const { status, user } = useAuth();
  return <p>{status === 'authenticated' ? `signed in as ${user?.id}` : status}</p>;
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

  it('renews the session when the server left the hint beside the refresh cookie', async () => {
    document.cookie = 'ideenwerk_session=1; Path=/';
    const api = mockApi({ 'POST /auth/refresh': () => json({ accessToken: 't', expiresIn: 900, user: { id: 'u1' } }) });
    renderAuth();
    expect(await screen.findByText('signed in as u1')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
  });
});
