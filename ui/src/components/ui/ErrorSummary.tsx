import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type FieldError } from '@/lib/api-client';
import { fieldBase, localizeReason, localizeServerMessage } from '@/lib/server-messages';
import { Alert } from './Alert';

/**
 * The message a user sees for an error: the catalogue's wording of the rule the API names
 * (`reason`), else the API's own message for input problems and conflicts, else a catalogue
 * text for the code.
 */
export function useErrorMessage() {
  const { t } = useTranslation();
  return (err: unknown): string => {
    if (err instanceof ApiError) {
      if (!(err.code === 'invalid' && err.fields.length)) {
        const worded = localizeReason(t, err.reason, err.params);
        if (worded) return worded;
      }
      switch (err.code) {
        case 'invalid':
          // Without a form to mark, the first field's problem is the most useful sentence.
          return err.fields.length ? localizeServerMessage(t, err.fields[0]) : err.message || t('errors.invalid');
        case 'unauthorized':
          return t('errors.unauthorized');
        case 'forbidden':
          return t('errors.forbidden');
        case 'not_found':
          return t('errors.not_found');
        case 'conflict':
          return err.message || t('errors.conflict');
        case 'precondition_failed':
          return t('errors.precondition_failed');
        case 'rate_limited':
          return err.retryAfter ? t('errors.rate_limited_wait', { count: err.retryAfter }) : t('errors.rate_limited');
        case 'too_large':
          return t('errors.too_large');
        case 'unsupported_media_type':
          return t('errors.unsupported_media_type');
        case 'unavailable':
          return t('errors.unavailable');
        case 'network':
          return t('errors.network');
        default:
          return t('errors.internal');
      }
    }
    return t('errors.internal');
  };
}

/**
 * The form-level error: a titled alert that takes focus, lists every field error as a link
 * to its field (so keyboard users jump straight there), and shows the request ID for support.
 * It speaks of "marked" entries only when the form marks one of them (a field in fieldIds);
 * otherwise one field's problem is the message itself, and several are listed.
 */
export function ErrorSummary({ error, fieldIds = {}, labels = {} }: { error: unknown; fieldIds?: Record<string, string>; labels?: Record<string, string> }) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const fields = (error instanceof ApiError ? error.fields : []).map((f) => {
    // "tags[3]" is the fourth tag: the summary names the field and the entry.
    const { base, position } = fieldBase(f.field);
    const label = labels[f.field] ?? labels[base];
    const text = localizeServerMessage(t, f);
    return { f, id: fieldIds[f.field] ?? fieldIds[base], text, line: label ? `${label}${position ? ` (${t('errors.entry', { position })})` : ''}: ${text}` : text };
  });
  const invalid = error instanceof ApiError && error.code === 'invalid' && fields.length > 0;
  const marked = fields.some((x) => x.id);
  const lead = !invalid ? message(error) : marked ? t('errors.invalid') : fields.length === 1 ? fields[0].line : t('errors.invalidList');
  // A conflict on a field words the same rule twice: list only what the lead does not say.
  const listed = invalid && !marked && fields.length === 1 ? [] : fields.filter((x) => x.text !== lead);
  return (
    <Alert ref={ref} kind="error" title={t('errors.title')} live>
      <p>{lead}</p>
      {listed.length > 0 && (
        <ul>
          {listed.map(({ f, id, line }) => {
            return (
              <li key={f.field + f.message}>
                {id ? (
                  <a href={`#${id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      document.getElementById(id)?.focus();
                    }}
                  >
                    {line}
                  </a>
                ) : (
                  line
                )}
              </li>
            );
          })}
        </ul>
      )}
      {error instanceof ApiError && error.requestId && (
        <p className="meta">{t('errors.requestId', { id: error.requestId })}</p>
      )}
    </Alert>
  );
}

/**
 * Field error from an ApiError, by JSON field name; "tags" also takes the error of "tags[3]".
 * `Field` words it in the user's language.
 */
export function fieldError(err: unknown, field: string): FieldError | undefined {
  if (!(err instanceof ApiError)) return undefined;
  return err.fields.find((f) => f.field === field) ?? err.fields.find((f) => fieldBase(f.field).base === field);
}
