import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorMessage } from '@/components/ui/ErrorSummary';
import { FieldErrorText } from '@/components/ui/Field';
import { useUsersWithRole } from '@/lib/shared-queries';

export interface ReviewerChoice {
  id: string;
  displayName: string;
}

/**
 * The people who may review an idea, as checkboxes: active users with the reviewer role, never
 * the idea's authors. Used by the screening → evaluation gate and by "Gutachtende ändern".
 * `also` lists people to offer beyond the reviewer list (those assigned now, first);
 * `locked` ones are shown with the reason their box cannot be changed.
 * `id` (and `focusRef`) name where the focus goes into the list: the first box that can be
 * changed, or the group itself while there is none (a disabled box cannot take the focus).
 */
export function ReviewerPicker({
  id,
  enabled = true,
  authorIds,
  selected,
  onChange,
  error,
  hint,
  also = [],
  locked = {},
  focusRef,
  min = 1,
  children,
}: {
  /** How many must be chosen (a campaign's reviewers per idea): fewer people to choose from are a dead end, said as such. */
  min?: number;
  /** The id of the first checkbox that can be changed (else of the group): where a "choose at least one" error sends the focus. */
  id: string;
  /** Set to the same element as `id`, e.g. for a dialog's initial focus. */
  focusRef?: RefObject<HTMLElement | null>;
  enabled?: boolean;
  authorIds: ReadonlySet<string | undefined>;
  selected: string[];
  onChange(ids: string[]): void;
  error?: string;
  hint?: ReactNode;
  also?: ReviewerChoice[];
  locked?: Record<string, string>;
  /** Further fields of the group, e.g. the due date. */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const uid = useId();
  const reviewers = useUsersWithRole('reviewer', enabled);
  const known = new Set(also.map((r) => r.id));
  // The API refuses inactive reviewers, so only active ones are offered.
  const choices = [...also, ...(reviewers.data ?? []).filter((u) => u.status === 'active' && !known.has(u.id))].filter((r) => !authorIds.has(r.id));
  const hintId = `${uid}-hint`;
  const errorId = `${uid}-error`;
  const toggle = (rid: string, on: boolean) => onChange(on ? [...selected, rid] : selected.filter((x) => x !== rid));
  const first = choices.find((r) => !(r.id in locked));
  const group = useRef<HTMLFieldSetElement>(null);
  const target = (el: HTMLElement | null) => {
    if (focusRef) focusRef.current = el;
  };
  // The focus waiting on the group (no box to change yet) moves to the first box once the
  // reviewer list has loaded.
  useEffect(() => {
    if (first && group.current && document.activeElement === group.current) document.getElementById(id)?.focus();
  }, [first?.id, id]);

  return (
    <fieldset
      ref={(el) => {
        group.current = el;
        if (!first) target(el);
      }}
      id={first ? undefined : id}
      tabIndex={first ? undefined : -1}
      data-field="reviewerIds"
      aria-describedby={[hintId, error && errorId].filter(Boolean).join(' ')}
    >
      {/* At least one is required (gate and "Gutachtende ändern"): "*" as at every required field;
          a group has no required state of its own, so its name says so. */}
      <legend>
        {t('gate.reviewers')}
        <span className="field__required" aria-hidden="true">
          *
        </span>
        <span className="visually-hidden"> ({t('common.required')})</span>
      </legend>
      <p className="field__hint" id={hintId}>
        {hint ?? t('gate.reviewersHint')}
      </p>
      {error && (
        <FieldErrorText as="p" id={errorId}>
          {error}
        </FieldErrorText>
      )}
      {reviewers.isError && <p className="field__error">{errorMessage(reviewers.error)}</p>}
      {reviewers.isSuccess && choices.length < min && (
        <p className="field__error" role="note">
          {t('gate.tooFewToChoose', { count: min, available: choices.length })}
        </p>
      )}
      {choices.map((r) => {
        const boxId = r === first ? id : `${uid}-${r.id}`;
        return (
          <div className="choice" key={r.id}>
            <input
              ref={r === first ? target : undefined}
              type="checkbox"
              id={boxId}
              checked={selected.includes(r.id)}
              disabled={r.id in locked}
              onChange={(e) => toggle(r.id, e.target.checked)}
            />
            <label htmlFor={boxId}>
              {r.displayName}
              {r.id in locked && <span className="meta"> ({locked[r.id]})</span>}
            </label>
          </div>
        );
      })}
      {children}
    </fieldset>
  );
}
