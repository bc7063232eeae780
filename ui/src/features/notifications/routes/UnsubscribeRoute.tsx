import { useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation } from '@tanstack/react-query';
import { Alert, ButtonLink, PageHeader, Skeleton } from '@/components/ui';
import { request } from '@/lib/api-client';

type Unsubscribed = { eventType: string; channel: 'email' | 'digest' };

/** The unsubscribe link of an e-mail: the token alone authorises switching that mail off. */
export function UnsubscribeRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const sent = useRef(false);
  const unsubscribe = useMutation({
    mutationFn: (tok: string) => request<Unsubscribed>('POST', '/notifications/unsubscribe', { body: { token: tok } }),
  });

  useEffect(() => {
    if (token && !sent.current) {
      sent.current = true;
      unsubscribe.mutate(token);
    }
  }, [token, unsubscribe]);

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('unsubscribe.title')} />
      {!token ? (
        <Alert kind="error">{t('unsubscribe.missing')}</Alert>
      ) : unsubscribe.isSuccess ? (
        <>
          <Alert kind="success" live>
            <p>{unsubscribe.data.channel === 'digest' ? t('unsubscribe.doneDigest') : t('unsubscribe.done')}</p>
          </Alert>
          <ButtonLink to="/profile" variant="secondary">
            {t('unsubscribe.settings')}
          </ButtonLink>
        </>
      ) : unsubscribe.isError ? (
        <Alert kind="error" live>
          <p>{t('unsubscribe.failed')}</p>
        </Alert>
      ) : (
        <Skeleton lines={1} title={false} label={t('unsubscribe.working')} />
      )}
    </div>
  );
}
