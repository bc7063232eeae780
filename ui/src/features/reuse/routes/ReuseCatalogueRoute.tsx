import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CardSkeleton, EmptyState, Field, Input, PageHeader, useErrorMessage } from '@/components/ui';
import { useUrlSearch } from '@/hooks/useUrlSearch';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { useAuth } from '@/lib/auth';
import { useTenant } from '@/lib/tenant';
import { useReuseProfiles } from '../api';
import { ImportFromFile } from '../components/ImportFromFile';
import { ReuseProfileCard } from '../components/ReuseProfileCard';

/**
 * The shared reuse catalogue ("Einer für alle"): every municipality's published profiles,
 * public; the CDO's office imports them as new ideas, from here or from a file of another
 * Ideenwerk (GET /reuse-profiles, POST /reuse-profiles/import).
 */
export function ReuseCatalogueRoute() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const { hasRole } = useAuth();
  const tenant = useTenant();
  // The search lives in the URL, so Back, reloads and shared links keep it.
  const [params] = useSearchParams();
  const [q, setQ] = useUrlSearch();
  const urlQ = params.get('q') ?? '';
  const profiles = useReuseProfiles(urlQ);
  const items = profiles.data?.pages.flatMap((p) => p.items) ?? [];
  const total = profiles.data?.pages[0]?.total ?? 0;
  const imported: Record<string, string> = Object.assign({}, ...(profiles.data?.pages.map((p) => p.imported ?? {}) ?? []));
  const { listRef, moreRef, loadMore } = useLoadMoreFocus(items.length, 'item');
  const isCdo = hasRole('cdo');

  return (
    <>
      <PageHeader
        title={t('reuse.title')}
        intro={
          <>
            {t('reuse.intro')}
            {isCdo && <> {t('reuse.introCdo')}</>}
          </>
        }
        actions={
          <a className="btn" href="/api/v1/schemas/reuse-profile.json">
            {t('reuse.schema')}
          </a>
        }
      />
      {isCdo && (
        <div style={{ marginBottom: '1rem' }}>
          <ImportFromFile />
        </div>
      )}
      <div className="card" style={{ marginBottom: '1rem' }}>
        <form role="search" aria-label={t('reuse.searchLabel')} onSubmit={(e) => e.preventDefault()} className="filters">
          <Field label={t('reuse.searchLabel')} hint={t('reuse.searchHint')} id="reuse-q" className="search-field">
            <Input type="search" maxLength={200} value={q} onChange={(e) => setQ(e.target.value)} />
          </Field>
        </form>
      </div>
      <p role="status" className="meta">
        {profiles.isSuccess ? t('reuse.found', { count: total }) : ''}
      </p>
      {profiles.isPending ? (
        <CardSkeleton />
      ) : profiles.isError ? (
        <Alert kind="error">
          <p>{errorMessage(profiles.error)}</p>
          <Button onClick={() => void profiles.refetch()}>{t('common.retry')}</Button>
        </Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t('reuse.emptyTitle')}>{urlQ ? t('reuse.emptyFiltered') : t('reuse.emptyAll')}</EmptyState>
      ) : (
        <>
          <ul className="idea-list" ref={listRef}>
            {items.map((p) => (
              <li key={p.id}>
                <ReuseProfileCard profile={p} own={!!tenant.data && p.municipality.tenantId === tenant.data.id} canImport={isCdo} importedIdeaId={imported[p.id]} />
              </li>
            ))}
          </ul>
          {profiles.hasNextPage && (
            <div className="row mt-4" style={{ justifyContent: 'center' }}>
              <Button ref={moreRef} onClick={() => loadMore(profiles.fetchNextPage)} loading={profiles.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
