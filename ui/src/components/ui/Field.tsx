import { cloneElement, isValidElement, useId, type InputHTMLAttributes, type ReactElement, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format';
import type { ServerMessage } from '@/lib/api-client';
import { localizeFieldError } from '@/lib/server-messages';

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  /** A message of the form's own checks, or the API's error for the field (see fieldError). */
  error?: string | ServerMessage;
  required?: boolean;
  /** Shows "n / max" under the control (announced politely only near the limit). */
  counter?: { value: number; max: number };
  children: ReactElement<Record<string, unknown>>;
  id?: string;
  className?: string;
}

/**
 * Label, hint, error and control wired together: the control gets the id, aria-describedby
 * for hint and error, aria-invalid when there is an error, and `required`.
 */
export function Field({ label, hint, error, required, counter, children, id, className }: FieldProps) {
  const { t, i18n } = useTranslation();
  const autoId = useId();
  const controlId = id ?? (children.props.id as string | undefined) ?? autoId;
  const hintId = `${controlId}-hint`;
  const errorId = `${controlId}-error`;
  const counterId = `${controlId}-counter`;
  const describedBy = [hint && hintId, error && errorId, counter && counterId].filter(Boolean).join(' ') || undefined;
  const near = counter ? counter.value > counter.max * 0.9 : false;
  const control = isValidElement(children)
    ? cloneElement(children, {
        id: controlId,
        'aria-describedby': describedBy,
        'aria-invalid': error ? true : undefined,
        required,
      })
    : children;
  return (
    <div className={['field', className].filter(Boolean).join(' ')}>
      <label className="field__label" htmlFor={controlId}>
        {label}
        {required && (
          <span className="field__required" aria-hidden="true">
            *
          </span>
        )}
      </label>
      {hint && (
        <span id={hintId} className="field__hint">
          {hint}
        </span>
      )}
      {error && <FieldErrorText id={errorId}>{localizeFieldError(t, error)}</FieldErrorText>}
      {control}
      {counter && (
        <span id={counterId} className="field__counter" aria-live={near ? 'polite' : 'off'}>
          {t('common.counter', { value: formatNumber(counter.value, i18n.language, 0), max: formatNumber(counter.max, i18n.language, 0) })}
        </span>
      )}
    </div>
  );
}

export function Input(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input className="input" {...props} />;
}
export function TextArea(props: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return <textarea className="textarea" {...props} />;
}
export function Select(props: SelectHTMLAttributes<HTMLSelectElement>) {
  return <select className="select" {...props} />;
}

export function Checkbox({ label, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode }) {
  const id = useId();
  return (
    <div className="choice">
      <input type="checkbox" id={props.id ?? id} {...props} />
      <label htmlFor={props.id ?? id}>{label}</label>
    </div>
  );
}

/**
 * An error message under a field or a group, introduced for screen readers as one ("Fehler: …").
 * A paragraph (`as="p"`) where it stands on its own under a group.
 */
export function FieldErrorText({ id, as: Tag = 'span', children }: { id?: string; as?: 'span' | 'p'; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Tag id={id} className="field__error">
      <span className="visually-hidden">{t('common.error')}: </span>
      {children}
    </Tag>
  );
}
