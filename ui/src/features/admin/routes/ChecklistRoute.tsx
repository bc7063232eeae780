import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, Skeleton, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { api, unwrap } from '@/lib/api-client';
import { useContentLang } from '@/lib/content-language';
import type { ChecklistItem } from '@/types/api';

/** A row of the form: an item, and whether it is saved (its key is then fixed). */
interface Row extends ChecklistItem {
  rowId: number;
  saved: boolean;
}

/** The API's limit of checklist items (internal/domain/checklist.go). */
const CHECKLIST_MAX = 30;

/** The API's rule for keys (internal/domain/checklist.go): 2–40 characters a–z, 0–9 and _, a letter first. */
const KEY_RE = /^[a-z][a-z0-9_]{1,39}$/;

export type ChecklistError = { kind: 'required' } | { kind: 'key' } | { kind: 'keyTwice'; n: number } | { kind: 'labelLength' };

/**
 * The checks of the API on a checklist, all at once and each at its field ("items[2].key"):
 * key and label given, the key's form, no key twice (marked where it comes again, naming the
 * item that has it first) and labels of 2–200 characters.
 */
export function validateChecklist(items: Pick<ChecklistItem, 'key' | 'label'>[]): Record<string, ChecklistError> {
  const errors: Record<string, ChecklistError> = {};
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const key = item.key;
    if (!key.trim()) errors[`items[${i}].key`] = { kind: 'required' };
    else if (!KEY_RE.test(key)) errors[`items[${i}].key`] = { kind: 'key' };
    else if (first.has(key)) errors[`items[${i}].key`] = { kind: 'keyTwice', n: first.get(key)! + 1 };
    else first.set(key, i);
    const label = [...item.label.trim()].length;
    if (label === 0) errors[`items[${i}].label`] = { kind: 'required' };
    else if (label < 2 || label > 200) errors[`items[${i}].label`] = { kind: 'labelLength' };
  });
  return errors;
}

/** The CDO's checklist for the decision → pilot gate (data protection, IT security, …). */
export function ChecklistRoute() {
  const { t } = useTranslation();
  // The items' labels are the tenant's own words, as stored (the municipality's language).
  const lang = useContentLang();
  const toast = useToast();
  const qc = useQueryClient();
  const errorMessage = useErrorMessage();
  const q = useQuery({ queryKey: ['settings', 'checklist'], queryFn: () => unwrap(api.GET('/settings/checklist')) });
  const [rows, setRows] = useState<Row[]>([]);
  const [nextId, setNextId] = useState(0);
  const [errors, setErrors] = useState<Record<string, ChecklistError>>({});
  useEffect(() => {
    // Saved items (also the default ones, which decisions may already name) keep their keys.
    if (q.data) {
      setRows(q.data.items.map((item, i) => ({ ...item, rowId: i, saved: true })));
      setNextId(q.data.items.length);
      setErrors({});
    }
  }, [q.data]);
  const save = useMutation({
    // With the version it loaded: a checklist another cdo saved meanwhile is not overwritten.
    mutationFn: (items: ChecklistItem[]) =>
      unwrap(
        api.PUT('/settings/checklist', {
          body: { items },
          params: { header: q.data && q.data.version > 0 ? { 'If-Match': `"v${q.data.version}"` } : undefined },
        }),
      ),
    onSuccess: (data) => {
      qc.setQueryData(['settings', 'checklist'], data);
      toast.success(t('admin.saved'));
    },
  });
  if (q.isPending) return <Skeleton />;
  if (q.isError) return <Alert kind="error">{errorMessage(q.error)}</Alert>;

  const field = (i: number, name: 'key' | 'label') => `items[${i}].${name}`;
  const inputId = (i: number, name: 'key' | 'label') => `cl-${i}-${name}`;
  const upd = (i: number, patch: Partial<ChecklistItem>) => {
    setRows((all) => all.map((x, j) => (j === i ? { ...x, ...patch } : x)));
    // What is being corrected is no longer marked; the rest stays until the next attempt.
    setErrors((all) => Object.fromEntries(Object.entries(all).filter(([f]) => !Object.keys(patch).some((k) => f === field(i, k as 'key' | 'label')))));
  };
  const remove = (i: number) => {
    setRows((all) => all.filter((_, j) => j !== i));
    // The marks name items by position, which has changed.
    setErrors({});
    save.reset();
  };
  const errorText = (e: ChecklistError | undefined) => {
    if (!e) return undefined;
    switch (e.kind) {
      case 'required':
        return t('errors.field.required');
      case 'key':
        return t('errors.field.key');
      case 'keyTwice':
        return t('admin.keyTwice', { n: e.n });
      case 'labelLength':
        return t('errors.field.rangeChars', { min: 2, max: 200 });
    }
  };
  // "3. Prüfpunkt: <label>", the label marked with its language.
  const itemName = (row: Row, i: number) =>
    row.label.trim() ? (
      <>
        {t('admin.itemN', { n: i + 1 })}: <span lang={lang}>{row.label.trim()}</span>
      </>
    ) : (
      t('admin.itemN', { n: i + 1 })
    );
  const fieldIds: Record<string, string> = {};
  const labels: Record<string, string> = {};
  rows.forEach((_, i) => {
    for (const name of ['key', 'label'] as const) {
      fieldIds[field(i, name)] = inputId(i, name);
      labels[field(i, name)] = t(`admin.${name}`); // the summary adds "(3. Eintrag)"
    }
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.reset();
    const found = validateChecklist(rows);
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      const [, i, name] = first.match(/^items\[(\d+)\]\.(key|label)$/)!;
      document.getElementById(inputId(Number(i), name as 'key' | 'label'))?.focus();
      return;
    }
    save.mutate(rows.map(({ key, label, required }) => ({ key, label: label.trim(), required })));
  };

  return (
    <form className="card page--medium" noValidate onSubmit={onSubmit}>
      <p className="meta">{t('admin.checklistIntro')}</p>
      <ErrorSummary error={save.error} fieldIds={fieldIds} labels={labels} />
      {rows.map((item, i) => (
        <fieldset key={item.rowId}>
          <legend>{itemName(item, i)}</legend>
          <div className="grid grid--2">
            <Field
              label={t('admin.key')}
              required
              id={inputId(i, 'key')}
              hint={item.saved ? t('admin.keyLocked') : t('admin.keyHint', { example: t('admin.keyExample.checklist') })}
              error={errorText(errors[field(i, 'key')]) ?? fieldError(save.error, field(i, 'key'))}
            >
              <Input
                value={item.key}
                readOnly={item.saved}
                autoCapitalize="none"
                autoCorrect="off"
                spellCheck={false}
                maxLength={40}
                onChange={(e) => upd(i, { key: e.target.value })}
              />
            </Field>
            <Field
              label={t('admin.label')}
              required
              id={inputId(i, 'label')}
              error={errorText(errors[field(i, 'label')]) ?? fieldError(save.error, field(i, 'label'))}
            >
              <Input value={item.label} lang={lang} maxLength={200} onChange={(e) => upd(i, { label: e.target.value })} />
            </Field>
          </div>
          <div className="row row--between">
            <div className="choice">
              <input type="checkbox" id={`cl-${i}-req`} checked={item.required} onChange={(e) => upd(i, { required: e.target.checked })} />
              <label htmlFor={`cl-${i}-req`}>{t('admin.requiredItem')}</label>
            </div>
            <Button size="small" variant="ghost" onClick={() => remove(i)}>
              {t('common.remove')}
              <span className="visually-hidden"> {itemName(item, i)}</span>
            </Button>
          </div>
        </fieldset>
      ))}
      <div className="row">
        <Button
          disabled={rows.length >= CHECKLIST_MAX}
          aria-describedby={rows.length >= CHECKLIST_MAX ? 'checklist-full' : undefined}
          onClick={() => {
            setRows((all) => [...all, { key: '', label: '', required: true, rowId: nextId, saved: false }]);
            setNextId((n) => n + 1);
          }}
        >
          {t('admin.addItem')}
        </Button>
        <Button type="submit" variant="primary" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </div>
      {rows.length >= CHECKLIST_MAX && (
        <p className="meta" id="checklist-full">
          {t('admin.checklistFull', { max: CHECKLIST_MAX })}
        </p>
      )}
    </form>
  );
}
