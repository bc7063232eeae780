/**
 * i18next set-up: German first, English complete (the English catalogue is type-checked
 * against the German one), the choice remembered in localStorage and mirrored to <html lang>.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { de } from '@/locales/de';
import { en } from '@/locales/en';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const STORAGE_KEY = 'ideenwerk.language';

export function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function storedLanguage(): Language | null {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

export function rememberLanguage(lng: Language) {
  try {
    window.localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

export const resources = { de: { translation: de }, en: { translation: en } } as const;

export function createI18n(lng: Language = storedLanguage() ?? 'de') {
  const instance = i18n.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'de',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  instance.on('languageChanged', (next) => {
    if (typeof document !== 'undefined') document.documentElement.lang = next;
  });
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
  return instance;
}

/**
 * A language chosen with the header's switch while signed out, in this browser tab
 * (sessionStorage): at the next sign-in it is kept and saved to the account.
 */
export const SIGNED_OUT_CHOICE_KEY = 'ideenwerk.language.chosenSignedOut';

export function rememberSignedOutChoice(lng: Language) {
  try {
    window.sessionStorage.setItem(SIGNED_OUT_CHOICE_KEY, lng);
  } catch {
    // no storage: the account's language applies at sign-in
  }
}

/** The language chosen while signed out in this tab, if any; read once (the sign-in settles it). */
function takeSignedOutChoice(): Language | null {
  try {
    const v = window.sessionStorage.getItem(SIGNED_OUT_CHOICE_KEY);
    window.sessionStorage.removeItem(SIGNED_OUT_CHOICE_KEY);
    return isLanguage(v) ? v : null;
  } catch {
    return null;
  }
}

/**
 * At sign-in: a language the user chose in this tab before signing in is kept (they chose it
 * just now), and returned when the account has another one, to be saved to the account
 * (PATCH /me locale). Otherwise the account's language wins: it was chosen in the profile or
 * the header. Returns the language to save, or null.
 */
export async function adoptAccountLanguage(instance: typeof i18n, locale: unknown): Promise<Language | null> {
  const chosen = takeSignedOutChoice();
  if (chosen) {
    if (instance.language !== chosen) await switchLanguage(instance, chosen);
    return locale === chosen ? null : chosen;
  }
  if (isLanguage(locale) && instance.language !== locale) await switchLanguage(instance, locale);
  return null;
}

/** Switches the language and remembers the choice. */
export async function switchLanguage(instance: typeof i18n, lng: Language) {
  rememberLanguage(lng);
  await instance.changeLanguage(lng);
}
