import { useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageHeader, Skeleton } from '@/components/ui';
import { refreshSession } from '@/lib/api-client';
import { safeNext } from '@/lib/safe-next';
import { useSignInLanguage } from '../useSignInLanguage';

/**
 * The identity provider's callback sets the refresh cookie and sends the browser here; the
 * access token is then fetched exactly as after a reload, and the user goes where they wanted.
 */
export function SsoCompleteRoute() {
  const { t } = useTranslation();
  const signInLanguage = useSignInLanguage();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void refreshSession().then(async (session) => {
      if (!session) {
        navigate('/login?error=sso_internal', { replace: true });
        return;
      }
      await signInLanguage(session.user as { locale?: string } | null);
      navigate(safeNext(params.get('returnTo')), { replace: true });
    });
    // signInLanguage is read once, at the callback
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [navigate, params]);

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('auth.sso.title')} />
      <Skeleton lines={1} title={false} label={t('auth.sso.working')} />
    </div>
  );
}
