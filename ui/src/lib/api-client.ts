/**
 * The one API client of the SPA.
 *
 * - `api` is the typed client generated from ../api/openapi.yaml (openapi-fetch).
 * - `request` is the same transport for endpoints the spec does not describe yet; it is
 *   typed by the caller and goes away endpoint by endpoint as the spec grows.
 * - Both send the in-memory access token, refresh it once on a 401 through the httpOnly
 *   refresh cookie, and turn the API's error envelope into an `ApiError` — in one place.
 */
import createClient from 'openapi-fetch';
import type { paths } from './api-types';

export const API_PREFIX = '/api/v1';

/** If-Match for a resource the client saw at `version` (its ETag is "v<version>"). */
export const ifMatch = (version: number) => ({ 'If-Match': `"v${version}"` });

export type ErrorCode =
  | 'invalid'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'precondition_failed'
  | 'rate_limited'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'internal'
  | 'network';

/** A message of the API with the rule behind it, for wording it in the user's language. */
export interface ServerMessage {
  message: string;
  /** The rule (api/openapi.yaml ErrorReason), when the API names one. */
  reason?: string;
  params?: Record<string, string>;
}

export interface FieldError extends ServerMessage {
  field: string;
}

/** The error envelope: `{"error": {code, message, reason, params, fields, requestId}}`. */
export interface ErrorEnvelope {
  error: ServerMessage & { code: string; fields?: FieldError[] | null; requestId?: string };
}

const statusCodes: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  412: 'precondition_failed',
  413: 'too_large',
  415: 'unsupported_media_type',
  422: 'invalid',
  429: 'rate_limited',
  503: 'unavailable',
};

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | string;
  readonly fields: FieldError[];
  readonly reason?: string;
  readonly params?: Record<string, string>;
  readonly requestId?: string;
  /** Seconds to wait, from `Retry-After` on 429. */
  readonly retryAfter?: number;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    fields?: FieldError[];
    reason?: string;
    params?: Record<string, string>;
    requestId?: string;
    retryAfter?: number;
  }) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? [];
    this.reason = init.reason;
    this.params = init.params;
    this.requestId = init.requestId;
    this.retryAfter = init.retryAfter;
  }

  /** Field errors by JSON field name (first message wins). */
  fieldMap(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) if (!(f.field in out)) out[f.field] = f.message;
    return out;
  }

  /** A stale write (412 on If-Match, or 409 version conflict): the client should reload. */
  get isStale(): boolean {
    return this.status === 412 || this.code === 'precondition_failed';
  }
}

function isEnvelope(body: unknown): body is ErrorEnvelope {
  return (
    typeof body === 'object' &&
    body !== null &&
    'error' in body &&
    typeof (body as ErrorEnvelope).error === 'object' &&
    (body as ErrorEnvelope).error !== null &&
    typeof (body as ErrorEnvelope).error.code === 'string'
  );
}

/** Builds an ApiError from a failed response's status, parsed body and headers. */
export function toApiError(status: number, body: unknown, headers?: Headers): ApiError {
  const retryRaw = headers?.get('Retry-After');
  const retryAfter = retryRaw && /^\d+$/.test(retryRaw) ? Number(retryRaw) : undefined;
  if (isEnvelope(body)) {
    const e = body.error;
    return new ApiError({
      status,
      code: e.code,
      message: e.message,
      fields: Array.isArray(e.fields) ? e.fields : [],
      reason: typeof e.reason === 'string' ? e.reason : undefined,
      params: e.params && typeof e.params === 'object' ? e.params : undefined,
      requestId: e.requestId ?? headers?.get('X-Request-ID') ?? undefined,
      retryAfter,
    });
  }
  return new ApiError({
    status,
    code: statusCodes[status] ?? 'internal',
    message: typeof body === 'string' && body.length < 300 && body ? body : `HTTP ${status}`,
    requestId: headers?.get('X-Request-ID') ?? undefined,
    retryAfter,
  });
}

// ---------------------------------------------------------------------------
// Access token: memory only, never in storage.

type TokenListener = (token: string | null) => void;
let accessToken: string | null = null;
const tokenListeners = new Set<TokenListener>();

export const tokenStore = {
  get: () => accessToken,
  set(token: string | null) {
    accessToken = token;
    tokenListeners.forEach((l) => l(token));
  },
  subscribe(l: TokenListener) {
    tokenListeners.add(l);
    return () => tokenListeners.delete(l);
  },
};

/** What login and refresh return. */
export interface SessionPayload<U = unknown> {
  accessToken: string;
  expiresIn: number;
  user: U;
}

type SessionListener = (session: SessionPayload | null) => void;
const sessionListeners = new Set<SessionListener>();

/** Called with the new session after every refresh, and with null when the session is gone. */
export function onSessionChange(l: SessionListener) {
  sessionListeners.add(l);
  return () => {
    sessionListeners.delete(l);
  };
}

export function publishSession(session: SessionPayload | null) {
  tokenStore.set(session ? session.accessToken : null);
  sessionListeners.forEach((l) => l(session));
}

function origin(): string {
  return typeof window !== 'undefined' ? window.location.origin : 'http://localhost';
}

export function apiUrl(path: string): string {
  return `${origin()}${API_PREFIX}${path}`;
}

/**
 * Whether the browser holds a session to renew. The refresh cookie is httpOnly; the server
 * sets the readable hint `ideenwerk_session=1` beside it and clears both together, so a
 * signed-out visitor's page load does not ask for a refresh only to be refused.
 */
export function hasSessionHint(): boolean {
  if (typeof document === 'undefined') return false;
  return document.cookie.split(';').some((c) => c.trim() === 'ideenwerk_session=1');
}

let refreshing: Promise<SessionPayload | null> | null = null;

/** Pause before the one retry of a refused refresh (see refreshSession). */
export const REFRESH_RETRY_MS = 300;

/**
 * Rotates the refresh cookie for a new access token. Concurrent callers share one request,
 * because the server treats a second use of a rotated token as theft.
 */
export function refreshSession(): Promise<SessionPayload | null> {
  if (!refreshing) {
    refreshing = (async () => {
      try {
        const post = () =>
          fetch(apiUrl('/auth/refresh'), {
            method: 'POST',
            credentials: 'same-origin',
            headers: { Accept: 'application/json' },
          });
        let res = await post();
        if (res.status === 401 && res.headers.has('Retry-After')) {
          // Another tab of this browser rotated the shared cookie a moment ago: the server
          // refuses that race without ending the session and says so (Retry-After), so try
          // once more with the cookie the other tab received. Any other 401 is final — a
          // visitor without a session does not wait for a second refusal.
          await new Promise((r) => setTimeout(r, REFRESH_RETRY_MS));
          res = await post();
        }
        if (!res.ok) {
          publishSession(null);
          return null;
        }
        const session = (await res.json()) as SessionPayload;
        publishSession(session);
        return session;
      } catch {
        // Network trouble is not a logout: keep what we have.
        return null;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}

function isAuthEndpoint(url: string): boolean {
  return url.includes(`${API_PREFIX}/auth/`);
}

function withToken(req: Request): Request {
  const token = tokenStore.get();
  if (token && !req.headers.has('Authorization')) req.headers.set('Authorization', `Bearer ${token}`);
  return req;
}

/** fetch with the bearer token and one silent refresh on 401. */
export async function authFetch(request: Request): Promise<Response> {
  const hadToken = tokenStore.get() !== null;
  const retry = request.clone();
  let res: Response;
  try {
    res = await fetch(withToken(request));
  } catch (err) {
    throw new ApiError({ status: 0, code: 'network', message: String(err) });
  }
  if (res.status !== 401 || !hadToken || isAuthEndpoint(request.url)) return res;
  const session = await refreshSession();
  if (!session) return res;
  return fetch(withToken(retry));
}

/** The typed client, generated from the OpenAPI spec. */
export const api = createClient<paths>({
  baseUrl: `${origin()}${API_PREFIX}`,
  fetch: authFetch,
  credentials: 'same-origin',
});

type FetchResult<T> = { data?: T; error?: unknown; response: Response };

/** Returns the data of an openapi-fetch call, or throws the parsed ApiError. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error, response.headers);
  return data as T;
}

/** unwrap, with the response's ETag beside the data: the version to send back as If-Match. */
export async function unwrapWithEtag<T extends object>(call: Promise<FetchResult<T>>): Promise<T & { etag: string | null }> {
  const { data, error, response } = await call;
  if (!response.ok || data === undefined) throw toApiError(response.status, error, response.headers);
  return { ...data, etag: response.headers.get('ETag') };
}

export interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null | string[]>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Serialises a query object; empty values are left out, arrays repeat the key. */
export function toQuery(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, x));
    else params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

export interface WithMeta<T> {
  data: T;
  etag: string | null;
}

/**
 * The same transport for endpoints that are not in the spec yet. Returns the parsed JSON
 * (or undefined for 204) together with the ETag.
 */
export async function requestWithMeta<T>(method: string, path: string, opts: RequestOptions = {}): Promise<WithMeta<T>> {
  const headers = new Headers({ Accept: 'application/json', ...opts.headers });
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) body = opts.body;
  else if (opts.body !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(opts.body);
  }
  const req = new Request(apiUrl(path) + toQuery(opts.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
    signal: opts.signal,
  });
  const res = await authFetch(req);
  const text = res.status === 204 ? '' : await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) throw toApiError(res.status, parsed, res.headers);
  return { data: parsed as T, etag: res.headers.get('ETag') };
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  return (await requestWithMeta<T>(method, path, opts)).data;
}

/** A list page: `{items, nextCursor, total}`. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
  total: number;
}

/**
 * Multipart upload with progress (fetch cannot report upload progress, XHR can). Same token,
 * refresh-on-401 and error envelope as every other call.
 */
export function upload<T>(path: string, form: FormData, onProgress?: (fraction: number) => void): Promise<T> {
  const once = () =>
    new Promise<{ status: number; body: unknown; headers: Headers }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', apiUrl(path));
      const token = tokenStore.get();
      if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress?.(e.loaded / e.total);
      };
      xhr.onload = () => {
        let body: unknown = xhr.responseText;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          // keep text
        }
        const headers = new Headers();
        const rid = xhr.getResponseHeader('X-Request-ID');
        if (rid) headers.set('X-Request-ID', rid);
        resolve({ status: xhr.status, body, headers });
      };
      xhr.onerror = () => reject(new ApiError({ status: 0, code: 'network', message: 'upload failed' }));
      xhr.send(form);
    });
  return (async () => {
    let res = await once();
    if (res.status === 401 && tokenStore.get() && (await refreshSession())) res = await once();
    if (res.status < 200 || res.status >= 300) throw toApiError(res.status, res.body, res.headers);
    onProgress?.(1);
    return res.body as T;
  })();
}

/** Downloads a protected file (CSV, JSON export) with the bearer token and saves it. */
export async function download(path: string, filename: string, query?: RequestOptions['query']): Promise<void> {
  const res = await authFetch(new Request(apiUrl(path) + toQuery(query), { credentials: 'same-origin' }));
  if (!res.ok) {
    let body: unknown = undefined;
    try {
      body = await res.json();
    } catch {
      // not JSON
    }
    throw toApiError(res.status, body, res.headers);
  }
  const blob = await res.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
