import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, PageHeader } from '@/components/ui';
import { useForgotPassword } from '../api';
import { isEmail } from '../validation';

export function ForgotPasswordRoute() {
  const { t } = useTranslation();
  const forgot = useForgotPassword();
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();
  // The confirmation replaces the form (and its focused button): focus goes to it.
  const done = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (forgot.isSuccess) done.current?.focus();
  }, [forgot.isSuccess]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!isEmail(email)) {
      setError(t('auth.invalidEmail'));
      document.getElementById('forgot-email')?.focus();
      return;
    }
    setError(undefined);
    forgot.mutate(email.trim());
  };

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('auth.forgot.title')} intro={t('auth.forgot.intro')} />
      <div className="card">
        {forgot.isSuccess ? (
          <Alert kind="success" live ref={done}>
            <p>{t('auth.forgot.done')}</p>
          </Alert>
        ) : (
          <>
            <ErrorSummary error={forgot.error} fieldIds={{ email: 'forgot-email' }} labels={{ email: t('auth.email') }} />
            <form noValidate onSubmit={onSubmit}>
              <Field label={t('auth.email')} error={error} required id="forgot-email">
                <Input type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
              </Field>
              <Button type="submit" variant="primary" block loading={forgot.isPending}>
                {t('auth.forgot.submit')}
              </Button>
            </form>
          </>
        )}
        <p className="mt-4 mb-0">
          <Link to="/login">{t('auth.login.submit')}</Link>
        </p>
      </div>
    </div>
  );
}
