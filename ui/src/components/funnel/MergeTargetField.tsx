import { useEffect, useId, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/Button';
import { FieldErrorText } from '@/components/ui/Field';
import { api, unwrap, type ServerMessage } from '@/lib/api-client';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { localizeFieldError } from '@/lib/server-messages';
import type { Stage } from '@/types/api';

/** Stages whose ideas can take a merge (not drafts, not finished ideas). */
const TARGET_STAGES: Stage[] = ['submitted', 'screening', 'evaluation', 'decision', 'pilot', 'rollout', 'parked'];

/** An ID or an idea's address, as typed or pasted (not a search). */
const looksLikeRef = (s: string) => /\/ideas\/[^/\s]+/.test(s) || /^[0-9a-f]{8}-[0-9a-f-]{27,}$/i.test(s.trim());

/**
 * The idea this one merges into: find it by words from its title (the ideas the CDO can
 * merge into), or paste its ID or address. The choice is the ID; the field says which idea
 * it is.
 */
export function MergeTargetField({
  id,
  ideaId,
  value,
  onChange,
  error,
  label,
  hint,
}: {
  id: string;
  ideaId: string;
  value: string;
  onChange(v: string): void;
  error?: string | ServerMessage;
  label: string;
  hint: string;
}) {
  const { t } = useTranslation();
  const uid = useId();
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<{ id: string; title: string } | null>(null);
  const query = useDebouncedValue(q.trim(), 300);
  const search = query.length >= 2 && !looksLikeRef(query);
  const results = useQuery({
    queryKey: ['ideas', 'merge-targets', query],
    queryFn: () => unwrap(api.GET('/ideas', { params: { query: { q: query, stage: TARGET_STAGES, limit: 8 } } })),
    enabled: search,
    staleTime: 30_000,
  });
  const offers = (results.data?.items ?? []).filter((i) => i.id !== ideaId);
  // Choosing replaces the search and its results (and the pressed button with them): focus
  // moves on to the chosen state's button, which is described by the choice.
  const changeButton = useRef<HTMLButtonElement>(null);
  const focusChosen = useRef(false);
  useEffect(() => {
    if (focusChosen.current && chosen) {
      focusChosen.current = false;
      changeButton.current?.focus();
    }
  }, [chosen]);
  const choose = (i: { id: string; title: string }) => {
    focusChosen.current = true;
    setChosen({ id: i.id, title: i.title });
    setQ('');
    onChange(i.id);
  };
  const errorText = localizeFieldError(t, error);
  const describedBy = [`${uid}-hint`, errorText && `${uid}-error`, `${uid}-results`].filter(Boolean).join(' ');

  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        <span className="field__required" aria-hidden="true">
          *
        </span>
      </label>
      <span id={`${uid}-hint`} className="field__hint">
        {hint}
      </span>
      {errorText && (
        <FieldErrorText id={`${uid}-error`}>{errorText}</FieldErrorText>
      )}
      {chosen && value === chosen.id ? (
        <div className="row row--between">
          <span id={`${uid}-chosen`}>{t('gate.mergeChosen', { title: chosen.title })}</span>
          <Button
            ref={changeButton}
            size="small"
            variant="ghost"
            aria-describedby={`${uid}-chosen`}
            onClick={() => {
              setChosen(null);
              onChange('');
              requestAnimationFrame(() => document.getElementById(id)?.focus());
            }}
          >
            {t('gate.mergeChange')}
          </Button>
        </div>
      ) : (
        <>
          <input
            id={id}
            className="input"
            type="search"
            autoComplete="off"
            required
            aria-required="true"
            aria-invalid={errorText ? true : undefined}
            aria-describedby={describedBy}
            value={q || value}
            onChange={(e) => {
              setQ(e.target.value);
              onChange(e.target.value); // an ID or address typed in counts as it is
            }}
            onKeyDown={(e) => {
              // Enter searches here, it does not send the whole dialog: it takes the one idea
              // found, and with several (or none yet) it waits for a choice from the list.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (search && results.isSuccess && offers.length === 1) choose(offers[0]);
            }}
          />
          <div id={`${uid}-results`} role="status" className="meta">
            {search && results.isSuccess ? t('gate.mergeFound', { count: offers.length }) : ''}
          </div>
          {search && offers.length > 0 && (
            <ul className="stack stack--sm" style={{ listStyle: 'none', padding: 0 }}>
              {offers.map((i) => (
                <li key={i.id}>
                  <Button size="small" onClick={() => choose(i)}>
                    {t('gate.mergeChoose', { title: i.title, stage: t(`stage.${i.stage}`) })}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
