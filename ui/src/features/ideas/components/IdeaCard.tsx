import { Link } from 'react-router';
import { useListState } from '@/hooks/useBackTo';
import { useTranslation } from 'react-i18next';
import { StageBadge } from '@/components/ui/StageBadge';
import { useFormat } from '@/lib/format';
import { isDeletedAccount, personName } from '@/lib/people';
import { useContentLang } from '@/lib/content-language';
import type { Idea } from '@/types/api';

export function IdeaCard({ idea, headingLevel = 2, to }: { idea: Idea; headingLevel?: 2 | 3; to?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Title, summary and tags are the author's words, in the municipality's language.
  const lang = useContentLang();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const href = to ?? (idea.stage === 'draft' ? `/ideas/${idea.id}/edit` : `/ideas/${idea.id}`);
  // The idea page's way back returns to this list as it was (filters, search, sort).
  const listState = useListState();
  // A deleted account's ideas stay, shown as by a deleted account.
  const author = personName(idea.author, t('common.deletedAccount'));
  const byline = author && (isDeletedAccount(idea.author) ? t('ideas.byDeleted') : t('ideas.by', { name: author }));
  return (
    <article className="idea-card">
      <H className="idea-card__title" lang={lang}>
        <Link to={href} state={listState}>
          {idea.title}
        </Link>
      </H>
      <div className="row">
        <StageBadge stage={idea.stage} />
        {idea.needsInformation && <span className="badge badge--plain">{t('ideas.needsInformation')}</span>}
      </div>
      <p className="idea-card__summary" lang={lang}>{idea.summary}</p>
      <div className="idea-card__meta">
        {byline && <span>{byline}</span>}
        <span className="counter">{t('ideas.supports', { count: idea.supportCount ?? 0 })}</span>
        <span className="counter">{t('ideas.comments', { count: idea.commentCount ?? 0 })}</span>
        {idea.score && typeof idea.score.weighted === 'number' && idea.score.reviewCount > 0 && (
          <span>{t('ideas.score', { score: fmt.number(idea.score.weighted, 0) })}</span>
        )}
        <span>{t('ideas.updated', { when: fmt.relative(idea.lastActivityAt ?? idea.updatedAt) })}</span>
        {(idea.tags ?? []).slice(0, 4).map((tag) => (
          <span key={tag} className="tag" lang={lang}>
            {tag}
          </span>
        ))}
      </div>
    </article>
  );
}
