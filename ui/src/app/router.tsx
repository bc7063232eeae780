import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppShell } from './layout/AppShell';
import { RedirectIfAuthenticated, RequireAuth } from './guards';
import { HomeRoute } from './routes/HomeRoute';
import { NotFoundRoute } from './routes/NotFoundRoute';
import { RouteError } from './routes/RouteError';

/** Route modules load on first visit, so the first page stays small. */
const lazy =
  <M,>(load: () => Promise<M>, pick: (m: M) => React.ComponentType) =>
  async () => ({ Component: pick(await load()) });

const guest = (el: React.ReactNode) => <RedirectIfAuthenticated>{el}</RedirectIfAuthenticated>;

export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomeRoute /> },
      {
        path: 'login',
        lazy: async () => {
          const { LoginRoute } = await import('@/features/auth/routes/LoginRoute');
          return { element: guest(<LoginRoute />) };
        },
      },
      {
        path: 'register',
        lazy: async () => {
          const { RegisterRoute } = await import('@/features/auth/routes/RegisterRoute');
          return { element: guest(<RegisterRoute />) };
        },
      },
      { path: 'verify', lazy: lazy(() => import('@/features/auth/routes/VerifyRoute'), (m) => m.VerifyRoute) },
      { path: 'forgot-password', lazy: lazy(() => import('@/features/auth/routes/ForgotPasswordRoute'), (m) => m.ForgotPasswordRoute) },
      { path: 'reset-password', lazy: lazy(() => import('@/features/auth/routes/ResetPasswordRoute'), (m) => m.ResetPasswordRoute) },
      { path: 'accessibility', lazy: lazy(() => import('@/features/legal/routes/AccessibilityRoute'), (m) => m.AccessibilityRoute) },
      {
        element: <RequireAuth />,
        children: [
          { path: 'ideas', lazy: lazy(() => import('@/features/ideas/routes/IdeaListRoute'), (m) => m.IdeaListRoute) },
          { path: 'ideas/new', lazy: lazy(() => import('@/features/ideas/routes/IdeaEditorRoute'), (m) => m.IdeaEditorRoute) },
          { path: 'ideas/:id/edit', lazy: lazy(() => import('@/features/ideas/routes/IdeaEditorRoute'), (m) => m.IdeaEditorRoute) },
          { path: 'my-ideas', lazy: lazy(() => import('@/features/ideas/routes/MyIdeasRoute'), (m) => m.MyIdeasRoute) },
        ],
      },
      { path: 'ideas/:id', lazy: lazy(() => import('@/features/ideas/routes/IdeaDetailRoute'), (m) => m.IdeaDetailRoute) },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
