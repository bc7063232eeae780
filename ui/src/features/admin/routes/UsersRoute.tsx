import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, ErrorSummary, Field, Input, Select, Skeleton, useErrorMessage, useToast } from '@/components/ui';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { departmentLabel, useDepartments } from '@/lib/shared-queries';
import type { Role, User, UserStatus } from '@/types/api';
import { usePatchUser, useResendVerification, useUsers } from '../api';
import { ROLES } from '../roles';

const STATUSES: UserStatus[] = ['unverified', 'active', 'deactivated', 'deleted'];

export function UsersRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const [q, setQ] = useState('');
  const [role, setRole] = useState<Role | ''>('');
  const [status, setStatus] = useState<UserStatus | ''>('');
  const dq = useDebouncedValue(q, 300);
  const users = useUsers(dq, role, status);
  const departments = useDepartments();
  const patch = usePatchUser();
  const resend = useResendVerification();
  const [editing, setEditing] = useState<User | null>(null);
  const [draft, setDraft] = useState<{ roles: Role[]; departmentId: string; status: 'active' | 'deactivated' }>({ roles: [], departmentId: '', status: 'active' });
  const dep = (id: string | null) => departmentLabel(departments.data?.find((d) => d.id === id));

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
        <div className="table-wrap" tabIndex={0}>
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
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.displayName}</th>
                  <td>{u.email}</td>
                  <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                  <td>{dep(u.departmentId)}</td>
                  <td>{t(`admin.userStatus.${u.status}`)}</td>
                  <td>
                    <div className="row">
                      <Button
                        size="small"
                        onClick={() => {
                          setEditing(u);
                          setDraft({ roles: u.roles, departmentId: u.departmentId ?? '', status: u.status === 'deactivated' ? 'deactivated' : 'active' });
                        }}
                      >
                        {t('common.edit')}
                        <span className="visually-hidden"> {u.displayName}</span>
                      </Button>
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
      )}
      <Dialog
        open={!!editing}
        title={t('admin.editUser', { name: editing?.displayName ?? '' })}
        onClose={() => setEditing(null)}
        footer={
          <>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button
              variant="primary"
              loading={patch.isPending}
              onClick={() =>
                patch.mutate(
                  { id: editing!.id, patch: draft },
                  {
                    onSuccess: () => {
                      toast.success(t('admin.saved'));
                      setEditing(null);
                    },
                  },
                )
              }
            >
              {t('common.save')}
            </Button>
          </>
        }
      >
        <ErrorSummary error={patch.error} />
        <fieldset>
          <legend>{t('admin.roles')}</legend>
          {ROLES.map((r) => (
            <div className="choice" key={r}>
              <input
                type="checkbox"
                id={`role-${r}`}
                checked={draft.roles.includes(r)}
                onChange={(e) => setDraft((d) => ({ ...d, roles: e.target.checked ? [...d.roles, r] : d.roles.filter((x) => x !== r) }))}
              />
              <label htmlFor={`role-${r}`}>{t(`role.${r}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field label={t('admin.department')} id="u-dep">
          <Select value={draft.departmentId} onChange={(e) => setDraft((d) => ({ ...d, departmentId: e.target.value }))}>
            <option value="">{t('common.none')}</option>
            {(departments.data ?? []).map((d) => (
              <option key={d.id} value={d.id}>
                {departmentLabel(d)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('admin.status')} id="u-status">
          <Select value={draft.status} onChange={(e) => setDraft((d) => ({ ...d, status: e.target.value as 'active' | 'deactivated' }))}>
            <option value="active">{t('admin.userStatus.active')}</option>
            <option value="deactivated">{t('admin.userStatus.deactivated')}</option>
          </Select>
        </Field>
      </Dialog>
    </>
  );
}
