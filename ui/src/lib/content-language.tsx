/**
 * The language of what people write (ideas, comments, department and campaign names, the
 * tenant's own criteria): the municipality's, German. One place, so it can later come from
 * the tenant. Where the UI speaks another language, such content carries lang="de", so screen
 * readers read it with a German voice (WCAG 3.1.2); in the German UI it inherits <html lang>.
 */
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from './i18n';

export const CONTENT_LANGUAGE: Language = 'de';

/** The lang attribute for content in `lng` under a UI in `uiLanguage`: none where they agree. */
export function langFor(uiLanguage: string, lng: string = CONTENT_LANGUAGE): string | undefined {
  return uiLanguage.slice(0, 2) === lng ? undefined : lng;
}

/** The lang attribute for user content in the current UI language (undefined in a German UI). */
export function useContentLang(): string | undefined {
  const { i18n } = useTranslation();
  return langFor(i18n.language ?? CONTENT_LANGUAGE);
}

/**
 * German names the English catalogue keeps as they are (the programme "Einer für alle"):
 * rendered text marks them lang="de".
 */
export const GERMAN_TERMS = ['Einer für alle'] as const;

/**
 * A catalogue text with the German terms in it marked lang="de" where the UI is not German
 * (the text as it is otherwise).
 */
export function MarkGermanTerms({ children }: { children: string }) {
  const { i18n } = useTranslation();
  const lang = langFor(i18n.language ?? CONTENT_LANGUAGE, 'de');
  return <>{lang ? markTerms(children, lang) : children}</>;
}

function markTerms(text: string, lang: string): ReactNode {
  const pattern = new RegExp(`(${GERMAN_TERMS.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`);
  const parts = text.split(pattern);
  if (parts.length === 1) return text;
  return parts.map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} lang={lang}>
        {part}
      </span>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

/**
 * A catalogue text around people's words ("Pilot: {{title}}", "Move “{{title}}”"): `text`
 * gets the values to put into the catalogue's text and returns it; the `content` values are
 * rendered in it marked with their language where the UI speaks another (the rest is the
 * UI's language). Usage: <TextWithContent text={(v) => t('pilot.title', v)} content={{ title }} />.
 */
export function TextWithContent({ text, content }: { text: (values: Record<string, string>) => string; content: Record<string, string> }) {
  const lang = useContentLang();
  if (!lang) return <>{text(content)}</>;
  const names = Object.keys(content);
  // Placeholders from the private use area: no catalogue text or value has them.
  const marks = Object.fromEntries(names.map((name, i) => [name, `\uE000${i}\uE001`]));
  const parts = text(marks).split(/\uE000(\d+)\uE001/);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <span key={i} lang={lang}>
            {content[names[Number(part)]]}
          </span>
        ) : (
          part && <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
