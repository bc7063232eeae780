import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { api, unwrap } from '@/lib/api-client';
import type { ChecklistItem } from '@/types/api';

/** The CDO's checklist for the decision → pilot gate (data protection, IT security, …). */
export function ChecklistRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const qc = useQueryClient();
  const errorMessage = useErrorMessage();
  const q = useQuery({ queryKey: ['settings', 'checklist'], queryFn: () => unwrap(api.GET('/settings/checklist')) });
  const [items, setItems] = useState<ChecklistItem[]>([]);
  useEffect(() => {
    if (q.data) setItems(q.data.items);
  }, [q.data]);
  const save = useMutation({
    mutationFn: () => unwrap(api.PUT('/settings/checklist', { body: { items } })),
    onSuccess: (data) => {
      qc.setQueryData(['settings', 'checklist'], data);
      toast.success(t('admin.saved'));
    },
  });
  if (q.isPending) return <Skeleton />;
  if (q.isError) return <Alert kind="error">{errorMessage(q.error)}</Alert>;
  const upd = (i: number, patch: Partial<ChecklistItem>) => setItems((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <form
      className="card page--medium"
      noValidate
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p className="meta">{t('admin.checklistIntro')}</p>
      <ErrorSummary error={save.error} />
      {items.map((item, i) => (
        <fieldset key={i}>
          <legend>{item.label || t('admin.label')}</legend>
          <div className="grid grid--2">
            <Field label={t('admin.key')} required id={`cl-${i}-key`} hint={t('admin.keyHint')} error={fieldError(save.error, `items[${i}].key`)}>
              <Input value={item.key} onChange={(e) => upd(i, { key: e.target.value })} />
            </Field>
            <Field label={t('admin.label')} required id={`cl-${i}-label`} error={fieldError(save.error, `items[${i}].label`)}>
              <Input value={item.label} onChange={(e) => upd(i, { label: e.target.value })} />
            </Field>
          </div>
          <div className="row row--between">
            <div className="choice">
              <input type="checkbox" id={`cl-${i}-req`} checked={item.required} onChange={(e) => upd(i, { required: e.target.checked })} />
              <label htmlFor={`cl-${i}-req`}>{t('admin.requiredItem')}</label>
            </div>
            <Button size="small" variant="ghost" onClick={() => setItems((all) => all.filter((_, j) => j !== i))}>
              {t('common.remove')}
              <span className="visually-hidden"> {item.label}</span>
            </Button>
          </div>
        </fieldset>
      ))}
      <div className="row">
        <Button onClick={() => setItems((all) => [...all, { key: '', label: '', required: true }])}>{t('admin.addItem')}</Button>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
