import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Field, Input, Select, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { departmentLabel } from '@/lib/shared-queries';
import type { Department, Rollout, RolloutDepartment } from '@/types/api';
import { useSaveRollout, type StoredRollout } from '../api';
import { MarkGermanTerms, useContentLang } from '@/lib/content-language';

const STATUSES = ['planned', 'in_progress', 'done'] as const;
/** The API's limit of a rollout's contact (one line). */
const CONTACT_MAX = 300;

/**
 * The rollout of an idea: its target departments with their status, and whether other
 * municipalities may reuse it (with whom they ask). The cdo edits all of it and saves it as
 * a whole (PUT /ideas/{id}/rollout replaces the list): departments can be added, and those
 * still planned removed; everyone else reads it.
 */
export function RolloutSection({
  ideaId,
  rollout,
  departments,
  canManage,
  internal = false,
}: {
  ideaId: string;
  /** The rollout as stored (the draft starts from it; what is stored decides what may go). */
  rollout: StoredRollout;
  departments: Department[];
  canManage: boolean;
  /** The idea is internal: its reuse profile would still be public (said prominently). */
  internal?: boolean;
}) {
  const { t } = useTranslation();
  // Department names are the municipality's words (its language).
  const lang = useContentLang();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const save = useSaveRollout(ideaId);
  const [draft, setDraft] = useState<Rollout>(rollout);
  const [toAdd, setToAdd] = useState('');
  const [contactError, setContactError] = useState<string>();
  const focusContact = () => document.getElementById('rollout-contact')?.focus();
  // Where focus goes once the next render is on screen (a row that came or went).
  const pendingFocus = useRef<(() => void) | null>(null);
  useEffect(() => {
    const focus = pendingFocus.current;
    pendingFocus.current = null;
    focus?.();
  });

  const deptName = (id: string) => departmentLabel(departments.find((d) => d.id === id)) || id;
  const listed = new Set(draft.departments.map((d) => d.departmentId));
  // Active departments only: the API refuses an inactive one.
  const addable = departments.filter((d) => d.active !== false && !listed.has(d.id));
  const stored = (id: string) => rollout.departments.find((d) => d.departmentId === id);
  // A department that has not started (as stored, and in the draft) can go again; one at least stays.
  const removable = (d: RolloutDepartment) => draft.departments.length > 1 && d.status === 'planned' && (stored(d.departmentId)?.status ?? 'planned') === 'planned';

  const setDepartments = (next: RolloutDepartment[]) => setDraft((r) => ({ ...r, departments: next }));
  const add = () => {
    if (!toAdd) return;
    setDepartments([...draft.departments, { departmentId: toAdd, status: 'planned', updatedAt: '' }]);
    setToAdd('');
    // On to the new row's status, which says the department is there.
    const id = toAdd;
    pendingFocus.current = () => document.getElementById(`rollout-status-${id}`)?.focus();
  };
  const remove = (idx: number) => {
    const next = draft.departments.filter((_, j) => j !== idx);
    setDepartments(next);
    // The next row's remove button (else its status), or the department picker.
    pendingFocus.current = () => {
      const row = next[Math.min(idx, next.length - 1)];
      const target = row && (document.getElementById(`rollout-remove-${row.departmentId}`) ?? document.getElementById(`rollout-status-${row.departmentId}`));
      (target ?? document.getElementById('rollout-add'))?.focus();
    };
  };

  const onSave = () => {
    // The reuse profile names whom other municipalities ask: without it, it is of little use.
    if (draft.reusable && !draft.contact.trim()) {
      setContactError(t('pilot.contactRequired'));
      focusContact();
      return;
    }
    setContactError(undefined);
    save.mutate({ ...draft, etag: rollout.etag }, {
      onSuccess: () => toast.success(t('pilot.rolloutSaved')),
      onError: (err) => {
        if (fieldError(err, 'contact')) focusContact();
        else toast.error(errorMessage(err));
      },
    });
  };

  return (
    <section className="card" aria-labelledby="rollout-h">
      <h2 id="rollout-h">{t('pilot.rollout')}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="rollout-h">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('pilot.department')}</th>
              <th scope="col">{t('admin.status')}</th>
              {canManage && (
                <th scope="col">
                  <span className="visually-hidden">{t('common.actions')}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {draft.departments.map((d, idx) => (
              <tr key={d.departmentId}>
                <th scope="row" lang={lang}>
                  {deptName(d.departmentId)}
                </th>
                <td>
                  {canManage ? (
                    <Select
                      id={`rollout-status-${d.departmentId}`}
                      aria-label={`${t('admin.status')}: ${deptName(d.departmentId)}`}
                      value={d.status}
                      onChange={(e) => setDepartments(draft.departments.map((x, j) => (j === idx ? { ...x, status: e.target.value as RolloutDepartment['status'] } : x)))}
                    >
                      {STATUSES.map((s) => (
                        <option key={s} value={s}>
                          {t(`pilot.rolloutStatus.${s}`)}
                        </option>
                      ))}
                    </Select>
                  ) : (
                    t(`pilot.rolloutStatus.${d.status}`)
                  )}
                </td>
                {canManage && (
                  <td>
                    {removable(d) && (
                      // Each button names its department (WCAG 2.4.6); the name holds the visible word (2.5.3).
                      <Button
                        id={`rollout-remove-${d.departmentId}`}
                        size="small"
                        variant="ghost"
                        aria-label={t('pilot.removeDepartment', { department: deptName(d.departmentId) })}
                        onClick={() => remove(idx)}
                      >
                        {t('common.remove')}
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canManage && (
        <>
          {addable.length > 0 && (
            <div className="row mt-4" style={{ alignItems: 'flex-end' }}>
              <Field label={t('pilot.addDepartment')} hint={t('pilot.addDepartmentHint')} id="rollout-add" className="mb-0">
                <Select value={toAdd} onChange={(e) => setToAdd(e.target.value)}>
                  <option value="">{t('pilot.chooseDepartment')}</option>
                  {addable.map((d) => (
                    <option key={d.id} value={d.id} lang={lang}>
                      {departmentLabel(d)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Button onClick={add} disabled={!toAdd}>
                {t('common.add')}
              </Button>
            </div>
          )}
          <div className="choice mt-4">
            <input
              type="checkbox"
              id="reusable"
              aria-describedby="reusable-hint"
              checked={draft.reusable}
              onChange={(e) => setDraft({ ...draft, reusable: e.target.checked })}
            />
            <label htmlFor="reusable">
              <MarkGermanTerms>{t('pilot.reusable')}</MarkGermanTerms>
            </label>
          </div>
          {/* What the flag does: the profile goes to the shared catalogue, public and without login —
              an internal idea's too, so that is said prominently before anyone saves it. */}
          <div id="reusable-hint">
            {internal ? (
              <Alert kind="warning" title={t('pilot.reusablePublicInternalTitle')}>
                <p>{t('pilot.reusablePublicInternal')}</p>
              </Alert>
            ) : (
              <p className="field__hint">{t('pilot.reusablePublic')}</p>
            )}
          </div>
          {draft.reusable && (
            <Field
              label={t('pilot.contact')}
              hint={t('pilot.contactHint')}
              error={contactError ?? fieldError(save.error, 'contact')}
              required
              id="rollout-contact"
              counter={{ value: draft.contact.length, max: CONTACT_MAX }}
            >
              <Input maxLength={CONTACT_MAX} value={draft.contact} onChange={(e) => setDraft({ ...draft, contact: e.target.value })} />
            </Field>
          )}
          <Button className="mt-4" variant="primary" loading={save.isPending} onClick={onSave}>
            {t('pilot.saveRollout')}
          </Button>
        </>
      )}
      {!canManage && draft.reusable && draft.contact && (
        <dl className="dl mt-4">
          <dt>{t('pilot.contact')}</dt>
          <dd>{draft.contact}</dd>
        </dl>
      )}
      {draft.reusable && (
        <p className="mt-4">
          <a href={`/api/v1/ideas/${ideaId}/reuse-profile`}>{t('pilot.reuseProfile')}</a>
        </p>
      )}
    </section>
  );
}
