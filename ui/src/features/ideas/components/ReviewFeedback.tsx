import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import { CriterionName } from '@/lib/criteria';
import type { Criterion, ScoreSummary } from '@/types/api';

/**
 * The aggregated review feedback for an idea's authors (GET /ideas/{id}/reviews with access
 * "aggregate"): the weighted score, the mean per criterion and how many reviewers recommended
 * what — never who reviewed, nor single reviews.
 */
export function ReviewFeedback({ score, criteria }: { score: ScoreSummary; criteria: Criterion[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const tableId = useId();
  const labels = new Map(criteria.map((c) => [c.key, <CriterionName criterion={c} />]));
  const r = score.recommendations;
  return (
    <div className="stack stack--sm">
      <p className="meta mb-0">{t('idea.feedbackIntro')}</p>
      <dl className="dl">
        <dt>{t('idea.feedbackScore')}</dt>
        <dd>
          {t('idea.feedbackScoreValue', { score: fmt.number(score.weighted, 0) })} ({t('idea.scoreReviews', { count: score.reviewCount })})
        </dd>
        {r && (
          <>
            <dt>{t('idea.recommendation')}</dt>
            <dd>
              {t('idea.recommend.go')}: {r.go} · {t('idea.recommend.no_go')}: {r.noGo} · {t('idea.recommend.needs_information')}: {r.needsInformation}
            </dd>
          </>
        )}
      </dl>
      {score.criteria.length > 0 && (
        <>
          <h3 id={tableId}>{t('idea.feedbackCriteria')}</h3>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={tableId}>
            {/* The average first after the criterion, and the table fits a phone: what matters is seen without scrolling. */}
            <table className="table table--fit" aria-labelledby={tableId}>
              <thead>
                <tr>
                  <th scope="col">{t('idea.criterion')}</th>
                  <th scope="col" className="num">
                    {t('idea.feedbackMean')}
                  </th>
                  <th scope="col" className="num">
                    {t('idea.weight')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {score.criteria.map((c) => (
                  <tr key={c.key}>
                    <th scope="row">{labels.get(c.key) ?? c.key}</th>
                    <td className="num">{fmt.number(c.mean, 1)}</td>
                    <td className="num">{fmt.percent(c.weight / 100)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {score.disagreement && <p className="meta mb-0">{t('idea.feedbackDisagreement')}</p>}
    </div>
  );
}
