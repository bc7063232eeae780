import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CardSkeleton, EmptyState, PageHeader, StageBadge, useErrorMessage } from '@/components/ui';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { useAssignedReviews, type QueueState } from '../api';

/** The reviewer's queue: open assignments soonest due first, done ones latest first. */
export function ReviewQueueRoute() {
  const { t } = useTranslation();
  // The ideas' words are in the municipality's language.
  const lang = useContentLang();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const [params] = useSearchParams();
  const state: QueueState = params.get('state') === 'done' ? 'done' : 'open';
  const q = useAssignedReviews(state);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  const states: QueueState[] = ['open', 'done'];
  const { listRef, moreRef, loadMore } = useLoadMoreFocus(items.length);
  return (
    <>
      <PageHeader title={t('reviews.title')} intro={t('reviews.intro')} />
      <nav aria-label={t('reviews.states')} className="tabs tabs--fit">
        {states.map((s) => (
          <Link key={s} to={s === 'open' ? '/reviews' : '/reviews?state=done'} aria-current={s === state ? 'page' : undefined}>
            {t(`reviews.state.${s}`)}
          </Link>
        ))}
      </nav>
      {q.isPending ? (
        <CardSkeleton />
      ) : q.isError ? (
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={state === 'open' ? t('reviews.empty') : t('reviews.emptyDone')} />
      ) : (
        <>
          <p className="meta" aria-live="polite">
            {t('reviews.count', { count: total })}
          </p>
          <ul className="idea-list" ref={listRef}>
            {items.map((a) => {
              // An idea that left evaluation without this review: missed, as the analytics call it.
              const unsubmitted = a.reviewStatus === 'none' || a.reviewStatus === 'draft';
              const status = state === 'done' && unsubmitted ? 'missed' : a.reviewStatus === 'none' ? 'open' : a.reviewStatus;
              return (
                <li key={a.idea.id} className="idea-card">
                  <h2 className="idea-card__title" lang={lang}>
                    <Link to={state === 'open' ? `/reviews/${a.idea.id}` : `/ideas/${a.idea.id}`}>{a.idea.title}</Link>
                  </h2>
                  <div className="row">
                    <StageBadge stage={a.idea.stage} />
                    <span className="badge badge--plain">{t(`reviews.status.${status}` as 'reviews.status.open')}</span>
                  </div>
                  <p className="idea-card__meta" style={a.overdue ? { color: 'var(--danger)', fontWeight: 600 } : undefined}>
                    {state === 'done'
                      ? t('reviews.wasDue', { date: fmt.date(a.dueAt) })
                      : a.overdue
                        ? t('reviews.overdue', { date: fmt.date(a.dueAt) })
                        : t('reviews.due', { date: fmt.date(a.dueAt) })}
                  </p>
                  {state === 'done' && a.reviewStatus === 'submitted' && (
                    <p>
                      <Link to={`/reviews/${a.idea.id}`}>
                        {t('reviews.myReview')}
                        <span className="visually-hidden" lang={lang}>
                          {' '}
                          – {a.idea.title}
                        </span>
                      </Link>
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
          {q.hasNextPage && (
            <div className="row mt-4" style={{ justifyContent: 'center' }}>
              <Button ref={moreRef} onClick={() => loadMore(q.fetchNextPage)} loading={q.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
