import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import { ApiError } from '@/lib/api-client';
import { safeNext } from '@/lib/safe-next';
import { useTenant } from '@/lib/tenant';
import { Alert, Button, ErrorSummary, Field, Input, PageHeader } from '@/components/ui';
import { PasswordField } from '../components/PasswordField';
import { isEmail, type Errors, hasErrors } from '../validation';
import { useSignInLanguage } from '../useSignInLanguage';


export function LoginRoute() {
  const { t } = useTranslation();
  const { login } = useAuth();
  const signInLanguage = useSignInLanguage();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors<'email' | 'password'>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tenant = useTenant();
  const sso = tenant.data?.features?.includes('oidc');

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Errors<'email' | 'password'> = {
      email: !email.trim() ? t('auth.required', { field: t('auth.email') }) : !isEmail(email) ? t('auth.invalidEmail') : undefined,
      password: !password ? t('auth.required', { field: t('auth.password') }) : undefined,
    };
    setErrors(next);
    if (hasErrors(next)) {
      document.getElementById(next.email ? 'login-email' : 'login-password')?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      const u = await login(email.trim(), password);
      await signInLanguage(u);
      navigate(safeNext(params.get('next')), { replace: true });
    } catch (err) {
      setFailure(err);
      setBusy(false);
    }
  };

  const failureText =
    failure instanceof ApiError && failure.status === 401
      ? t('auth.login.failed')
      : failure instanceof ApiError && failure.status === 429
        ? t('auth.login.locked', { count: failure.retryAfter ?? 60 })
        : null;

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('auth.login.title')} intro={t('auth.login.intro')} />
      <div className="card">
        {params.get('expired') && <Alert kind="warning">{t('auth.login.sessionExpired')}</Alert>}
        {params.get('error')?.startsWith('sso_') && (
          <Alert kind="error" live>
            <p>{t('auth.sso.failed')}</p>
          </Alert>
        )}
        {failure instanceof ApiError && failure.reason === 'email_unverified' ? (
          // Not a failure of the system: the next step is in the mailbox.
          <Alert kind="warning" live title={t('auth.login.unverifiedTitle')}>
            <p>{t('errors.reason.email_unverified')}</p>
          </Alert>
        ) : failureText ? (
          <Alert kind="error" live title={t('errors.title')}>
            <p>{failureText}</p>
          </Alert>
        ) : (
          <ErrorSummary error={failure} fieldIds={{ email: 'login-email', password: 'login-password' }} labels={{ email: t('auth.email'), password: t('auth.password') }} />
        )}
        <form noValidate onSubmit={onSubmit}>
          <Field label={t('auth.email')} error={errors.email} required id="login-email">
            <Input type="email" name="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <PasswordField
            id="login-password"
            label={t('auth.password')}
            value={password}
            onChange={setPassword}
            error={errors.password}
            autoComplete="current-password"
          />
          <Button type="submit" variant="primary" block loading={busy}>
            {t('auth.login.submit')}
          </Button>
        </form>
        {sso && (
          <div className="mt-4">
            <h2 className="card__title">{t('auth.login.staff')}</h2>
            <a className="btn btn--block" href={`/api/v1/auth/oidc/login?returnTo=${encodeURIComponent(safeNext(params.get('next')))}`}>
              {t('auth.login.staffSso')}
            </a>
          </div>
        )}
        <p className="mt-4">
          <Link to="/forgot-password">{t('auth.login.forgot')}</Link>
        </p>
        <p className="mb-0">
          {t('auth.login.noAccount')} <Link to="/register">{t('auth.login.register')}</Link>
        </p>
      </div>
    </div>
  );
}
