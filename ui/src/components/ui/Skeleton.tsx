import { useTranslation } from 'react-i18next';

/** Placeholder lines while data loads; announced once as "Loading …". */
export function Skeleton({ lines = 3, title = true, label }: { lines?: number; title?: boolean; label?: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="stack stack--sm" aria-live="polite">
      <span className="visually-hidden">{label ?? t('common.loading')}</span>
      {title && <span className="skeleton skeleton--title" aria-hidden="true" />}
      {Array.from({ length: lines }, (_, i) => (
        <span key={i} className="skeleton" aria-hidden="true" style={{ width: `${90 - ((i * 17) % 35)}%` }} />
      ))}
    </div>
  );
}

export function CardSkeleton({ count = 3 }: { count?: number }) {
  const { t } = useTranslation();
  return (
    <div role="status" className="stack">
      <span className="visually-hidden">{t('common.loading')}</span>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="card stack stack--sm" aria-hidden="true">
          <span className="skeleton skeleton--title" />
          <span className="skeleton" />
          <span className="skeleton" style={{ width: '70%' }} />
        </div>
      ))}
    </div>
  );
}
