import { useTranslation } from 'react-i18next';
import { ButtonLink, PageHeader } from '@/components/ui';

export function NotFoundRoute() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('notFound.title')} intro={t('notFound.text')} />
      <ButtonLink to="/" variant="primary">
        {t('notFound.home')}
      </ButtonLink>
    </>
  );
}
