import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, Skeleton, TextArea, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { useCriteriaSets } from '@/lib/shared-queries';
import { CriteriaSetName, CriterionName, criteriaSetName } from '@/lib/criteria';
import { useContentLang } from '@/lib/content-language';
import type { Criterion } from '@/types/api';
import type { CriteriaDraft } from '../api';
import { useSaveCriteriaSet } from '../api';
import { useSingleFlight } from '../useSingleFlight';

export function weightSum(criteria: Pick<Criterion, 'weight'>[]): number {
  return criteria.reduce((s, c) => s + (Number.isFinite(c.weight) ? c.weight : 0), 0);
}

export function CriteriaRoute() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  // The list shows the default set and criteria in the UI's language; the form edits what is stored (the municipality's language).
  const lang = useContentLang();
  const sets = useCriteriaSets();
  const save = useSaveCriteriaSet();
  // A double click on "Speichern" of a new set would create it twice.
  const saving = useSingleFlight();
  const [draft, setDraft] = useState<CriteriaDraft | null>(null);
  // A set in use keeps the keys of its criteria (decision records and reviews refer to them);
  // criteria added to it, and every criterion of a set not yet used, take any key.
  const [lockedKeys, setLockedKeys] = useState<Set<string>>(new Set());
  const sum = draft ? weightSum(draft.criteria) : 0;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    // The button stays reachable; a sum other than 100 is said beside it, and the focus goes to
    // that sentence, so it is read out (a live region already shown is not announced again).
    if (sum !== 100) {
      document.getElementById('cs-sum')?.focus();
      return;
    }
    saving.run(() =>
      save.mutateAsync(draft, {
        onSuccess: () => {
          toast.success(t('admin.saved'));
          setDraft(null);
        },
      }),
    );
  };

  return (
    <div className="stack">
      {sets.isPending ? (
        <Skeleton />
      ) : sets.isError ? (
        <Alert kind="error">{errorMessage(sets.error)}</Alert>
      ) : (
        <ul className="grid grid--2" style={{ listStyle: 'none', padding: 0 }}>
          {sets.data.map((s) => (
            <li key={s.id} className="card">
              <h3 className="card__title">
                <CriteriaSetName name={s.name} />
              </h3>
              <ul>
                {s.criteria.map((c) => (
                  <li key={c.key}>
                    <CriterionName criterion={c} /> – {c.weight} %
                  </li>
                ))}
              </ul>
              <Button
                size="small"
                onClick={() => {
                  setDraft({ id: s.id, name: s.name, description: s.description, criteria: structuredClone(s.criteria), inUse: s.inUse });
                  setLockedKeys(new Set(s.inUse ? s.criteria.map((c) => c.key) : []));
                }}
              >
                {t('common.edit')}
                <span className="visually-hidden"> {criteriaSetName(t, s.name)}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {!draft && (
        <div>
          <Button
            variant="primary"
            onClick={() => {
              setDraft({ name: '', criteria: [{ key: '', label: '', description: '', weight: 100 }] });
              setLockedKeys(new Set());
            }}
          >
            {t('admin.newSet')}
          </Button>
        </div>
      )}
      {draft && (
        <form className="card" noValidate onSubmit={onSubmit} aria-labelledby="crit-form-h">
          <h3 id="crit-form-h">{draft.id ? <CriteriaSetName name={draft.name} /> : t('admin.newSet')}</h3>
          <ErrorSummary error={save.error} />
          <Field label={t('admin.setName')} required id="cs-name" error={fieldError(save.error, 'name')}>
            <Input value={draft.name} lang={lang} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          </Field>
          {draft.criteria.map((c, i) => {
            const upd = (p: Partial<Criterion>) => setDraft({ ...draft, criteria: draft.criteria.map((x, j) => (j === i ? { ...x, ...p } : x)) });
            return (
              <fieldset key={i}>
                <legend>
                  {i + 1}. {c.label ? <span lang={lang}>{c.label}</span> : t('admin.label')}
                </legend>
                <div className="grid grid--3">
                  <Field label={t('admin.key')} required id={`cs-${i}-key`} hint={t('admin.keyHint', { example: t('admin.keyExample.criteria') })} error={fieldError(save.error, `criteria[${i}].key`)}>
                    <Input value={c.key} readOnly={lockedKeys.has(c.key)} onChange={(e) => upd({ key: e.target.value })} />
                  </Field>
                  <Field label={t('admin.label')} required id={`cs-${i}-label`} error={fieldError(save.error, `criteria[${i}].label`)}>
                    <Input value={c.label} lang={lang} onChange={(e) => upd({ label: e.target.value })} />
                  </Field>
                  <Field label={t('admin.weight')} required id={`cs-${i}-weight`} error={fieldError(save.error, `criteria[${i}].weight`)}>
                    <Input type="number" min={0} max={100} value={c.weight} onChange={(e) => upd({ weight: Number(e.target.value) })} />
                  </Field>
                </div>
                <Field label={t('admin.description')} id={`cs-${i}-desc`}>
                  <TextArea rows={2} style={{ minHeight: '4rem' }} value={c.description ?? ''} lang={lang} onChange={(e) => upd({ description: e.target.value })} />
                </Field>
                {draft.criteria.length > 1 && (
                  <Button size="small" variant="ghost" onClick={() => setDraft({ ...draft, criteria: draft.criteria.filter((_, j) => j !== i) })}>
                    {t('admin.removeCriterion', { n: i + 1 })}
                  </Button>
                )}
              </fieldset>
            );
          })}
          <p role="status" id="cs-sum" tabIndex={-1} className={sum === 100 ? 'meta' : 'field__error'}>
            {t('admin.weightSum', { sum })}
            {sum !== 100 && <> – {t('admin.weightSumError')}</>}
          </p>
          <div className="row">
            <Button onClick={() => setDraft({ ...draft, criteria: [...draft.criteria, { key: '', label: '', description: '', weight: 0 }] })}>
              {t('admin.addCriterion')}
            </Button>
            <Button type="submit" variant="primary" aria-describedby={sum !== 100 ? 'cs-sum' : undefined} loading={saving.busy || save.isPending}>
              {t('common.save')}
            </Button>
            <Button variant="ghost" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
