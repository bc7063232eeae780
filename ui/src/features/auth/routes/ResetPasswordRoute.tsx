import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ButtonLink, ErrorSummary, PageHeader, fieldError } from '@/components/ui';
import { ApiError } from '@/lib/api-client';
import { useResetPassword } from '../api';
import { PasswordField } from '../components/PasswordField';
import { PASSWORD_MIN } from '../validation';

export function ResetPasswordRoute() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const token = params.get('token');
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (password.length < PASSWORD_MIN) {
      setError(t('auth.tooShort', { min: PASSWORD_MIN }));
      document.getElementById('reset-password')?.focus();
      return;
    }
    setError(undefined);
    reset.mutate({ token: token!, password });
  };

  const tokenRejected = reset.error instanceof ApiError && reset.error.fields.length === 0 && reset.error.status < 500;

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('auth.reset.title')} />
      <div className="card">
        {!token ? (
          <Alert kind="error">
            <p>{t('auth.reset.missing')}</p>
            <Link to="/forgot-password">{t('auth.forgot.title')}</Link>
          </Alert>
        ) : reset.isSuccess ? (
          <>
            <Alert kind="success" live>
              <p>{t('auth.reset.done')}</p>
            </Alert>
            <ButtonLink to="/login" variant="primary">
              {t('auth.login.submit')}
            </ButtonLink>
          </>
        ) : (
          <>
            {tokenRejected ? (
              <Alert kind="error" live>
                <p>{t('auth.reset.failed')}</p>
                <Link to="/forgot-password">{t('auth.forgot.title')}</Link>
              </Alert>
            ) : (
              <ErrorSummary error={reset.error} fieldIds={{ password: 'reset-password' }} labels={{ password: t('auth.newPassword') }} />
            )}
            <form noValidate onSubmit={onSubmit}>
              <PasswordField
                id="reset-password"
                label={t('auth.newPassword')}
                hint={t('auth.passwordHint')}
                value={password}
                onChange={setPassword}
                error={error ?? fieldError(reset.error, 'password')}
                autoComplete="new-password"
              />
              <Button type="submit" variant="primary" block loading={reset.isPending}>
                {t('auth.reset.submit')}
              </Button>
            </form>
          </>
        )}
      </div>
    </div>
  );
}
