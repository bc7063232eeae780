import { useTranslation } from 'react-i18next';
import { useAuth } from '@/lib/auth';
import { api, unwrap } from '@/lib/api-client';
import { adoptAccountLanguage } from '@/lib/i18n';

/**
 * The language right after a sign-in (password or SSO): the one chosen in this tab before
 * signing in stays and is saved to the account – it decides the language of e-mails too –,
 * else the account's language is adopted (see adoptAccountLanguage).
 */
export function useSignInLanguage() {
  const { i18n } = useTranslation();
  const { setUser } = useAuth();
  return async (user: { locale?: unknown } | null | undefined) => {
    const save = await adoptAccountLanguage(i18n, user?.locale);
    if (save && user) {
      // As the header's switch does: a failure here is not worth a message, the UI has the language.
      unwrap(api.PATCH('/me', { body: { locale: save } }))
        .then((u) => setUser(u))
        .catch(() => undefined);
    }
  };
}
