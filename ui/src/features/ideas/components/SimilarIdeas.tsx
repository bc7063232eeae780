import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useDebouncedValue } from '@/hooks/useDebouncedValue';
import { StageBadge } from '@/components/ui/StageBadge';
import { useContentLang } from '@/lib/content-language';
import { useSimilarIdeas } from '../api';

/**
 * Live duplicate hints while an idea is written. The count is announced politely; the list
 * itself is not, so screen readers are not flooded on every keystroke.
 */
export function SimilarIdeas({ title, summary, excludeId }: { title: string; summary: string; excludeId?: string }) {
  const { t } = useTranslation();
  // The ideas' words are in the municipality's language.
  const lang = useContentLang();
  const dTitle = useDebouncedValue(title, 500);
  const dSummary = useDebouncedValue(summary, 500);
  const similar = useSimilarIdeas(dTitle, dSummary, excludeId);
  const items = similar.data ?? [];
  const active = dTitle.trim().length >= 5;
  return (
    <section className="similar" aria-labelledby="similar-title">
      <h2 id="similar-title" className="card__title">
        {t('editor.similarTitle')}
      </h2>
      <p className="meta mb-0">{t('editor.similarIntro')}</p>
      <p role="status" className="visually-hidden">
        {active && similar.isSuccess ? (items.length ? t('editor.similarFound', { count: items.length }) : t('editor.similarNone')) : ''}
      </p>
      {active && similar.isSuccess && items.length === 0 && <p className="meta mt-4 mb-0">{t('editor.similarNone')}</p>}
      {items.length > 0 && (
        <ul>
          {items.slice(0, 5).map((s) => (
            <li key={s.id}>
              <Link to={`/ideas/${s.id}`} target="_blank" rel="noopener" lang={lang}>
                {s.title}
              </Link>{' '}
              {s.stage && <StageBadge stage={s.stage} />}{' '}
              <span className="meta">{t('editor.similarity', { percent: Math.round((s.score <= 1 ? s.score * 100 : s.score)) })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
