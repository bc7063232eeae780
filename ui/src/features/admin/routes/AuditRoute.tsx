import { useEffect, useRef, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, Input, Select, Skeleton, useErrorMessage } from '@/components/ui';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { useFormat } from '@/lib/format';
import { ALL_STAGES } from '@/lib/funnel';
import { departmentLabel, useDepartments } from '@/lib/shared-queries';
import { useContentLang } from '@/lib/content-language';
import type { AuditAction, AuditEntry, UserStatus } from '@/types/api';
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
/** An account's statuses (the contract's UserStatus: the compiler checks that each is here), named as on the accounts page. */
const USER_STATUS: Record<UserStatus, true> = { unverified: true, active: true, deactivated: true, deleted: true };
const USER_STATUSES = new Set<string>(Object.keys(USER_STATUS));
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The audit log (admin, cdo): who did what, when, newest first, filtered by action and
 * period. The filters live in the address, so a view can be bookmarked or passed on.
 * A period that ends before it starts is not asked for: the "to" field says what is wrong.
 */
export function AuditRoute() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filters: AuditFilters = {
    action: params.get('action') ?? '',
    target: params.get('target') ?? '',
    from: DAY.test(params.get('from') ?? '') ? params.get('from')! : '',
    to: DAY.test(params.get('to') ?? '') ? params.get('to')! : '',
  };
  const periodWrong = !!filters.from && !!filters.to && filters.to < filters.from;
  const formRef = useRef<HTMLFormElement>(null);
  // After "Anzeigen" with a wrong period the form is drawn anew (its key): focus goes to the field that says so.
  const focusTo = useRef(false);
  useEffect(() => {
    if (!focusTo.current) return;
    focusTo.current = false;
    if (periodWrong) (formRef.current?.elements.namedItem('to') as HTMLInputElement | null)?.focus();
  }, [params, periodWrong]);

  const actionLabel = (a: string) => (KNOWN.has(a) ? t(`audit.action.${a.replaceAll('.', '_')}`) : a);
  const apply = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of ['action', 'from', 'to'] as const) {
      const v = String(form.get(k) ?? '');
      if (v) next.set(k, v);
    }
    if (filters.target) next.set('target', filters.target);
    focusTo.current = true;
    setParams(next);
  };

  return (
    <div className="stack">
      <p className="meta">{t('audit.intro')}</p>
      <form ref={formRef} className="filters" onSubmit={apply} key={params.toString()} aria-label={t('audit.filters')}>
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
      {!periodWrong && <AuditResults filters={filters} actionLabel={actionLabel} />}
    </div>
  );
}

/** The entries for valid filters (the only place the log is asked for). */
function AuditResults({ filters, actionLabel }: { filters: AuditFilters; actionLabel: (a: string) => string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  // Titles of ideas and names of campaigns and departments are the municipality's words (its language).
  const lang = useContentLang();
  const q = useAuditLog(filters);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const { listRef, moreRef, loadMore } = useLoadMoreFocus<HTMLTableSectionElement>(items.length, 'item');

  // A detail in words where the log knows them: stage, role and account status names, yes/no,
  // departments by code and name; other IDs and free text as recorded.
  const detailLabel = (k: string) => (DETAIL_KEYS.has(k) ? t(`audit.detail.${k}`) : k);
  const detailValue = (e: AuditEntry, k: string, v: string) => {
    if ((k === 'from' || k === 'to' || k === 'stage') && STAGES.has(v)) return t(`stage.${v}`);
    if ((k === 'roles' || k === 'previousRoles') && v.split(',').every((r) => ROLE_NAMES.has(r))) return v.split(',').map((r) => t(`role.${r}`)).join(', ');
    if ((k === 'status' || k === 'previousStatus') && e.targetType === 'user' && USER_STATUSES.has(v)) return t(`admin.userStatus.${v as UserStatus}`);
    if (k === 'active') return v === 'true' ? t('common.yes') : t('common.no');
    if (k === 'displayName' && v === 'changed') return t('audit.changed');
    return v;
  };
  const target = (e: AuditEntry) => {
    const kind = TARGETS.has(e.targetType) ? t(`audit.target.${e.targetType}`) : e.targetType;
    const name = e.targetName;
    if (e.targetType === 'idea') return <>{kind}: <Link to={`/ideas/${e.targetId}`} lang={name ? lang : undefined}>{name ?? e.targetId}</Link></>;
    if (e.targetType === 'campaign') return <>{kind}: <Link to={`/campaigns/${e.targetId}`} lang={name ? lang : undefined}>{name ?? e.targetId}</Link></>;
    // A comment's entry names its idea: the link leads to the comment in the discussion.
    if (e.targetType === 'comment' && e.details.ideaId) return <Link to={`/ideas/${e.details.ideaId}#comment-${e.targetId}`}>{kind}</Link>;
    return name ? (
      <>
        {kind}: <span lang={e.targetType === 'department' ? lang : undefined}>{name}</span>
      </>
    ) : (
      <>
        {kind} <code className="break-all">{e.targetId}</code>
      </>
    );
  };

  return (
    <>
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
                            {Object.entries(e.details).map(([k, v]) =>
                              k === 'departmentId' && e.targetType === 'user' ? (
                                <DepartmentDetail key={k} id={v} />
                              ) : (
                                <div key={k}>
                                  <dt>{detailLabel(k)}</dt>
                                  <dd className="break-all">{detailValue(e, k, v)}</dd>
                                </div>
                              ),
                            )}
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
    </>
  );
}

/**
 * An account's new department as the SPA names it elsewhere ("code — name", from the departments
 * it loads anyway; asked for only when an entry has one). An ID it does not know stays an ID;
 * none (the department was taken away) reads as on the accounts page.
 */
function DepartmentDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useContentLang();
  const departments = useDepartments();
  const dep = id ? departments.data?.find((d) => d.id === id) : undefined;
  return (
    <div>
      <dt>{dep || !id ? t('admin.department') : t('audit.detail.departmentId')}</dt>
      <dd className="break-all" lang={dep ? lang : undefined}>
        {dep ? departmentLabel(dep) : id || t('common.none')}
      </dd>
    </div>
  );
}
