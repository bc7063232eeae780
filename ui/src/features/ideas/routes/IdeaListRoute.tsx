import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useContentLang } from '@/lib/content-language';
import { Alert, Button, ButtonLink, CardSkeleton, EmptyState, Field, Input, PageHeader, Select, useErrorMessage } from '@/components/ui';
import { useUrlSearch } from '@/hooks/useUrlSearch';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { useAuth } from '@/lib/auth';
import { ALL_STAGES } from '@/lib/funnel';
import { departmentLabel, useCampaignOptions, useDepartments } from '@/lib/shared-queries';
import { useIdeas, type IdeaFilters } from '../api';
import { IdeaCard } from '../components/IdeaCard';

const SORTS = ['newest', 'supports', 'score', 'activity'] as const;
/** With a search text the list is ranked by relevance unless another order is chosen. */
const SEARCH_SORTS = ['relevance', ...SORTS] as const;
const FILTER_KEYS = ['stage', 'campaignId', 'departmentId', 'tag', 'visibility', 'source', 'sort', 'mine', 'assigned', 'followed'] as const;

/** Filters live in the URL, so a filtered list can be bookmarked and shared. */
/** The value of an enumerated filter if it is one of its values (a hand-edited address is not an error). */
const oneOf = (v: string | null, values: readonly string[]) => (v !== null && values.includes(v) ? v : undefined);

export function filtersFromParams(p: URLSearchParams): IdeaFilters {
  const sort = p.get('sort');
  return {
    q: p.get('q') ?? undefined,
    stage: oneOf(p.get('stage'), ALL_STAGES),
    campaignId: p.get('campaignId') ?? undefined,
    departmentId: p.get('departmentId') ?? undefined,
    tag: p.get('tag') ?? undefined,
    visibility: oneOf(p.get('visibility'), ['internal', 'public']),
    source: oneOf(p.get('source'), ['citizen', 'staff']),
    sort: ((p.get('q') ? SEARCH_SORTS : SORTS) as readonly string[]).includes(sort ?? '') ? (sort as IdeaFilters['sort']) : undefined,
    mine: p.get('mine') === 'true' || undefined,
    assigned: p.get('assigned') === 'true' || undefined,
    followed: p.get('followed') === 'true' || undefined,
  };
}

export function IdeaListRoute() {
  const { t } = useTranslation();
  // Names of departments and campaigns are the municipality's words (its language).
  const lang = useContentLang();
  const { hasRole } = useAuth();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  // Search as you type, kept in ?q= (see useUrlSearch).
  const [q, setQ] = useUrlSearch();
  const departments = useDepartments();
  const campaigns = useCampaignOptions();
  const isStaff = hasRole('employee', 'reviewer', 'cdo', 'admin');


  const filters = filtersFromParams(params);
  // The API's order when none is asked for: relevance with a search text, newest without.
  const defaultSort = filters.q ? 'relevance' : 'newest';
  const ideas = useIdeas(filters);
  const items = ideas.data?.pages.flatMap((p) => p.items) ?? [];
  const total = ideas.data?.pages[0]?.total ?? 0;
  const filtered = FILTER_KEYS.some((k) => params.get(k)) || !!params.get('q');

  const { listRef, moreRef, loadMore } = useLoadMoreFocus(items.length);

  // A filter is a step the user can go back from: it adds a history entry.
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next);
  };

  return (
    <>
      <PageHeader
        title={t('ideas.title')}
        intro={t('ideas.intro')}
        actions={
          <ButtonLink to="/ideas/new" variant="primary">
            {t('ideas.new')}
          </ButtonLink>
        }
      />
      <div className="card" style={{ marginBottom: "1rem" }}>
        <form role="search" onSubmit={(e) => e.preventDefault()} aria-label={t('ideas.searchLabel')}>
          <div className="filters">
            <Field label={t('ideas.searchLabel')} hint={t('ideas.searchHint')} className="search-field" id="idea-search">
              <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
            </Field>
            <Field label={t('ideas.stage')} id="f-stage">
              <Select value={filters.stage ?? ''} onChange={(e) => setFilter('stage', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {ALL_STAGES.map((s) => (
                  <option key={s} value={s}>
                    {t(`stage.${s}`)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('ideas.campaign')} id="f-campaign">
              <Select value={filters.campaignId ?? ''} onChange={(e) => setFilter('campaignId', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {(campaigns.data ?? []).map((c) => (
                  <option key={c.id} value={c.id} lang={lang}>
                    {c.title}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('ideas.department')} id="f-department">
              <Select value={filters.departmentId ?? ''} onChange={(e) => setFilter('departmentId', e.target.value)}>
                <option value="">{t('common.all')}</option>
                {(departments.data ?? []).map((d) => (
                  <option key={d.id} value={d.id} lang={lang}>
                    {departmentLabel(d)}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label={t('ideas.tag')} id="f-tag">
              <Input value={filters.tag ?? ''} onChange={(e) => setFilter('tag', e.target.value)} />
            </Field>
            {isStaff && (
              <Field label={t('ideas.visibility')} id="f-visibility">
                <Select value={filters.visibility ?? ''} onChange={(e) => setFilter('visibility', e.target.value)}>
                  <option value="">{t('common.all')}</option>
                  <option value="internal">{t('ideas.visibilityValue.internal')}</option>
                  <option value="public">{t('ideas.visibilityValue.public')}</option>
                </Select>
              </Field>
            )}
            {isStaff && (
              <Field label={t('ideas.source')} id="f-source">
                <Select value={filters.source ?? ''} onChange={(e) => setFilter('source', e.target.value)}>
                  <option value="">{t('common.all')}</option>
                  <option value="citizen">{t('ideas.sourceValue.citizen')}</option>
                  <option value="staff">{t('ideas.sourceValue.staff')}</option>
                </Select>
              </Field>
            )}
            <Field label={t('ideas.sort')} id="f-sort">
              <Select value={filters.sort ?? defaultSort} onChange={(e) => setFilter('sort', e.target.value === defaultSort ? '' : e.target.value)}>
                {(filters.q ? SEARCH_SORTS : SORTS).map((s) => (
                  <option key={s} value={s}>
                    {t(`ideas.sortBy.${s}`)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          <div className="choices--inline">
            <div className="choice">
              <input type="checkbox" id="f-mine" checked={!!filters.mine} onChange={(e) => setFilter('mine', e.target.checked ? 'true' : '')} />
              <label htmlFor="f-mine">{t('ideas.mine')}</label>
            </div>
            <div className="choice">
              <input type="checkbox" id="f-followed" checked={!!filters.followed} onChange={(e) => setFilter('followed', e.target.checked ? 'true' : '')} />
              <label htmlFor="f-followed">{t('ideas.followed')}</label>
            </div>
            {hasRole('reviewer') && (
              <div className="choice">
                <input type="checkbox" id="f-assigned" checked={!!filters.assigned} onChange={(e) => setFilter('assigned', e.target.checked ? 'true' : '')} />
                <label htmlFor="f-assigned">{t('ideas.assigned')}</label>
              </div>
            )}
            {filtered && (
              <Button
                variant="ghost"
                size="small"
                onClick={() => {
                  setQ('');
                  setParams(new URLSearchParams());
                }}
              >
                {t('ideas.resetFilters')}
              </Button>
            )}
          </div>
        </form>
      </div>

      <p role="status" aria-live="polite" className="meta" aria-busy={ideas.isFetching}>
        {ideas.isSuccess ? t('ideas.found', { count: total }) : ''}
      </p>

      {ideas.isPending ? (
        <CardSkeleton />
      ) : ideas.isError ? (
        <Alert kind="error">
          <p>{errorMessage(ideas.error)}</p>
          <Button onClick={() => void ideas.refetch()}>{t('common.retry')}</Button>
        </Alert>
      ) : items.length === 0 ? (
        <EmptyState
          title={t('ideas.emptyTitle')}
          action={
            filtered ? undefined : (
              <ButtonLink to="/ideas/new" variant="primary">
                {t('ideas.new')}
              </ButtonLink>
            )
          }
        >
          {filtered ? t('ideas.emptyFiltered') : t('ideas.emptyAll')}
        </EmptyState>
      ) : (
        <>
          <ul className="idea-list" aria-busy={ideas.isFetching} ref={listRef}>
            {items.map((idea) => (
              <li key={idea.id}>
                <IdeaCard idea={idea} />
              </li>
            ))}
          </ul>
          <div className="row mt-4" style={{ justifyContent: 'center' }}>
            <span className="meta">{t('common.showing', { shown: items.length, total })}</span>
            {ideas.hasNextPage && (
              <Button
                ref={moreRef}
                onClick={() => loadMore(ideas.fetchNextPage)}
                loading={ideas.isFetchingNextPage}
              >
                {t('common.loadMore')}
              </Button>
            )}
          </div>
        </>
      )}
    </>
  );
}
