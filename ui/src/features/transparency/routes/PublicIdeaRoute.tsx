import { Link, useParams } from 'react-router';
import { useBackTo } from '@/hooks/useBackTo';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Skeleton, StageBadge, usePageTitle, useErrorMessage } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { request } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import type { Decision, Idea } from '@/types/api';

type PublicIdea = Idea & { decisions?: Decision[]; history?: Decision[] };

export function PublicIdeaRoute() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  // The ideas' words are in the municipality's language.
  const lang = useContentLang();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const backTo = useBackTo('/public/ideas');
  const q = useQuery({ queryKey: ['public-idea', id], queryFn: () => request<PublicIdea>('GET', `/public/ideas/${id}`) });
  usePageTitle(q.data?.title ?? t('transparency.title'));
  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) {
    return (
      <>
        <h1>{t('transparency.title')}</h1>
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      </>
    );
  }
  const i = q.data;
  const decisions = i.decisions ?? i.history ?? [];
  return (
    <div className="page--medium">
      <p>
        <Link to={backTo}>← {t('transparency.back')}</Link>
      </p>
      <article className="stack">
        <header className="card">
          <StageBadge stage={i.stage} />
          <h1 className="mt-4" lang={lang}>
            {i.title}
          </h1>
          <p lang={lang}>{i.summary}</p>
          <p className="meta mb-0">{t('idea.supportCount', { count: i.supportCount ?? 0 })}</p>
        </header>
        {i.description && (
          <section className="card" aria-labelledby="pd-h">
            <h2 id="pd-h">{t('idea.description')}</h2>
            <Markdown>{i.description}</Markdown>
          </section>
        )}
        <section className="card" aria-labelledby="pdec-h">
          <h2 id="pdec-h">{t('transparency.decisions')}</h2>
          {decisions.length === 0 ? (
            <p className="meta">{t('idea.noHistory')}</p>
          ) : (
            <ol className="timeline">
              {decisions.map((d, n) => (
                <li key={d.id ?? n}>
                  <p className="mb-0">
                    <strong>{t('idea.transition', { from: t(`stage.${d.from}`), to: t(`stage.${d.to}`) })}</strong>
                  </p>
                  <p className="meta mb-0">
                    <time dateTime={d.at}>{fmt.date(d.at)}</time>
                  </p>
                  {d.reason && <p className="mb-0">{t('common.quoted', { text: d.reason })}</p>}
                </li>
              ))}
            </ol>
          )}
        </section>
      </article>
    </div>
  );
}
