import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, ButtonLink, PageHeader, Skeleton } from '@/components/ui';
import { ApiError } from '@/lib/api-client';
import { useVerifyEmail } from '../api';

export function VerifyRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useVerifyEmail();
  const sent = useRef(false);
  const [waitSeconds, setWaitSeconds] = useState<number | null>(null);

  useEffect(() => {
    // Once only: a token is single-use, and React may run effects twice in development.
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

  // Rate limited: the token is still good, so try again by ourselves after the wait.
  const limited = verify.error instanceof ApiError && verify.error.status === 429;
  useEffect(() => {
    if (!limited || !token) return;
    const seconds = (verify.error as ApiError).retryAfter ?? 10;
    setWaitSeconds(seconds);
    const timer = setTimeout(() => {
      setWaitSeconds(null);
      verify.mutate(token);
    }, seconds * 1000);
    return () => clearTimeout(timer);
  }, [limited, token, verify]);

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('auth.verify.title')} />
      {!token ? (
        <Alert kind="error">{t('auth.verify.missing')}</Alert>
      ) : verify.isSuccess ? (
        <>
          <Alert kind="success" live>
            <p>{t('auth.verify.done')}</p>
          </Alert>
          <ButtonLink to="/login" variant="primary">
            {t('auth.login.submit')}
          </ButtonLink>
        </>
      ) : limited && waitSeconds !== null ? (
        <Alert kind="warning" live>
          <p>{t('errors.rate_limited_wait', { count: waitSeconds })}</p>
        </Alert>
      ) : verify.isError && !limited ? (
        // The server cannot tell a used token from an unknown one: a second click on the
        // link of an account already confirmed ends here too, so sign-in comes first.
        <>
          <Alert kind="error" live>
            <p>{t('auth.verify.failed')}</p>
          </Alert>
          <div className="row">
            <ButtonLink to="/login" variant="primary">
              {t('auth.login.submit')}
            </ButtonLink>
            <ButtonLink to="/register">{t('auth.register.title')}</ButtonLink>
          </div>
        </>
      ) : (
        <Skeleton lines={1} title={false} label={t('auth.verify.working')} />
      )}
    </div>
  );
}
