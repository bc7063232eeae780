import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, ButtonLink, Skeleton, StageBadge, usePageTitle, useErrorMessage } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { useAuth } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import { departmentLabel, useDepartments } from '@/lib/shared-queries';
import { opensLater, useCampaign, useCampaignIdeas, useRanking } from '../api';

export function CampaignRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const { hasRole } = useAuth();
  // The call's title and question and the ideas' titles are people's words (the municipality's language).
  const lang = useContentLang();
  const q = useCampaign(id);
  const ideas = useCampaignIdeas(id);
  const ranking = useRanking(id, hasRole('cdo'));
  const departments = useDepartments();
  const c = q.data?.data;
  const sponsor = c?.sponsorDepartmentId ? departments.data?.find((d) => d.id === c.sponsorDepartmentId) : undefined;
  usePageTitle(c?.title ?? t('campaigns.title'));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError || !c) return <Alert kind="error">{errorMessage(q.error)}</Alert>;
  return (
    <>
      <p>
        <Link to="/campaigns">← {t('campaigns.title')}</Link>
      </p>
      <header className="hero">
        <div className="row">
          <span className="badge">{t(`campaigns.status.${c.status}`)}</span>
          <span className="badge badge--plain">{t(`campaigns.audience.${c.audience}`)}</span>
        </div>
        <h1 className="mt-4" lang={lang}>
          {c.title}
        </h1>
        {c.question && <p lang={lang}>{c.question}</p>}
        {(c.opensAt || c.closesAt) && <p className="meta">{t('campaigns.period', { from: fmt.date(c.opensAt), to: fmt.date(c.closesAt) })}</p>}
        {sponsor && (
          <p className="meta">
            {t('campaigns.sponsor')} <span lang={lang}>{departmentLabel(sponsor)}</span>
          </p>
        )}
        <div className="row">
          {c.acceptingIdeas ? (
            <ButtonLink variant="primary" to={`/ideas/new?campaignId=${c.id}`}>
              {t('campaigns.contribute')}
            </ButtonLink>
          ) : (
            c.status === 'open' && (
              <p className="meta">
                {opensLater(c)
                  ? t('campaigns.opensLater', { date: fmt.date(c.opensAt) })
                  : t('campaigns.closedForIdeas')}
              </p>
            )
          )}
          {hasRole('cdo') && <ButtonLink to={`/campaigns/${c.id}/edit`}>{t('campaigns.edit')}</ButtonLink>}
        </div>
      </header>
      <div className="split">
        <div className="stack">
          {c.description && (
            <section className="card">
              <Markdown>{c.description}</Markdown>
            </section>
          )}
          <section className="card" aria-labelledby="cideas-h">
            <h2 id="cideas-h">{t('campaigns.ideasTitle')}</h2>
            {ideas.isPending ? (
              <Skeleton lines={3} title={false} />
            ) : (ideas.data?.items ?? []).length === 0 ? (
              <p className="meta">{c.acceptingIdeas ? t('ideas.emptyAll') : t('campaigns.noIdeas')}</p>
            ) : (
              <ul>
                {ideas.data!.items.map((i) => (
                  <li key={i.id}>
                    <Link to={`/ideas/${i.id}`} lang={lang}>
                      {i.title}
                    </Link>{' '}
                    <StageBadge stage={i.stage} />
                  </li>
                ))}
              </ul>
            )}
            {/* The page shows the 50 most supported; the list has them all, filtered to this call. */}
            {ideas.data && ideas.data.total > ideas.data.items.length && (
              <p>
                <Link to={`/ideas?campaignId=${encodeURIComponent(c.id)}`}>{t('campaigns.allIdeas', { count: ideas.data.total })}</Link>
              </p>
            )}
          </section>
        </div>
        {hasRole('cdo') && (
          <aside className="card" aria-labelledby="rank-h">
            <h2 id="rank-h" className="card__title">
              {t('campaigns.ranking')}
            </h2>
            {ranking.isSuccess && ranking.data.length > 0 ? (
              <ol>
                {ranking.data.map((r) => (
                  <li key={r.idea.id}>
                    <Link to={`/ideas/${r.idea.id}`} lang={lang}>
                      {r.idea.title}
                    </Link>{' '}
                    –{' '}
                    {r.score && typeof r.score.weighted === 'number' && r.score.reviewCount > 0 ? (
                      fmt.number(r.score.weighted, 0)
                    ) : (
                      <span className="meta">{t('campaigns.notScored')}</span>
                    )}
                    {r.score?.disagreement && (
                      <span className="meta">
                        {' '}
                        <span aria-hidden="true">⚠</span> {t('board.disagreement')}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
            ) : (
              <p className="meta">{t('campaigns.noRanking')}</p>
            )}
          </aside>
        )}
      </div>
    </>
  );
}
