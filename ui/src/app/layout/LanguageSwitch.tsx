import { useTranslation } from 'react-i18next';
import { LANGUAGES, rememberSignedOutChoice, switchLanguage, type Language } from '@/lib/i18n';
import { useAuth } from '@/lib/auth';
import { api, unwrap } from '@/lib/api-client';

/**
 * DE | EN buttons; the pressed one is the current language. Signed-in users keep it in their
 * profile too; a choice made while signed out is kept at the next sign-in in this tab (and
 * then saved to the account). Each button's name begins with what it shows ("DE – Deutsch",
 * WCAG 2.5.3 label in name).
 */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const { user, setUser, status } = useAuth();
  const current = i18n.language.slice(0, 2);
  const choose = async (lng: Language) => {
    if (status === 'anonymous') rememberSignedOutChoice(lng);
    await switchLanguage(i18n, lng);
    if (user && user.locale !== lng) {
      // The profile language decides the language of e-mails; failures here are not worth a toast.
      unwrap(api.PATCH('/me', { body: { locale: lng } }))
        .then((u) => setUser(u))
        .catch(() => undefined);
    }
  };
  return (
    <div className="lang-switch" role="group" aria-label={t('header.language')}>
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          className="btn btn--ghost"
          aria-pressed={current === lng}
          lang={lng}
          onClick={() => void choose(lng)}
        >
          {lng.toUpperCase()}
          <span className="visually-hidden"> – {t(`header.languageName.${lng}`)}</span>
        </button>
      ))}
    </div>
  );
}
