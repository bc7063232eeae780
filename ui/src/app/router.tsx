import { createBrowserRouter, type RouteObject, Navigate } from 'react-router';
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

/** Nothing while the first page's module loads (a few milliseconds; the shell follows). */
function FirstLoad() {
  return null;
}

export const routes: RouteObject[] = [
  {
    element: <AppShell />,
    errorElement: <RouteError />,
    HydrateFallback: FirstLoad,
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
      { path: 'auth/sso-complete', lazy: lazy(() => import('@/features/auth/routes/SsoCompleteRoute'), (m) => m.SsoCompleteRoute) },
      { path: 'unsubscribe', lazy: lazy(() => import('@/features/notifications/routes/UnsubscribeRoute'), (m) => m.UnsubscribeRoute) },
      { path: 'settings/notifications', element: <Navigate to="/profile" replace /> },
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
          { path: 'ideas/:id/pilot', lazy: lazy(() => import('@/features/pilots/routes/PilotRoute'), (m) => m.PilotRoute) },
          { path: 'campaigns', lazy: lazy(() => import('@/features/campaigns/routes/CampaignListRoute'), (m) => m.CampaignListRoute) },
          { path: 'campaigns/:id', lazy: lazy(() => import('@/features/campaigns/routes/CampaignRoute'), (m) => m.CampaignRoute) },
          { path: 'profile', lazy: lazy(() => import('@/features/profile/routes/ProfileRoute'), (m) => m.ProfileRoute) },
          { path: 'notifications', lazy: lazy(() => import('@/features/notifications/routes/NotificationsRoute'), (m) => m.NotificationsRoute) },
        ],
      },
      {
        element: <RequireAuth roles={['reviewer']} />,
        children: [
          { path: 'reviews', lazy: lazy(() => import('@/features/reviews/routes/ReviewQueueRoute'), (m) => m.ReviewQueueRoute) },
          { path: 'reviews/:ideaId', lazy: lazy(() => import('@/features/reviews/routes/ReviewFormRoute'), (m) => m.ReviewFormRoute) },
        ],
      },
      {
        element: <RequireAuth roles={['cdo']} />,
        children: [
          { path: 'board', lazy: lazy(() => import('@/features/board/routes/BoardRoute'), (m) => m.BoardRoute) },
          { path: 'analytics', lazy: lazy(() => import('@/features/analytics/routes/AnalyticsRoute'), (m) => m.AnalyticsRoute) },
          { path: 'campaigns/new', lazy: lazy(() => import('@/features/campaigns/routes/CampaignEditRoute'), (m) => m.CampaignEditRoute) },
          { path: 'campaigns/:id/edit', lazy: lazy(() => import('@/features/campaigns/routes/CampaignEditRoute'), (m) => m.CampaignEditRoute) },
        ],
      },
      {
        path: 'admin',
        element: <RequireAuth roles={['admin', 'cdo']} />,
        children: [
          {
            lazy: lazy(() => import('@/features/admin/routes/AdminLayout'), (m) => m.AdminLayout),
            children: [
              { index: true, lazy: lazy(() => import('@/features/admin/routes/AdminIndexRoute'), (m) => m.AdminIndexRoute) },
              { path: 'audit', lazy: lazy(() => import('@/features/admin/routes/AuditRoute'), (m) => m.AuditRoute) },
              // Each page for the role the API serves it to.
              {
                element: <RequireAuth roles={['admin']} />,
                children: [
                  { path: 'users', lazy: lazy(() => import('@/features/admin/routes/UsersRoute'), (m) => m.UsersRoute) },
                  { path: 'departments', lazy: lazy(() => import('@/features/admin/routes/DepartmentsRoute'), (m) => m.DepartmentsRoute) },
                  { path: 'outbox', lazy: lazy(() => import('@/features/admin/routes/OutboxRoute'), (m) => m.OutboxRoute) },
                  { path: 'webhooks', lazy: lazy(() => import('@/features/admin/routes/WebhooksRoute'), (m) => m.WebhooksRoute) },
                  { path: 'branding', lazy: lazy(() => import('@/features/admin/routes/BrandingRoute'), (m) => m.BrandingRoute) },
                ],
              },
              {
                element: <RequireAuth roles={['cdo']} />,
                children: [
                  { path: 'moderation', lazy: lazy(() => import('@/features/admin/routes/ModerationRoute'), (m) => m.ModerationRoute) },
                  { path: 'criteria', lazy: lazy(() => import('@/features/admin/routes/CriteriaRoute'), (m) => m.CriteriaRoute) },
                  { path: 'checklist', lazy: lazy(() => import('@/features/admin/routes/ChecklistRoute'), (m) => m.ChecklistRoute) },
                ],
              },
            ],
          },
        ],
      },
      { path: 'public/ideas', lazy: lazy(() => import('@/features/transparency/routes/PublicIdeasRoute'), (m) => m.PublicIdeasRoute) },
      { path: 'public/ideas/:id', lazy: lazy(() => import('@/features/transparency/routes/PublicIdeaRoute'), (m) => m.PublicIdeaRoute) },
      { path: 'reuse', lazy: lazy(() => import('@/features/reuse/routes/ReuseCatalogueRoute'), (m) => m.ReuseCatalogueRoute) },
      { path: 'ideas/:id', lazy: lazy(() => import('@/features/ideas/routes/IdeaDetailRoute'), (m) => m.IdeaDetailRoute) },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
