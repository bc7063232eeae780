import { Link, useSearchParams } from 'react-router';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CardSkeleton, EmptyState, Field, Input, PageHeader, Select, StageBadge, useErrorMessage } from '@/components/ui';
import { request, type Page } from '@/lib/api-client';
import { useUrlSearch } from '@/hooks/useUrlSearch';
import { useListState } from '@/hooks/useBackTo';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import { ALL_STAGES } from '@/lib/funnel';
import type { Idea } from '@/types/api';

const PUBLIC_STAGES = ALL_STAGES.filter((s) => s !== 'draft');

/** The transparency page: public ideas and their status, no sign-in (GET /public/ideas). */
export function PublicIdeasRoute() {
  const { t } = useTranslation();
  // The ideas' words are in the municipality's language.
  const lang = useContentLang();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  // Search and stage live in the URL, so Back, Forward, reloads and shared links keep them.
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useUrlSearch();
  const listState = useListState();
  const urlQ = params.get('q') ?? '';
  const stageParam = params.get('stage') ?? '';
  const stage = PUBLIC_STAGES.includes(stageParam as (typeof PUBLIC_STAGES)[number]) ? stageParam : '';
  const setStage = (value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set('stage', value);
    else next.delete('stage');
    setParams(next);
  };
  const ideas = useInfiniteQuery({
    queryKey: ['public-ideas', urlQ, stage],
    queryFn: ({ pageParam }) => request<Page<Idea>>('GET', '/public/ideas', { query: { q: urlQ || undefined, stage: stage || undefined, limit: 20, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (p) => p.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const items = ideas.data?.pages.flatMap((p) => p.items) ?? [];
  const total = ideas.data?.pages[0]?.total ?? 0;

  const { listRef, moreRef, loadMore } = useLoadMoreFocus(items.length);

  return (
    <>
      <PageHeader
        title={t('transparency.title')}
        intro={t('transparency.intro')}
        actions={
          <a className="btn" href="/api/v1/public/export.json" download>
            {t('transparency.openData')}
          </a>
        }
      />
      <div className="card" style={{ marginBottom: '1rem' }}>
        <form role="search" aria-label={t('ideas.searchLabel')} onSubmit={(e) => e.preventDefault()} className="filters">
          <Field label={t('ideas.searchLabel')} id="pub-q" className="search-field">
            <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
          </Field>
          <Field label={t('ideas.stage')} id="pub-stage">
            <Select value={stage} onChange={(e) => setStage(e.target.value)}>
              <option value="">{t('common.all')}</option>
              {PUBLIC_STAGES.map((s) => (
                <option key={s} value={s}>
                  {t(`stage.${s}`)}
                </option>
              ))}
            </Select>
          </Field>
        </form>
      </div>
      <p role="status" className="meta">
        {ideas.isSuccess ? t('ideas.found', { count: total }) : ''}
      </p>
      {ideas.isPending ? (
        <CardSkeleton />
      ) : ideas.isError ? (
        <Alert kind="error">{errorMessage(ideas.error)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t('ideas.emptyTitle')}>{t('ideas.emptyFiltered')}</EmptyState>
      ) : (
        <>
          <ul className="idea-list" ref={listRef}>
            {items.map((i) => (
              <li key={i.id}>
                <article className="idea-card">
                  <h2 className="idea-card__title" lang={lang}>
                    <Link to={`/public/ideas/${i.id}`} state={listState}>
                      {i.title}
                    </Link>
                  </h2>
                  <div>
                    <StageBadge stage={i.stage} />
                  </div>
                  <p className="idea-card__summary" lang={lang}>
                    {i.summary}
                  </p>
                  <div className="idea-card__meta">
                    <span>{t('ideas.supports', { count: i.supportCount ?? 0 })}</span>
                    <span>{t('ideas.updated', { when: fmt.relative(i.lastActivityAt ?? i.updatedAt) })}</span>
                  </div>
                </article>
              </li>
            ))}
          </ul>
          {ideas.hasNextPage && (
            <div className="row mt-4" style={{ justifyContent: 'center' }}>
              <Button
                ref={moreRef}
                onClick={() => loadMore(ideas.fetchNextPage)}
                loading={ideas.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
