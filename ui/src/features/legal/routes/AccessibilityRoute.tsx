import { useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ErrorSummary, Field, Input, PageHeader, TextArea, fieldError } from '@/components/ui';
import { api, unwrap } from '@/lib/api-client';
import { useTenant } from '@/lib/tenant';
import { useFormat } from '@/lib/format';

/** Date of the last review of this statement (BITV 2.0 § 7 asks for it). */
export const STATEMENT_REVIEWED = '2026-01-15';

/** The accessibility statement with the feedback channel that BITV 2.0 requires of public bodies. */
export function AccessibilityRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tenant = useTenant();
  const name = tenant.data?.name ?? t('app.name');
  const email = tenant.data?.branding?.contactEmail;
  const subject = encodeURIComponent(t('legal.accessibility.feedbackSubject'));
  return (
    <div className="page--medium">
      <PageHeader title={t('legal.accessibility.title')} />
      <div className="card stack">
        <p>{t('legal.accessibility.intro', { tenant: name })}</p>
        <section>
          <h2>{t('legal.accessibility.scopeTitle')}</h2>
          <p>{t('legal.accessibility.scope', { host: window.location.host })}</p>
        </section>
        <section>
          <h2>{t('legal.accessibility.statusTitle')}</h2>
          <p>{t('legal.accessibility.status')}</p>
        </section>
        <section>
          <h2>{t('legal.accessibility.limitsTitle')}</h2>
          <p>{t('legal.accessibility.limits')}</p>
        </section>
        <section>
          <h2>{t('legal.accessibility.preparedTitle')}</h2>
          <p>{t('legal.accessibility.prepared', { date: fmt.date(STATEMENT_REVIEWED) })}</p>
        </section>
        <section aria-labelledby="a11y-feedback">
          <h2 id="a11y-feedback">{t('legal.accessibility.feedbackTitle')}</h2>
          <p>{t('legal.accessibility.feedback')}</p>
          {email ? (
            <>
              <p>
                <a className="btn" href={`mailto:${email}?subject=${subject}`}>
                  {t('legal.accessibility.feedbackMail', { email })}
                </a>
              </p>
              <FeedbackForm />
            </>
          ) : (
            <p>{t('legal.accessibility.feedbackNoContact')}</p>
          )}
        </section>
        <section>
          <h2>{t('legal.accessibility.enforcementTitle')}</h2>
          <p>{t('legal.accessibility.enforcement')}</p>
          <p>
            <a href="https://www.schlichtungsstelle-bgg.de/" rel="noopener noreferrer">
              {t('legal.accessibility.enforcementLink')}
            </a>{' '}
            <span className="meta">{t('common.externalLink')}</span>
          </p>
        </section>
      </div>
    </div>
  );
}

/** The feedback form: the report is mailed to the city's contact address (no sign-in). */
function FeedbackForm() {
  const { t } = useTranslation();
  const [message, setMessage] = useState('');
  const [page, setPage] = useState('');
  const [replyTo, setReplyTo] = useState('');
  const [tooShort, setTooShort] = useState(false);
  const done = useRef<HTMLDivElement>(null);
  const send = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/accessibility/feedback', { body: { message: message.trim(), page: page.trim() || undefined, email: replyTo.trim() || undefined } })),
    onSuccess: () => {
      setMessage('');
      setPage('');
      setReplyTo('');
      requestAnimationFrame(() => done.current?.focus());
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (send.isPending) return;
    if ([...message.trim()].length < 10) {
      setTooShort(true);
      document.getElementById('a11y-message')?.focus();
      return;
    }
    setTooShort(false);
    send.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate className="stack" aria-labelledby="a11y-form-intro">
      <p id="a11y-form-intro">{t('legal.accessibility.feedbackForm')}</p>
      {send.isSuccess && (
        <Alert kind="success" ref={done}>
          {t('legal.accessibility.feedbackSent', { email: send.data.contact })}
        </Alert>
      )}
      <ErrorSummary
        error={send.error}
        fieldIds={{ message: 'a11y-message', page: 'a11y-page', email: 'a11y-email' }}
        labels={{ message: t('legal.accessibility.feedbackMessage'), page: t('legal.accessibility.feedbackPage'), email: t('legal.accessibility.feedbackEmail') }}
      />
      <Field
        label={t('legal.accessibility.feedbackMessage')}
        hint={t('legal.accessibility.feedbackMessageHint')}
        required
        id="a11y-message"
        error={tooShort ? t('legal.accessibility.feedbackTooShort') : fieldError(send.error, 'message')}
        counter={{ value: message.length, max: 5000 }}
      >
        <TextArea rows={5} maxLength={5000} value={message} onChange={(e) => setMessage(e.target.value)} />
      </Field>
      <Field label={t('legal.accessibility.feedbackPage')} id="a11y-page" error={fieldError(send.error, 'page')}>
        <Input maxLength={500} value={page} onChange={(e) => setPage(e.target.value)} />
      </Field>
      <Field label={t('legal.accessibility.feedbackEmail')} hint={t('legal.accessibility.feedbackEmailHint')} id="a11y-email" error={fieldError(send.error, 'email')}>
        <Input type="email" autoComplete="email" maxLength={254} value={replyTo} onChange={(e) => setReplyTo(e.target.value)} />
      </Field>
      <div>
        <Button type="submit" variant="primary" loading={send.isPending}>
          {t('legal.accessibility.feedbackSend')}
        </Button>
      </div>
    </form>
  );
}
