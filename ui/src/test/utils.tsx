import type { ReactElement, ReactNode } from 'react';
import { render } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, RouterProvider, Routes, createMemoryRouter } from 'react-router';
import { vi } from 'vitest';
import { createI18n, type Language } from '@/lib/i18n';
import { StaticAuthProvider, type AuthContextValue } from '@/lib/auth';
import { ToastProvider } from '@/components/ui/Toast';
import type { User } from '@/types/api';

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: 'u1',
    email: 'erika@example.org',
    displayName: 'Erika Mustermann',
    roles: ['employee'],
    departmentId: null,
    status: 'active',
    locale: 'de',
    sso: false,
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    version: 1,
    ...overrides,
  };
}

export interface RenderOptions {
  user?: User | null;
  auth?: Partial<AuthContextValue>;
  route?: string | { pathname: string; search?: string; state?: unknown };
  path?: string;
  lng?: Language;
  extraRoutes?: { path: string; element: ReactNode }[];
  /** A data router, as the app's, for pages that need one (useBlocker). */
  dataRouter?: boolean;
}

export function renderWithProviders(ui: ReactElement, opts: RenderOptions = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const i18n = createI18n(opts.lng ?? 'de');
  const utils = render(
    <I18nextProvider i18n={i18n}>
      <QueryClientProvider client={queryClient}>
        <StaticAuthProvider value={{ user: opts.user ?? null, ...opts.auth }}>
          <ToastProvider>
            {opts.dataRouter ? (
              <RouterProvider
                router={createMemoryRouter([{ path: opts.path ?? '*', element: ui }, ...(opts.extraRoutes ?? [])], {
                  initialEntries: [opts.route ?? '/'],
                })}
              />
            ) : (
              <MemoryRouter initialEntries={[opts.route ?? '/']}>
                <Routes>
                  <Route path={opts.path ?? '*'} element={ui} />
                  {opts.extraRoutes?.map((r) => <Route key={r.path} path={r.path} element={r.element} />)}
                </Routes>
              </MemoryRouter>
            )}
          </ToastProvider>
        </StaticAuthProvider>
      </QueryClientProvider>
    </I18nextProvider>,
  );
  return { ...utils, queryClient, i18n };
}

export type Handler = (req: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export function errorEnvelope(status: number, code: string, message: string, fields: { field: string; message: string }[] = []) {
  return json({ error: { code, message, fields, requestId: 'req-1' } }, status);
}

/**
 * Replaces fetch with a table of "METHOD /path" → handler (path without /api/v1 and query).
 * Unknown requests fail the test loudly. Returns the list of requests made.
 */
export function mockApi(routes: Record<string, Handler>) {
  const calls: { method: string; path: string; url: URL; body: unknown; headers: Headers }[] = [];
  const spy = vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = input instanceof Request ? input : new Request(String(input), init);
    const url = new URL(req.url);
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const key = `${req.method} ${path}`;
    const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await req.clone().text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    calls.push({ method: req.method, path, url, body, headers: req.headers });
    const handler =
      routes[key] ??
      Object.entries(routes).find(([pattern]) => {
        const [m, p] = pattern.split(' ');
        if (m !== req.method) return false;
        const re = new RegExp('^' + p.replace(/:[^/]+/g, '[^/]+') + '$');
        return re.test(path);
      })?.[1];
    if (!handler) throw new Error(`unexpected request ${key}`);
    return handler(req);
  });
  return { calls, spy };
}

/** The alert (role=alert) that contains the given text — the toast region is an alert too. */
export async function findAlertWith(text: string | RegExp): Promise<HTMLElement> {
  const { screen, waitFor } = await import('@testing-library/react');
  let found: HTMLElement | undefined;
  await waitFor(() => {
    found = screen.getAllByRole('alert').find((el) => (typeof text === 'string' ? el.textContent?.includes(text) : text.test(el.textContent ?? '')));
    if (!found) throw new Error(`no alert with ${text}`);
  });
  return found!;
}
