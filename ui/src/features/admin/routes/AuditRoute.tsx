import type { FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, Input, Select, Skeleton, useErrorMessage } from '@/components/ui';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { useFormat } from '@/lib/format';
import { ALL_STAGES } from '@/lib/funnel';
import type { AuditAction, AuditEntry } from '@/types/api';
import { useAuditLog, type AuditFilters } from '../api';
import { ROLES } from '../roles';

/** The actions the server records (the contract's AuditAction: the compiler checks that each is here). */
const ACTIONS: Record<AuditAction, true> = {
  'idea.transition': true,
  'idea.update': true,
  'idea.reviewers.assign': true,
  'idea.merge': true,
  'review.save': true,
  'review.submit': true,
  'review.decline': true,
  'pilot.plan.update': true,
  'pilot.update': true,
  'rollout.update': true,
  'reuse_profile.publish': true,
  'reuse_profile.unpublish': true,
  'reuse_profile.import': true,
  'campaign.create': true,
  'campaign.update': true,
  'criteria_set.create': true,
  'criteria_set.update': true,
  'settings.checklist.update': true,
  'comment.hide': true,
  'comment.dismiss_reports': true,
  'user.update': true,
  'user.resend_verification': true,
  'account.delete': true,
  'department.create': true,
  'department.update': true,
  'tenant.update': true,
  'webhook.create': true,
  'webhook.update': true,
  'webhook.delete': true,
  'webhook.rotate_secret': true,
};
/** …in the order the filter offers them. */
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as AuditAction[];

const KNOWN = new Set<string>(AUDIT_ACTIONS);
/** Detail keys the log names in words; others show as recorded. */
const DETAIL_KEYS = new Set([
  'from', 'to', 'stage', 'reason', 'roles', 'previousRoles', 'status', 'previousStatus', 'departmentId', 'displayName',
  'fields', 'code', 'name', 'active', 'changed', 'decisionId', 'reviewers', 'review', 'ideaId', 'update', 'profile', 'origin',
]);
const STAGES = new Set<string>(ALL_STAGES);
const ROLE_NAMES = new Set<string>(ROLES);
const TARGETS = new Set(['idea', 'campaign', 'comment', 'user', 'department', 'tenant', 'webhook', 'settings', 'criteria_set']);
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The audit log (admin, cdo): who did what, when, newest first, filtered by action and
 * period. The filters live in the address, so a view can be bookmarked or passed on.
 */
export function AuditRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    action: params.get('action') ?? '',
    target: params.get('target') ?? '',
    from: DAY.test(params.get('from') ?? '') ? params.get('from')! : '',
    to: DAY.test(params.get('to') ?? '') ? params.get('to')! : '',
  };
  const q = useAuditLog(filters);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const { listRef, moreRef, loadMore } = useLoadMoreFocus<HTMLTableSectionElement>(items.length, 'item');
  const periodWrong = !!filters.from && !!filters.to && filters.to < filters.from;

  // A detail in words where the log knows them: stage and role names, yes/no; IDs and free text as recorded.
  const detailLabel = (k: string) => (DETAIL_KEYS.has(k) ? t(`audit.detail.${k}`) : k);
  const detailValue = (k: string, v: string) => {
    if ((k === 'from' || k === 'to' || k === 'stage') && STAGES.has(v)) return t(`stage.${v}`);
    if ((k === 'roles' || k === 'previousRoles') && v.split(',').every((r) => ROLE_NAMES.has(r))) return v.split(',').map((r) => t(`role.${r}`)).join(', ');
    if (k === 'active') return v === 'true' ? t('common.yes') : t('common.no');
    if (k === 'displayName' && v === 'changed') return t('audit.changed');
    return v;
  };
  const actionLabel = (a: string) => (KNOWN.has(a) ? t(`audit.action.${a.replaceAll('.', '_')}`) : a);
  const target = (e: AuditEntry) => {
    const kind = TARGETS.has(e.targetType) ? t(`audit.target.${e.targetType}`) : e.targetType;
    const name = e.targetName;
    if (e.targetType === 'idea') return <>{kind}: <Link to={`/ideas/${e.targetId}`}>{name ?? e.targetId}</Link></>;
    if (e.targetType === 'campaign') return <>{kind}: <Link to={`/campaigns/${e.targetId}`}>{name ?? e.targetId}</Link></>;
    // A comment's entry names its idea: the link leads to the comment in the discussion.
    if (e.targetType === 'comment' && e.details.ideaId) return <Link to={`/ideas/${e.details.ideaId}#comment-${e.targetId}`}>{kind}</Link>;
    return name ? (
      <>
        {kind}: {name}
      </>
    ) : (
      <>
        {kind} <code className="break-all">{e.targetId}</code>
      </>
    );
  };

  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of ['action', 'from', 'to'] as const) {
      const v = String(form.get(k) ?? '');
      if (v) next.set(k, v);
    }
    if (filters.target) next.set('target', filters.target);
    setParams(next);
  };

  return (
    <div className="stack">
      <p className="meta">{t('audit.intro')}</p>
      <form className="filters" onSubmit={apply} key={params.toString()} aria-label={t('audit.filters')}>
        <Field label={t('audit.filterAction')} id="audit-action">
          <Select name="action" defaultValue={filters.action}>
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(a)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('audit.from')} id="audit-from">
          <Input type="date" name="from" defaultValue={filters.from} />
        </Field>
        <Field label={t('audit.to')} id="audit-to" error={periodWrong ? t('audit.periodWrong') : undefined}>
          <Input type="date" name="to" defaultValue={filters.to} />
        </Field>
        <div className="filters__actions">
          <Button type="submit" variant="primary">
            {t('audit.apply')}
          </Button>
          {[...params.keys()].length > 0 && (
            <Button variant="ghost" onClick={() => setParams(new URLSearchParams())}>
              {t('audit.reset')}
            </Button>
          )}
        </div>
      </form>
      {filters.target && (
        <p>
          {t('audit.onlyTarget', { id: filters.target })}{' '}
          <Link
            to={{
              search: (() => {
                const next = new URLSearchParams(params);
                next.delete('target');
                return next.toString();
              })(),
            }}
          >
            {t('audit.allTargets')}
          </Link>
        </p>
      )}
      {q.isPending ? (
        <Skeleton lines={8} />
      ) : q.isError ? (
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      ) : (
        <>
          <p role="status">{items.length === 0 ? t('audit.empty') : t('audit.count', { count: q.data.pages[0]?.total ?? items.length })}</p>
          {items.length > 0 && (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('audit.title')}>
              <table className="table">
                <caption className="visually-hidden">{t('audit.title')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('audit.at')}</th>
                    <th scope="col">{t('audit.who')}</th>
                    <th scope="col">{t('audit.what')}</th>
                    <th scope="col">{t('audit.target.title')}</th>
                    <th scope="col">{t('audit.details')}</th>
                  </tr>
                </thead>
                <tbody ref={listRef}>
                  {items.map((e) => (
                    <tr key={e.id}>
                      <td>
                        <time dateTime={e.at}>{fmt.dateTime(e.at)}</time>
                      </td>
                      <td>{e.actor ? e.actor.displayName || t('common.deletedAccount') : t('audit.system')}</td>
                      <th scope="row">{actionLabel(e.action)}</th>
                      <td>{target(e)}</td>
                      <td>
                        {Object.keys(e.details).length > 0 && (
                          <dl className="audit__details">
                            {Object.entries(e.details).map(([k, v]) => (
                              <div key={k}>
                                <dt>{detailLabel(k)}</dt>
                                <dd className="break-all">{detailValue(k, v)}</dd>
                              </div>
                            ))}
                          </dl>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {q.hasNextPage && (
            <div>
              <Button ref={moreRef} onClick={() => loadMore(q.fetchNextPage)} loading={q.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </div>
  );
}
