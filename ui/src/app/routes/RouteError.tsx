import { useRouteError } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, PageHeader } from '@/components/ui';

/** Shown when a route fails to load (e.g. a stale chunk after a deployment). */
export function RouteError() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (import.meta.env.DEV) console.error(error);
  return (
    <main id="main" className="page">
      <PageHeader title={t('errors.title')} />
      <Alert kind="error">
        <p>{t('errors.internal')}</p>
      </Alert>
      <Button variant="primary" onClick={() => window.location.reload()}>
        {t('common.retry')}
      </Button>
    </main>
  );
}
