import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, ErrorSummary, Field, Input, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { useDepartments } from '@/lib/shared-queries';
import { useSaveDepartment } from '../api';
import { useSingleFlight } from '../useSingleFlight';

export function DepartmentsRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const departments = useDepartments();
  const save = useSaveDepartment();
  // One POST per click: a double click used to send a second one, refused with 409 for the
  // code the first had just taken (see useSingleFlight).
  const saveFlight = useSingleFlight();
  const [editing, setEditing] = useState<{ id?: string; code: string; name: string; active: boolean } | null>(null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const draft = editing!;
    saveFlight.run(() =>
      save.mutateAsync(draft, {
        onSuccess: () => {
          toast.success(t('admin.saved'));
          setEditing(null);
        },
      }),
    );
  };
  return (
    <>
      <div className="row" style={{ marginBottom: '1rem' }}>
        <Button
          variant="primary"
          onClick={() => {
            save.reset();
            setEditing({ code: '', name: '', active: true });
          }}
        >
          {t('admin.newDepartment')}
        </Button>
      </div>
      {departments.isPending ? (
        <Skeleton />
      ) : departments.isError ? (
        <Alert kind="error">{errorMessage(departments.error)}</Alert>
      ) : (
        <div className="table-wrap" tabIndex={0}>
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
                  <th scope="row">{d.name}</th>
                  <td>{d.active ? t('common.yes') : t('common.no')}</td>
                  <td>
                    <Button
                      size="small"
                      onClick={() => {
                        save.reset();
                        setEditing({ id: d.id, code: d.code, name: d.name, active: d.active });
                      }}
                    >
                      {t('common.edit')}
                      <span className="visually-hidden"> {d.name}</span>
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
            <ErrorSummary error={save.error} fieldIds={{ code: 'dep-code', name: 'dep-name' }} labels={{ code: t('admin.code'), name: t('admin.name') }} />
            <Field label={t('admin.code')} required id="dep-code" error={fieldError(save.error, 'code')}>
              <Input value={editing.code} onChange={(e) => setEditing({ ...editing, code: e.target.value })} />
            </Field>
            <Field label={t('admin.name')} required id="dep-name" error={fieldError(save.error, 'name')}>
              <Input value={editing.name} onChange={(e) => setEditing({ ...editing, name: e.target.value })} />
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
