import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, publishSession, refreshSession, request, tokenStore, toApiError, toQuery } from './api-client';
import { errorEnvelope, json, mockApi } from '@/test/utils';

afterEach(() => publishSession(null));

describe('toApiError', () => {
  it('parses the error envelope with field errors and request id', () => {
    const err = toApiError(400, {
      error: { code: 'invalid', message: 'bad input', fields: [{ field: 'title', message: 'too short' }], requestId: 'r-9' },
    });
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('invalid');
    expect(err.message).toBe('bad input');
    expect(err.fieldMap()).toEqual({ title: 'too short' });
    expect(err.requestId).toBe('r-9');
  });

  it('maps a status to a code when the body is not an envelope', () => {
    const err = toApiError(412, '<html>oops</html>');
    expect(err.code).toBe('precondition_failed');
    expect(err.isStale).toBe(true);
  });

  it('reads Retry-After on 429', () => {
    const err = toApiError(429, { error: { code: 'rate_limited', message: 'slow down' } }, new Headers({ 'Retry-After': '30' }));
    expect(err.retryAfter).toBe(30);
  });
});

describe('toQuery', () => {
  it('drops empty values and repeats arrays', () => {
    expect(toQuery({ q: 'bus', stage: ['pilot', 'rollout'], cursor: undefined, tag: '' })).toBe('?q=bus&stage=pilot&stage=rollout');
    expect(toQuery({})).toBe('');
  });
});

describe('request', () => {
  it('sends the bearer token and JSON body', async () => {
    tokenStore.set('tok-1');
    const api = mockApi({ 'POST /ideas': () => json({ id: 'i1' }, 201) });
    const res = await request<{ id: string }>('POST', '/ideas', { body: { title: 'x' } });
    expect(res.id).toBe('i1');
    expect(api.calls[0].headers.get('Authorization')).toBe('Bearer tok-1');
    expect(api.calls[0].body).toEqual({ title: 'x' });
  });

  it('throws ApiError from the envelope', async () => {
    mockApi({ 'GET /ideas/x': () => errorEnvelope(404, 'not_found', 'no such idea') });
    await expect(request('GET', '/ideas/x')).rejects.toMatchObject({ status: 404, code: 'not_found' });
  });

  it('refreshes once on 401 and retries with the new token', async () => {
    tokenStore.set('old');
    let ideaCalls = 0;
    const api = mockApi({
      'GET /me': (req) => {
        ideaCalls++;
        return req.headers.get('Authorization') === 'Bearer new' ? json({ id: 'u1' }) : errorEnvelope(401, 'unauthorized', 'expired');
      },
      'POST /auth/refresh': () => json({ accessToken: 'new', expiresIn: 900, user: { id: 'u1' } }),
    });
    const me = await request<{ id: string }>('GET', '/me');
    expect(me.id).toBe('u1');
    expect(ideaCalls).toBe(2);
    expect(api.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
    expect(tokenStore.get()).toBe('new');
  });

  it('shares one refresh between concurrent 401s', async () => {
    tokenStore.set('old');
    const api = mockApi({
      'GET /me': (req) => (req.headers.get('Authorization') === 'Bearer new' ? json({ ok: true }) : errorEnvelope(401, 'unauthorized', 'x')),
      'POST /auth/refresh': async () => {
        await new Promise((r) => setTimeout(r, 10));
        return json({ accessToken: 'new', expiresIn: 900, user: {} });
      },
    });
    await Promise.all([request('GET', '/me'), request('GET', '/me'), request('GET', '/me')]);
    expect(api.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
  });

  it('gives up and clears the session when refresh fails', async () => {
    tokenStore.set('old');
    mockApi({
      'GET /me': () => errorEnvelope(401, 'unauthorized', 'x'),
      'POST /auth/refresh': () => errorEnvelope(401, 'unauthorized', 'revoked'),
    });
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 401 });
    expect(tokenStore.get()).toBeNull();
  });

  it('retries a refused refresh once, for the tab that lost a race with another tab (Retry-After)', async () => {
    let calls = 0;
    mockApi({
      'POST /auth/refresh': () => {
        if (++calls > 1) return json({ accessToken: 'fresh', expiresIn: 900, user: { id: 'u' } });
        const res = errorEnvelope(401, 'unauthorized', 'the session was refreshed a moment ago; try again');
        res.headers.set('Retry-After', '0');
        return res;
      },
    });
    const s = await refreshSession();
    expect(calls).toBe(2);
    expect(s?.accessToken).toBe('fresh');
  });

  it('takes a plain 401 of the refresh as final: a visitor without a session waits for nothing', async () => {
    const api = mockApi({ 'POST /auth/refresh': () => errorEnvelope(401, 'unauthorized', 'no session; please sign in') });
    expect(await refreshSession()).toBeNull();
    expect(api.calls.filter((c) => c.path === '/auth/refresh')).toHaveLength(1);
  });

  it('does not try to refresh for anonymous requests', async () => {
    const api = mockApi({ 'GET /me': () => errorEnvelope(401, 'unauthorized', 'x') });
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 401 });
    expect(api.calls).toHaveLength(1);
  });

  it('returns the refreshed session from refreshSession', async () => {
    mockApi({ 'POST /auth/refresh': () => json({ accessToken: 't', expiresIn: 900, user: { id: 'u' } }) });
    const s = await refreshSession();
    expect(s?.accessToken).toBe('t');
  });
});
