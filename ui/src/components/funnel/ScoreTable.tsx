import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import { Alert } from '@/components/ui/Alert';
import type { ScoreSummary } from '@/types/api';

/**
 * The aggregate of the reviews: weighted score, per-criterion spread, disagreement flag.
 * labels: what each criterion is called, by key (see CriterionName).
 * askToDiscuss: the disagreement asks to discuss the reviews before deciding — for the CDO
 * while the decision is still to come; anyone else, or later, reads it as a plain fact.
 */
export function ScoreTable({ score, labels = {}, askToDiscuss = false }: { score: ScoreSummary; labels?: Record<string, ReactNode>; askToDiscuss?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <div className="stack stack--sm">
      <div className="row">
        <span className="stat__value">{fmt.number(score.weighted, 0)}</span>
        <span className="meta">
          / 100 · {t('idea.scoreReviews', { count: score.reviewCount })}
        </span>
      </div>
      {score.disagreement && (askToDiscuss ? <Alert kind="warning">{t('idea.disagreement')}</Alert> : <Alert kind="info">{t('idea.disagreementFact')}</Alert>)}
      {score.criteria.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('idea.scoreTitle')}>
          <table className="table">
            <caption className="visually-hidden">{t('idea.scoreTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('idea.criterion')}</th>
                <th scope="col" className="num">
                  {t('idea.weight')}
                </th>
                <th scope="col" className="num">
                  {t('idea.mean')}
                </th>
                <th scope="col" className="num">
                  {t('idea.min')}
                </th>
                <th scope="col" className="num">
                  {t('idea.max')}
                </th>
                <th scope="col" className="num">
                  {t('idea.stdDev')}
                </th>
              </tr>
            </thead>
            <tbody>
              {score.criteria.map((c) => (
                <tr key={c.key}>
                  <th scope="row">{labels[c.key] ?? c.key}</th>
                  <td className="num">{c.weight}</td>
                  <td className="num">{fmt.number(c.mean, 1)}</td>
                  <td className="num">{c.min}</td>
                  <td className="num">{c.max}</td>
                  <td className="num">{fmt.number(c.stdDev, 2)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {score.recommendations && (
        <p className="meta">
          {t('idea.recommendation')}: {t('idea.recommend.go')}: {score.recommendations.go} · {t('idea.recommend.no_go')}: {score.recommendations.noGo} ·{' '}
          {t('idea.recommend.needs_information')}: {score.recommendations.needsInformation}
        </p>
      )}
    </div>
  );
}
