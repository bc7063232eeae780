import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, ButtonLink, CardSkeleton, EmptyState, PageHeader, useErrorMessage } from '@/components/ui';
import { useAuth } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import { opensLater, useCampaigns } from '../api';

export function CampaignListRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const { hasRole } = useAuth();
  // A call's title and question are the municipality's words (its language).
  const lang = useContentLang();
  const q = useCampaigns();
  const items = q.data?.items ?? [];
  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        intro={t('campaigns.intro')}
        actions={
          hasRole('cdo') ? (
            <ButtonLink to="/campaigns/new" variant="primary">
              {t('campaigns.new')}
            </ButtonLink>
          ) : undefined
        }
      />
      {q.isPending ? (
        <CardSkeleton />
      ) : q.isError ? (
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t('campaigns.empty')} />
      ) : (
        <ul className="grid grid--2" style={{ listStyle: 'none', padding: 0 }}>
          {items.map((c) => (
            <li key={c.id} className="card stack stack--sm">
              <div className="row">
                <span className={`badge ${c.status === 'open' ? 'stage--implemented' : c.status === 'closed' ? 'stage--parked' : 'stage--draft'}`}>
                  {t(`campaigns.status.${c.status}`)}
                </span>
                <span className="badge badge--plain">{t(`campaigns.audience.${c.audience}`)}</span>
              </div>
              <h2 className="card__title" lang={lang}>
                <Link to={`/campaigns/${c.id}`}>{c.title}</Link>
              </h2>
              {c.question && (
                <p className="mb-0" lang={lang}>
                  {c.question}
                </p>
              )}
              <p className="meta mb-0">
                {/* A call that is open but not yet taking ideas says from when it does. */}
                {!c.acceptingIdeas && opensLater(c)
                  ? t('campaigns.opensLater', { date: fmt.date(c.opensAt) })
                  : c.closesAt && t('campaigns.until', { date: fmt.date(c.closesAt) })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
