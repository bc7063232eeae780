import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, PageHeader, fieldError } from '@/components/ui';
import { useTenant } from '@/lib/tenant';
import { useRegister } from '../api';
import { PasswordField } from '../components/PasswordField';
import { PASSWORD_MIN, hasErrors, isEmail, type Errors } from '../validation';

type Key = 'displayName' | 'email' | 'password' | 'consent';
const ids: Record<Key, string> = {
  displayName: 'reg-name',
  email: 'reg-email',
  password: 'reg-password',
  consent: 'reg-consent',
};

export function RegisterRoute() {
  const { t, i18n } = useTranslation();
  const tenant = useTenant();
  const register = useRegister();
  const [values, setValues] = useState({ displayName: '', email: '', password: '', consent: false });
  const [errors, setErrors] = useState<Errors<Key>>({});
  const set = <K extends keyof typeof values>(k: K, v: (typeof values)[K]) => setValues((s) => ({ ...s, [k]: v }));
  // The confirmation replaces the form (and the focused button with it): focus goes to its
  // heading, so screen readers announce it and keyboard users go on from there.
  const doneHeading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (register.isSuccess) doneHeading.current?.focus();
  }, [register.isSuccess]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next: Errors<Key> = {
      displayName: values.displayName.trim() ? undefined : t('auth.required', { field: t('auth.displayName') }),
      email: !values.email.trim()
        ? t('auth.required', { field: t('auth.email') })
        : isEmail(values.email)
          ? undefined
          : t('auth.invalidEmail'),
      password: values.password.length < PASSWORD_MIN ? t('auth.tooShort', { min: PASSWORD_MIN }) : undefined,
      consent: values.consent ? undefined : t('auth.register.consentRequired'),
    };
    setErrors(next);
    if (hasErrors(next)) {
      const firstKey = (Object.keys(ids) as Key[]).find((k) => next[k]);
      if (firstKey) document.getElementById(ids[firstKey])?.focus();
      return;
    }
    register.mutate({
      displayName: values.displayName.trim(),
      email: values.email.trim(),
      password: values.password,
      locale: i18n.language.startsWith('en') ? 'en' : 'de',
    });
  };

  if (register.isSuccess) {
    return (
      <div className="page--narrow" style={{ margin: '0 auto' }}>
        <PageHeader title={t('auth.register.doneTitle')} headingRef={doneHeading} />
        <Alert kind="success" live>
          <p>{t('auth.register.done', { email: values.email.trim() })}</p>
        </Alert>
      </div>
    );
  }

  const err = (k: Key) => errors[k] ?? fieldError(register.error, k);
  const privacyUrl = tenant.data?.branding?.privacyUrl;

  return (
    <div className="page--narrow" style={{ margin: '0 auto' }}>
      <PageHeader title={t('auth.register.title')} intro={t('auth.register.intro')} />
      <div className="card">
        <ErrorSummary
          error={register.error}
          fieldIds={ids}
          labels={{ displayName: t('auth.displayName'), email: t('auth.email'), password: t('auth.password') }}
        />
        <p className="meta">{t('common.requiredNote')}</p>
        <form noValidate onSubmit={onSubmit}>
          <Field label={t('auth.displayName')} hint={t('auth.displayNameHint')} error={err('displayName')} required id={ids.displayName}>
            <Input name="displayName" autoComplete="nickname" maxLength={80} value={values.displayName} onChange={(e) => set('displayName', e.target.value)} />
          </Field>
          <Field label={t('auth.email')} error={err('email')} required id={ids.email}>
            <Input type="email" name="email" autoComplete="email" value={values.email} onChange={(e) => set('email', e.target.value)} />
          </Field>
          <PasswordField
            id={ids.password}
            label={t('auth.password')}
            hint={t('auth.passwordHint')}
            value={values.password}
            onChange={(v) => set('password', v)}
            error={err('password')}
            autoComplete="new-password"
          />
          <div className="field">
            {errors.consent && (
              <span id={`${ids.consent}-error`} className="field__error">
                <span className="visually-hidden">{t('common.error')}: </span>
                {errors.consent}
              </span>
            )}
            <div className="choice">
              <input
                id={ids.consent}
                type="checkbox"
                checked={values.consent}
                required
                aria-invalid={errors.consent ? true : undefined}
                aria-describedby={errors.consent ? `${ids.consent}-error` : undefined}
                onChange={(e) => set('consent', e.target.checked)}
              />
              <label htmlFor={ids.consent}>
                {t('auth.register.consent')}
                <span className="field__required" aria-hidden="true">
                  *
                </span>
              </label>
            </div>
            {/* Beside the label, not in it: clicking the label ticks the box, and the notice
                opens in a new tab so the form keeps what has been typed. */}
            {privacyUrl && (
              <p className="field__hint mb-0">
                <a href={privacyUrl} target="_blank" rel="noopener noreferrer">
                  {t('auth.register.privacyLink')} {t('auth.register.privacyLinkNewTab')}
                </a>
              </p>
            )}
          </div>
          <Button type="submit" variant="primary" block loading={register.isPending}>
            {t('auth.register.submit')}
          </Button>
        </form>
        <p className="mt-4 mb-0">
          {t('auth.register.haveAccount')} <Link to="/login">{t('auth.login.submit')}</Link>
        </p>
      </div>
    </div>
  );
}
