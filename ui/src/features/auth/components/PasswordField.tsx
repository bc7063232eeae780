import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input } from '@/components/ui/Field';
import type { ServerMessage } from '@/lib/api-client';

export function PasswordField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  autoComplete,
}: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  error?: string | ServerMessage;
  hint?: string;
  autoComplete: 'current-password' | 'new-password';
}) {
  const { t } = useTranslation();
  const [show, setShow] = useState(false);
  return (
    <>
      <Field label={label} error={error} hint={hint} required id={id}>
        <Input
          type={show ? 'text' : 'password'}
          name={id}
          autoComplete={autoComplete}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </Field>
      <div className="choice" style={{ marginTop: '-0.5rem', marginBottom: '1rem' }}>
        <input id={`${id}-show`} type="checkbox" checked={show} onChange={(e) => setShow(e.target.checked)} />
        <label htmlFor={`${id}-show`}>{t('auth.showPassword')}</label>
      </div>
    </>
  );
}
