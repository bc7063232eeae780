import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { components } from '@/lib/api-types';
import { personName } from '@/lib/people';
import { CriterionName } from '@/lib/criteria';
import { useContentLang } from '@/lib/content-language';
import type { Criterion } from '@/types/api';

type Review = components['schemas']['Review'];

/**
 * The single reviews of an idea as GET /ideas/{id}/reviews returns them: to the CDO with the
 * reviewer's name (access "all"), to a reviewer who submitted without names (access "peers",
 * numbered instead). Only submitted reviews are listed — another reviewer's draft is not a
 * review yet. Comments are plain text, never HTML or Markdown. Each review is an h3: callers
 * put the list under an h2.
 */
export function ReviewList({ reviews, criteria }: { reviews: Review[]; criteria: Criterion[] }) {
  const submitted = reviews.filter((r) => r.status === 'submitted');
  let n = 0;
  return (
    <ul className="plain-list review-list">
      {submitted.map((r) => {
        // Anonymous reviews are numbered in the order the API lists them; the caller's own is "yours".
        const number = r.mine || r.reviewer ? 0 : ++n;
        return (
          <li key={r.id || `anonymous-${number}`}>
            <ReviewItem review={r} number={number} criteria={criteria} />
          </li>
        );
      })}
    </ul>
  );
}

function ReviewItem({ review: r, number, criteria }: { review: Review; number: number; criteria: Criterion[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const headingId = useId();
  // The reviewers' comments are in the municipality's language.
  const lang = useContentLang();
  const name = personName(r.reviewer, t('common.deletedAccount'));
  const title = r.mine ? t('reviews.list.mine') : (name ?? t('reviews.list.numbered', { n: number }));
  // Criteria in the order of the criteria set; a score for a key the set no longer has still shows.
  const known = new Set(criteria.map((c) => c.key));
  const scores = [
    ...criteria.flatMap((c) => {
      const s = r.scores.find((x) => x.key === c.key);
      return s ? [{ ...s, label: <CriterionName criterion={c} /> }] : [];
    }),
    ...r.scores.filter((s) => !known.has(s.key)).map((s) => ({ ...s, label: <>{s.key}</> })),
  ];
  return (
    <article aria-labelledby={headingId}>
      <h3 id={headingId} className="mb-0">
        {title}
      </h3>
      {r.submittedAt && <p className="meta">{t('reviews.list.submittedAt', { date: fmt.date(r.submittedAt) })}</p>}
      <dl className="dl">
        {r.recommendation && (
          <>
            <dt>{t('reviews.recommendation')}</dt>
            <dd>{t(`reviews.recommend.${r.recommendation}`)}</dd>
          </>
        )}
        {r.confidence && (
          <>
            <dt>{t('reviews.list.confidence')}</dt>
            <dd>{t(`reviews.confidenceValue.${r.confidence}`)}</dd>
          </>
        )}
      </dl>
      {scores.length > 0 && (
        <dl className="dl dl--stacked mt-4">
          {scores.map((s) => (
            <div key={s.key}>
              <dt>{s.label}</dt>
              <dd>
                <strong>{t('reviews.list.score', { score: s.score })}</strong> ({t(`reviews.scale.${s.score}` as 'reviews.scale.1')})
                {s.comment && <p className="pre-line mb-0" lang={lang}>
                    {s.comment}
                  </p>}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {r.comment && (
        <>
          <h4 className="mt-4 mb-0">{t('reviews.summaryComment')}</h4>
          <p className="pre-line" lang={lang}>
            {r.comment}
          </p>
        </>
      )}
    </article>
  );
}
