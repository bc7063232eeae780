import { useTranslation } from 'react-i18next';
import { PageHeader } from '@/components/ui';
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
            <p>
              <a className="btn btn--primary" href={`mailto:${email}?subject=${subject}`}>
                {t('legal.accessibility.feedbackMail', { email })}
              </a>
            </p>
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
