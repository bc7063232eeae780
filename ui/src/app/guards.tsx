import { useContext, type ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import { Skeleton } from '@/components/ui/Skeleton';
import { LayoutHeadingLevel, PageHeader } from '@/components/ui/PageTitle';
import { Alert } from '@/components/ui/Alert';
import type { Role } from '@/types/api';
import { safeNext } from '@/lib/safe-next';

/** Only signed-in users; others go to the login page and come back afterwards. */
export function RequireAuth({ roles, children }: { roles?: Role[]; children?: ReactNode }) {
  const { status, hasRole, sessionEnded } = useAuth();
  const location = useLocation();
  const { t } = useTranslation();
  // Inside a layout that has the page's h1 (the admin area), the message takes the layout's
  // sub-page level: a page has one h1.
  const nestedLevel = useContext(LayoutHeadingLevel);
  if (status === 'loading') return <Skeleton />;
  if (status === 'anonymous') {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}${sessionEnded ? '&expired=1' : ''}`} replace />;
  }
  if (roles && !hasRole(...roles)) {
    if (nestedLevel) {
      const H = nestedLevel === 2 ? 'h2' : 'h3';
      return (
        <>
          <H>{t('guard.forbiddenTitle')}</H>
          <Alert kind="warning">{t('guard.forbidden')}</Alert>
        </>
      );
    }
    return (
      <>
        <PageHeader title={t('guard.forbiddenTitle')} />
        <Alert kind="warning">{t('guard.forbidden')}</Alert>
      </>
    );
  }
  return children ? <>{children}</> : <Outlet />;
}

/** Login and registration pages: a signed-in user goes where they wanted to. */
export function RedirectIfAuthenticated({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === 'authenticated') {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={safeNext(next)} replace />;
  }
  return <>{children}</>;
}

