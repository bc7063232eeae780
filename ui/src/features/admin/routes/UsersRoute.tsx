import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, ErrorSummary, Field, Input, Select, Skeleton, useErrorMessage, useToast } from '@/components/ui';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { ApiError } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';
import { departmentLabel, useDepartments } from '@/lib/shared-queries';
import { useContentLang } from '@/lib/content-language';
import type { Role, User, UserStatus } from '@/types/api';
import { findUser, usePatchUser, useResendVerification, useUsers, type UserPatch } from '../api';
import { ROLES } from '../roles';

const STATUSES: UserStatus[] = ['unverified', 'active', 'deactivated', 'deleted'];

interface UserDraft {
  roles: Role[];
  departmentId: string;
  /** The account's status as it is, or the one the admin chose (active or deactivated). */
  status: UserStatus;
}

const draftOf = (u: User): UserDraft => ({ roles: u.roles, departmentId: u.departmentId ?? '', status: u.status });

/** What the admin changed of the account: only that is sent (nothing at all when nothing changed). */
function changesOf(base: User, d: UserDraft): UserPatch {
  const patch: UserPatch = {};
  if (d.roles.length !== base.roles.length || d.roles.some((r) => !base.roles.includes(r))) patch.roles = ROLES.filter((r) => d.roles.includes(r));
  if (d.departmentId !== (base.departmentId ?? '')) patch.departmentId = d.departmentId;
  if (d.status !== base.status && (d.status === 'active' || d.status === 'deactivated')) patch.status = d.status;
  return patch;
}

export function UsersRoute() {
  const { t } = useTranslation();
  // Department names are the municipality's words (its language).
  const lang = useContentLang();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const me = useAuth().user;
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const dq = useDebouncedValue(q, 300);
  const users = useUsers(dq, role, status);
  const items = users.data?.pages.flatMap((p) => p.items) ?? [];
  const { listRef, moreRef, loadMore } = useLoadMoreFocus<HTMLTableSectionElement>(items.length, 'item');
  const departments = useDepartments();
  const patch = usePatchUser();
  const resend = useResendVerification();
  /** The account as it was when the dialog was opened (or reloaded after a conflict). */
  const [editing, setEditing] = useState<User | null>(null);
  const [draft, setDraft] = useState<UserDraft>({ roles: [], departmentId: '', status: 'active' });
  /** Someone else changed the account meanwhile: the dialog now shows its current state. */
  const [stale, setStale] = useState(false);
  const staleRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stale) staleRef.current?.focus();
  }, [stale]);
  const dep = (id: string | null) => departmentLabel(departments.data?.find((d) => d.id === id));
  const self = !!editing && editing.id === me?.id;

  const open = (u: User) => {
    patch.reset();
    setStale(false);
    setEditing(u);
    setDraft(draftOf(u));
  };

  // A refusal because the account changed meanwhile (412): show the current state in the
  // dialog, so the admin decides again on what is there now.
  const reload = async (u: User) => {
    const r = await users.refetch();
    const fresh = r.data?.pages.flatMap((p) => p.items).find((x) => x.id === u.id) ?? (await findUser(u.id, u.email).catch(() => undefined));
    if (!fresh) {
      setEditing(null);
      toast.error(t('errors.precondition_failed'));
      return;
    }
    setEditing(fresh);
    setDraft(draftOf(fresh));
    patch.reset();
    setStale(true);
  };

  const save = () => {
    const base = editing!;
    const changes = changesOf(base, draft);
    if (Object.keys(changes).length === 0) {
      setEditing(null);
      return;
    }
    setStale(false);
    patch.mutate(
      { id: base.id, version: base.version, patch: changes },
      {
        onSuccess: () => {
          toast.success(t('admin.saved'));
          setEditing(null);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.isStale) void reload(base);
        },
      },
    );
  };

  // The status as it is (an unconfirmed account stays unconfirmed unless the admin confirms
  // it by hand), or active or deactivated.
  // One's own account cannot be deactivated.
  const statusOptions: UserStatus[] = (editing?.status === 'unverified' ? (['unverified', 'active', 'deactivated'] as UserStatus[]) : (['active', 'deactivated'] as UserStatus[])).filter(
    (s) => !(self && s === 'deactivated'),
  );
  const statusLabel = (s: UserStatus) => (s === 'active' && editing?.status === 'unverified' ? t('admin.confirmByHand') : t(`admin.userStatus.${s}`));
  // One's own roles: another admin grants new ones, and the own admin role stays.
  const roleLocked = (r: Role) => self && (r === 'admin' || !editing!.roles.includes(r));

  return (
    <>
      <div className="filters">
        <Field label={t('admin.search')} id="u-q">
          <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} />
        </Field>
        <Field label={t('admin.role')} id="u-role">
          <Select value={role} onChange={(e) => setRole(e.target.value as Role | '')}>
            <option value="">{t('admin.allRoles')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('admin.status')} id="u-status-filter">
          <Select value={status} onChange={(e) => setStatus(e.target.value as UserStatus | '')}>
            <option value="">{t('admin.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`admin.userStatus.${s}`)}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {users.isPending ? (
        <Skeleton />
      ) : users.isError ? (
        <Alert kind="error">{errorMessage(users.error)}</Alert>
      ) : (
        <>
          <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.users')}>
            <table className="table">
              <caption className="visually-hidden">{t('admin.users')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.name')}</th>
                  <th scope="col">{t('admin.email')}</th>
                  <th scope="col">{t('admin.roles')}</th>
                  <th scope="col">{t('admin.department')}</th>
                  <th scope="col">{t('admin.status')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody ref={listRef}>
                {items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.displayName}</th>
                    <td>{u.email}</td>
                    <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                    <td lang={u.departmentId ? lang : undefined}>{dep(u.departmentId)}</td>
                    <td>{t(`admin.userStatus.${u.status}`)}</td>
                    <td>
                      <div className="row">
                        {/* A deleted account cannot be changed any more. */}
                        {u.status !== 'deleted' && (
                          <Button size="small" onClick={() => open(u)}>
                            {t('common.edit')}
                            <span className="visually-hidden"> {u.displayName}</span>
                          </Button>
                        )}
                        {u.status === 'unverified' && (
                          <Button
                            size="small"
                            loading={resend.isPending && resend.variables === u.id}
                            onClick={() =>
                              resend.mutate(u.id, {
                                onSuccess: () => toast.success(t('admin.verificationSent', { name: u.displayName })),
                                onError: (err) => toast.error(errorMessage(err)),
                              })
                            }
                          >
                            {t('admin.resendVerification')}
                            <span className="visually-hidden"> {u.displayName}</span>
                          </Button>
                        )}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {users.hasNextPage && (
            <div>
              <Button ref={moreRef} onClick={() => loadMore(users.fetchNextPage)} loading={users.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
      <Dialog
        open={!!editing}
        title={t('admin.editUser', { name: editing?.displayName ?? '' })}
        onClose={() => setEditing(null)}
        footer={
          <>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button variant="primary" loading={patch.isPending} onClick={save}>
              {t('common.save')}
            </Button>
          </>
        }
      >
        {stale ? (
          <Alert ref={staleRef} kind="error" title={t('errors.title')} live>
            <p>{t('admin.staleDialog')}</p>
          </Alert>
        ) : (
          <ErrorSummary error={patch.error instanceof ApiError && patch.error.isStale ? null : patch.error} />
        )}
        <fieldset>
          <legend>{t('admin.roles')}</legend>
          {self && (
            <p className="field__hint" id="u-roles-self">
              {t('admin.selfRolesHint')}
            </p>
          )}
          {ROLES.map((r) => (
            <div className="choice" key={r}>
              <input
                type="checkbox"
                id={`role-${r}`}
                checked={draft.roles.includes(r)}
                disabled={roleLocked(r)}
                aria-describedby={roleLocked(r) ? 'u-roles-self' : undefined}
                onChange={(e) => setDraft((d) => ({ ...d, roles: e.target.checked ? [...d.roles, r] : d.roles.filter((x) => x !== r) }))}
              />
              <label htmlFor={`role-${r}`}>{t(`role.${r}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field label={t('admin.department')} id="u-dep">
          <Select value={draft.departmentId} onChange={(e) => setDraft((d) => ({ ...d, departmentId: e.target.value }))}>
            <option value="">{t('common.none')}</option>
            {/* Active departments, and the account's own even if it has been closed since. */}
            {(departments.data ?? []).filter((d) => d.active || d.id === editing?.departmentId).map((d) => (
              <option key={d.id} value={d.id} lang={lang}>
                {departmentLabel(d)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('admin.status')} id="u-status">
          <Select value={draft.status} onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value as UserStatus }))}>
            {statusOptions.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </Select>
        </Field>
      </Dialog>
    </>
  );
}
