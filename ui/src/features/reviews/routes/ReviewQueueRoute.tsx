import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, CardSkeleton, EmptyState, PageHeader, StageBadge, useErrorMessage } from '@/components/ui';
import { useFormat } from '@/lib/format';
import { useAssignedReviews } from '../api';

export function ReviewQueueRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const q = useAssignedReviews();
  const items = q.data?.items ?? [];
  const now = Date.now();
  return (
    <>
      <PageHeader title={t('reviews.title')} intro={t('reviews.intro')} />
      {q.isPending ? (
        <CardSkeleton />
      ) : q.isError ? (
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t('reviews.empty')} />
      ) : (
        <ul className="idea-list">
          {items.map((a) => {
            const title = a.idea?.title ?? a.title ?? a.ideaId;
            const stage = a.idea?.stage ?? a.stage;
            const overdue = a.dueAt && new Date(a.dueAt).getTime() < now && a.reviewStatus !== 'submitted';
            const status = a.status === 'declined' ? 'declined' : (a.reviewStatus ?? 'open');
            return (
              <li key={a.ideaId} className="idea-card">
                <h2 className="idea-card__title">
                  <Link to={`/reviews/${a.ideaId}`}>{title}</Link>
                </h2>
                <div className="row">
                  {stage && <StageBadge stage={stage} />}
                  <span className="badge badge--plain">{t(`reviews.status.${status}` as 'reviews.status.open')}</span>
                </div>
                {a.idea?.summary && <p className="idea-card__summary">{a.idea.summary}</p>}
                {a.dueAt && (
                  <p className="idea-card__meta" style={overdue ? { color: 'var(--danger)', fontWeight: 600 } : undefined}>
                    {overdue ? t('reviews.overdue', { date: fmt.date(a.dueAt) }) : t('reviews.due', { date: fmt.date(a.dueAt) })}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
