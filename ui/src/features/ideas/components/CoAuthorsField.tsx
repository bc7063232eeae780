import { useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/Button';
import { localizeFieldError } from '@/lib/server-messages';
import { api, unwrap, type ServerMessage } from '@/lib/api-client';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';

export interface CoAuthor {
  id: string;
  displayName: string;
}

export const CO_AUTHORS_MAX = 5;

/**
 * Co-authors of an idea, chosen from the staff directory: type part of a colleague's name,
 * add them from the results, remove them from the list. Focus stays on the search after
 * adding and moves to the next sensible control after removing.
 */
export function CoAuthorsField({
  value,
  onChange,
  excludeIds,
  error,
}: {
  value: CoAuthor[];
  onChange(next: CoAuthor[]): void;
  /** Users who cannot be co-authors (the author). */
  excludeIds: string[];
  error?: string | ServerMessage;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const searchRef = useRef<HTMLInputElement>(null);
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim(), 300);
  const full = value.length >= CO_AUTHORS_MAX;
  const results = useQuery({
    queryKey: ['users', 'directory', query],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { role: 'employee', q: query, limit: 8 } } })),
    enabled: query.length >= 2 && !full,
    staleTime: 60_000,
  });
  const taken = new Set([...excludeIds, ...value.map((c) => c.id)]);
  const offers = (results.data?.items ?? []).filter((u) => !taken.has(u.id));
  const errorText = localizeFieldError(t, error);

  return (
    <fieldset data-field="coAuthorIds" aria-describedby={`${uid}-hint${errorText ? ` ${uid}-error` : ''}`}>
      <legend>{t('idea.coAuthors')}</legend>
      <p className="field__hint" id={`${uid}-hint`}>
        {t('editor.coAuthorsHint', { max: CO_AUTHORS_MAX })}
      </p>
      {errorText && (
        <p className="field__error" id={`${uid}-error`}>
          {errorText}
        </p>
      )}
      {value.length > 0 && (
        <ul className="stack stack--sm" style={{ listStyle: 'none', padding: 0 }}>
          {value.map((c, i) => (
            <li key={c.id} className="row row--between">
              <span>{c.displayName}</span>
              <Button
                size="small"
                variant="ghost"
                onClick={() => {
                  onChange(value.filter((x) => x.id !== c.id));
                  // The next co-author's button, else the search.
                  requestAnimationFrame(() => {
                    const buttons = document.querySelectorAll<HTMLButtonElement>(`[data-coauthor-remove="${uid}"]`);
                    (buttons[Math.min(i, buttons.length - 1)] ?? searchRef.current)?.focus();
                  });
                }}
                data-coauthor-remove={uid}
              >
                {t('common.remove')}
                <span className="visually-hidden"> {c.displayName}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      {full ? (
        <p className="meta">{t('editor.coAuthorsFull', { max: CO_AUTHORS_MAX })}</p>
      ) : (
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-q`}>
            {t('editor.coAuthorsSearch')}
          </label>
          <input
            ref={searchRef}
            id={`${uid}-q`}
            className="input"
            type="search"
            autoComplete="off"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            aria-describedby={`${uid}-results`}
          />
          <div id={`${uid}-results`} role="status" className="meta">
            {query.length >= 2 && results.isSuccess ? t('editor.coAuthorsFound', { count: offers.length }) : ''}
          </div>
          {offers.length > 0 && (
            <ul className="stack stack--sm" style={{ listStyle: 'none', padding: 0 }}>
              {offers.map((u) => (
                <li key={u.id}>
                  <Button
                    size="small"
                    onClick={() => {
                      onChange([...value, { id: u.id, displayName: u.displayName }]);
                      setQ('');
                      searchRef.current?.focus();
                    }}
                  >
                    {t('editor.coAuthorAdd', { name: u.displayName })}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </fieldset>
  );
}
