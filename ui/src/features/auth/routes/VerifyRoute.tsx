import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, ButtonLink, PageHeader, Skeleton } from '@/components/ui';
import { useVerifyEmail } from '../api';

export function VerifyRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const verify = useVerifyEmail();
  const sent = useRef(false);

  useEffect(() => {
    // Once only: a token is single-use, and React may run effects twice in development.
    if (token && !sent.current) {
      sent.current = true;
      verify.mutate(token);
    }
  }, [token, verify]);

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
      ) : verify.isError ? (
        <Alert kind="error" live>
          <p>{t('auth.verify.failed')}</p>
        </Alert>
      ) : (
        <Skeleton lines={1} title={false} label={t('auth.verify.working')} />
      )}
    </div>
  );
}
