import { useTranslation } from 'react-i18next';
import { Alert, Button, ButtonLink, CardSkeleton, EmptyState, PageHeader, useErrorMessage } from '@/components/ui';
import { useIdeas } from '../api';
import { IdeaCard } from '../components/IdeaCard';

export function MyIdeasRoute() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const ideas = useIdeas({ mine: true, sort: 'activity' }, 100);
  const items = ideas.data?.pages.flatMap((p) => p.items) ?? [];
  const drafts = items.filter((i) => i.stage === 'draft');
  const rest = items.filter((i) => i.stage !== 'draft');
  return (
    <>
      <PageHeader
        title={t('ideas.my.title')}
        intro={t('ideas.my.intro')}
        actions={
          <ButtonLink to="/ideas/new" variant="primary">
            {t('ideas.new')}
          </ButtonLink>
        }
      />
      {ideas.isPending ? (
        <CardSkeleton />
      ) : ideas.isError ? (
        <Alert kind="error">
          <p>{errorMessage(ideas.error)}</p>
          <Button onClick={() => void ideas.refetch()}>{t('common.retry')}</Button>
        </Alert>
      ) : items.length === 0 ? (
        <EmptyState
          title={t('ideas.my.empty')}
          action={
            <ButtonLink to="/ideas/new" variant="primary">
              {t('ideas.new')}
            </ButtonLink>
          }
        />
      ) : (
        <div className="stack">
          {drafts.length > 0 && (
            <section aria-labelledby="my-drafts">
              <h2 id="my-drafts">{t('ideas.my.drafts')}</h2>
              <ul className="idea-list">
                {drafts.map((i) => (
                  <li key={i.id}>
                    <IdeaCard idea={i} headingLevel={3} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          {rest.length > 0 && (
            <section aria-labelledby="my-submitted">
              <h2 id="my-submitted">{t('ideas.my.submitted')}</h2>
              <ul className="idea-list">
                {rest.map((i) => (
                  <li key={i.id}>
                    <IdeaCard idea={i} headingLevel={3} />
                  </li>
                ))}
              </ul>
            </section>
          )}
        </div>
      )}
    </>
  );
}
