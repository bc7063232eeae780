import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, ErrorSummary, Field, Input, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { ApiError } from '@/lib/api-client';
import { useDepartments } from '@/lib/shared-queries';
import { useContentLang } from '@/lib/content-language';
import type { Department } from '@/types/api';
import { useSaveDepartment, type DepartmentPatch } from '../api';
import { useSingleFlight } from '../useSingleFlight';

export function DepartmentsRoute() {
  const { t } = useTranslation();
  // Department names are the municipality's words (its language).
  const lang = useContentLang();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const departments = useDepartments();
  const save = useSaveDepartment();
  // One POST per click: a double click used to send a second one, refused with 409 for the
  // code the first had just taken (see useSingleFlight).
  const saveFlight = useSingleFlight();
  const [editing, setEditing] = useState<{ id?: string; code: string; name: string; active: boolean } | null>(null);
  /** The department as it was when the dialog was opened (or reloaded after a conflict). */
  const [base, setBase] = useState<Department | null>(null);
  /** Someone else changed the department meanwhile: the dialog now shows its current state. */
  const [stale, setStale] = useState(false);
  const staleRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (stale) staleRef.current?.focus();
  }, [stale]);
  const open = (d: Department | null) => {
    save.reset();
    setStale(false);
    setBase(d);
    setEditing(d ? { id: d.id, code: d.code, name: d.name, active: d.active } : { code: '', name: '', active: true });
  };
  // A refusal because the department changed meanwhile (412): show its current state.
  const reload = async (id: string) => {
    const fresh = (await departments.refetch()).data?.find((d) => d.id === id);
    if (!fresh) {
      setEditing(null);
      toast.error(t('errors.precondition_failed'));
      return;
    }
    open(fresh);
    setStale(true);
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const draft = editing!;
    const done = {
      onSuccess: () => {
        toast.success(t('admin.saved'));
        setEditing(null);
      },
    };
    if (!draft.id || !base) {
      saveFlight.run(() => save.mutateAsync({ code: draft.code, name: draft.name }, done));
      return;
    }
    // Only what the admin changed, with the version the dialog shows (If-Match).
    const patch: DepartmentPatch = {};
    if (draft.code !== base.code) patch.code = draft.code;
    if (draft.name !== base.name) patch.name = draft.name;
    if (draft.active !== base.active) patch.active = draft.active;
    if (Object.keys(patch).length === 0) {
      setEditing(null);
      return;
    }
    setStale(false);
    saveFlight.run(() =>
      save.mutateAsync(
        { id: draft.id!, version: base.version, patch },
        {
          ...done,
          onError: (err) => {
            if (err instanceof ApiError && err.isStale) void reload(draft.id!);
          },
        },
      ),
    );
  };
  return (
    <>
      <div className="row" style={{ marginBottom: '1rem' }}>
        <Button
          variant="primary"
          onClick={() => open(null)}
        >
          {t('admin.newDepartment')}
        </Button>
      </div>
      {departments.isPending ? (
        <Skeleton />
      ) : departments.isError ? (
        <Alert kind="error">{errorMessage(departments.error)}</Alert>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.departments')}>
          <table className="table">
            <caption className="visually-hidden">{t('admin.departments')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.active')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {departments.data.map((d) => (
                <tr key={d.id}>
                  <td>{d.code}</td>
                  <th scope="row" lang={lang}>
                    {d.name}
                  </th>
                  <td>{d.active ? t('common.yes') : t('common.no')}</td>
                  <td>
                    <Button
                      size="small"
                      onClick={() => open(d)}
                    >
                      {t('common.edit')}
                      <span className="visually-hidden">
                        {' '}
                        <span lang={lang}>{d.name}</span>
                      </span>
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog
        open={!!editing}
        title={editing?.id ? t('admin.editDepartment') : t('admin.newDepartment')}
        onClose={() => setEditing(null)}
        footer={
          <>
            <Button onClick={() => setEditing(null)}>{t('common.cancel')}</Button>
            <Button variant="primary" type="submit" form="dep-form" loading={saveFlight.busy || save.isPending}>
              {editing?.id ? t('common.save') : t('admin.create')}
            </Button>
          </>
        }
      >
        {editing && (
          <form id="dep-form" noValidate onSubmit={onSubmit}>
            {stale && (
              <Alert ref={staleRef} kind="error" title={t('errors.title')} live>
                <p>{t('admin.staleDialog')}</p>
              </Alert>
            )}
            <ErrorSummary error={save.error instanceof ApiError && save.error.isStale ? null : save.error} fieldIds={{ code: 'dep-code', name: 'dep-name' }} labels={{ code: t('admin.code'), name: t('admin.name') }} />
            <Field label={t('admin.code')} required id="dep-code" error={fieldError(save.error, 'code')}>
              <Input value={editing.code} onChange={(e) => setEditing({ ...editing, code: e.target.value })} />
            </Field>
            <Field label={t('admin.name')} required id="dep-name" error={fieldError(save.error, 'name')}>
              <Input value={editing.name} lang={lang} onChange={(e) => setEditing({ ...editing, name: e.target.value })} />
            </Field>
            {editing.id && (
              <div className="choice">
                <input type="checkbox" id="dep-active" checked={editing.active} onChange={(e) => setEditing({ ...editing, active: e.target.checked })} />
                <label htmlFor="dep-active">{t('admin.active')}</label>
              </div>
            )}
          </form>
        )}
      </Dialog>
    </>
  );
}
