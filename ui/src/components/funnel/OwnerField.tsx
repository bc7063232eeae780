import { useId, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '@/components/ui/Button';
import { Field, Input, Select } from '@/components/ui/Field';
import { api, unwrap, type ServerMessage } from '@/lib/api-client';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';

export interface OwnerOption {
  id: string;
  displayName: string;
}

/**
 * The pilot's owner: chosen from the people at hand (the cdo, the reviewers, the idea's
 * author) or found in the staff directory by a part of the name, like co-authors.
 */
export function OwnerField({
  id,
  value,
  onChange,
  options,
  error,
}: {
  id: string;
  value: string;
  onChange(id: string): void;
  options: OwnerOption[];
  error?: string | ServerMessage;
}) {
  const { t } = useTranslation();
  const searchId = useId();
  const [found, setFound] = useState<OwnerOption[]>([]);
  const [q, setQ] = useState('');
  const query = useDebouncedValue(q.trim(), 300);
  const results = useQuery({
    queryKey: ['users', 'directory', query],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { role: 'employee', q: query, limit: 8 } } })),
    enabled: query.length >= 2,
    staleTime: 60_000,
  });
  const all = [...options, ...found.filter((f) => !options.some((o) => o.id === f.id))];
  const choose = (u: OwnerOption) => {
    if (!all.some((o) => o.id === u.id)) setFound((f) => [...f, u]);
    onChange(u.id);
    setQ('');
    document.getElementById(id)?.focus();
  };
  return (
    <div className="stack stack--sm">
      <Field label={t('gate.owner')} error={error} required id={id}>
        <Select value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="" />
          {all.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('gate.ownerSearch')} hint={t('gate.ownerSearchHint')} id={searchId}>
        <Input type="search" value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </Field>
      {query.length >= 2 && results.data && (
        results.data.items.length === 0 ? (
          <p className="meta" role="status">
            {t('gate.ownerNone')}
          </p>
        ) : (
          <ul className="stack stack--sm" aria-label={t('gate.ownerResults')}>
            {results.data.items.map((u) => (
              <li key={u.id}>
                <Button size="small" onClick={() => choose({ id: u.id, displayName: u.displayName })}>
                  {t('gate.ownerChoose', { name: u.displayName })}
                </Button>
              </li>
            ))}
          </ul>
        )
      )}
    </div>
  );
}
