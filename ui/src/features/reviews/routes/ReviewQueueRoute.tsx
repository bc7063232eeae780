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
            const overdue = a.overdue;
            const status = a.reviewStatus === 'none' ? 'open' : a.reviewStatus;
            return (
              <li key={a.idea.id} className="idea-card">
                <h2 className="idea-card__title">
                  <Link to={`/reviews/${a.idea.id}`}>{a.idea.title}</Link>
                </h2>
                <div className="row">
                  <StageBadge stage={a.idea.stage} />
                  <span className="badge badge--plain">{t(`reviews.status.${status}` as 'reviews.status.open')}</span>
                </div>
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
