import { createContext, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { MarkGermanTerms } from '@/lib/content-language';

/** Sets document.title to "<page> – Ideenwerk" (WCAG 2.4.2). */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    if (title) document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
}

/**
 * Inside a layout that has the page's h1 (and names its sub-page), the level a page's own
 * top heading takes instead of another h1 – e.g. the "no access" message of a guard there.
 * Null outside such a layout.
 */
export const LayoutHeadingLevel = createContext<2 | 3 | null>(null);

export function PageHeader({
  title,
  intro,
  actions,
  headingRef,
  documentTitle,
  heading,
}: {
  title: string;
  intro?: React.ReactNode;
  actions?: React.ReactNode;
  /** For a page that moves focus to its heading itself (its content changed in place). */
  headingRef?: React.Ref<HTMLHeadingElement>;
  /** The document title's page part, where it says more than the heading (a layout's sub-page); defaults to the title. */
  documentTitle?: string;
  /** The heading's content where it holds people's words, marked with their language (see TextWithContent); defaults to the title. */
  heading?: React.ReactNode;
}) {
  usePageTitle(documentTitle ?? title);
  return (
    <div className="page-header">
      <div>
        <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
          {/* German names in the English catalogue ("Einer für alle") are marked as German. */}
          {heading ?? <MarkGermanTerms>{title}</MarkGermanTerms>}
        </h1>
        {intro && <p>{intro}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
