import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Sets document.title to "<page> – Ideenwerk" (WCAG 2.4.2). */
export function usePageTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    if (title) document.title = `${title} – ${t('app.name')}`;
  }, [title, t]);
}

export function PageHeader({
  title,
  intro,
  actions,
  headingRef,
}: {
  title: string;
  intro?: React.ReactNode;
  actions?: React.ReactNode;
  /** For a page that moves focus to its heading itself (its content changed in place). */
  headingRef?: React.Ref<HTMLHeadingElement>;
}) {
  usePageTitle(title);
  return (
    <div className="page-header">
      <div>
        <h1 ref={headingRef} tabIndex={headingRef ? -1 : undefined}>
          {title}
        </h1>
        {intro && <p>{intro}</p>}
      </div>
      {actions && <div className="page-header__actions">{actions}</div>}
    </div>
  );
}
