import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import { personName } from '@/lib/people';
import type { Decision } from '@/types/api';

/** What the details need beyond the decision record: names the record holds only IDs or keys of. */
export interface DecisionLookups {
  /** The department's label, or its ID when unknown. */
  department: (id: string) => string;
  /** The label of a gate checklist item. */
  checklistLabel: (key: string, recorded?: string) => string;
  /** Name and unit of a pilot KPI (results name only the KPI's key). */
  kpi: (key: string) => { name: string; unit: string } | undefined;
}

/** The record carries stage-specific data worth showing (the API left out what the viewer may not see). */
export function hasDecisionDetails(d: Decision): boolean {
  return (
    (!!d.scoreSnapshot && d.scoreSnapshot.reviewCount > 0) ||
    !!d.pilotPlan ||
    (d.checklist?.length ?? 0) > 0 ||
    !!d.results ||
    (d.departments?.length ?? 0) > 0
  );
}

/**
 * The stage-specific data of a decision record, folded into an "Einzelheiten" disclosure:
 * the score snapshot at the decision gate, the pilot plan and the gate checklist when entering
 * the pilot, the KPI results and lessons learned when leaving it, and the rollout departments.
 */
export function DecisionDetails({ decision: d, lookups }: { decision: Decision; lookups: DecisionLookups }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Department names and the lessons learned are the municipality's words (its language).
  const lang = useContentLang();
  if (!hasDecisionDetails(d)) return null;
  const score = d.scoreSnapshot && d.scoreSnapshot.reviewCount > 0 ? d.scoreSnapshot : null;
  const plan = d.pilotPlan;
  // The API names the owner to the cdo only.
  const owner = personName(plan?.owner, t('common.deletedAccount'));
  const results = d.results;
  const entries: [string, ReactNode][] = [];
  const value = (v: number, unit: string) => `${fmt.number(v, 2)} ${unit}`.trim();

  if (score) {
    entries.push([
      t('idea.scoreSnapshot'),
      <>
        {t('idea.feedbackScoreValue', { score: fmt.number(score.weighted, 0) })} ({t('idea.scoreReviews', { count: score.reviewCount })})
        {score.recommendations && (
          <>
            <br />
            {t('idea.recommendation')}: {t('idea.recommend.go')}: {score.recommendations.go} · {t('idea.recommend.no_go')}: {score.recommendations.noGo} ·{' '}
            {t('idea.recommend.needs_information')}: {score.recommendations.needsInformation}
          </>
        )}
      </>,
    ]);
  }
  if (plan) {
    if (owner) entries.push([t('gate.owner'), owner]);
    entries.push([t('gate.ownerDepartment'), <span lang={lang}>{lookups.department(plan.departmentId)}</span>]);
    entries.push([t('pilot.period'), t('campaigns.period', { from: fmt.date(plan.startDate), to: fmt.date(plan.endDate) })]);
    entries.push([t('pilot.budget'), fmt.currency(plan.budgetEur)]);
    if (plan.kpis.length > 0) {
      entries.push([
        t('gate.kpis'),
        <ul>
          {plan.kpis.map((k) => (
            <li key={k.key}>
              {t('idea.kpiPlan', {
                name: k.name,
                baseline: value(k.baseline, k.unit),
                target: value(k.target, k.unit),
                direction: t(`gate.direction.${k.direction}`),
              })}
            </li>
          ))}
        </ul>,
      ]);
    }
  }
  if ((d.checklist?.length ?? 0) > 0) {
    entries.push([
      t('gate.checklist'),
      <ul>
        {d.checklist.map((c) => (
          <li key={c.key}>
            {lookups.checklistLabel(c.key, c.label)}: <strong>{t(`gate.answer.${c.answer}`)}</strong>
            {c.note && <> – {t('common.quoted', { text: c.note })}</>}
          </li>
        ))}
      </ul>,
    ]);
  }
  if (results) {
    if (results.outcomes.length > 0) {
      entries.push([
        t('gate.results'),
        <ul>
          {results.outcomes.map((o) => {
            const k = lookups.kpi(o.kpiKey);
            return (
              <li key={o.kpiKey}>
                {k?.name ?? o.kpiKey}: {value(o.value, k?.unit ?? '')} – {o.met ? t('pilot.met') : t('pilot.notMet')}
                {o.comment && <> ({t('common.quoted', { text: o.comment })})</>}
              </li>
            );
          })}
        </ul>,
      ]);
    }
    if (results.lessonsLearned) {
      entries.push([
        t('gate.lessons'),
        <span style={{ whiteSpace: 'pre-line' }} lang={lang}>
          {results.lessonsLearned}
        </span>,
      ]);
    }
  }
  if ((d.departments?.length ?? 0) > 0) {
    entries.push([
      t('gate.rolloutDepartments'),
      <ul>
        {d.departments.map((id) => (
          <li key={id} lang={lang}>
            {lookups.department(id)}
          </li>
        ))}
      </ul>,
    ]);
  }

  return (
    <details className="decision__details">
      <summary>
        {t('idea.details')}
        <span className="visually-hidden">
          {' '}
          {t('idea.detailsOf', { transition: t('idea.transition', { from: t(`stage.${d.from}`), to: t(`stage.${d.to}`) }), date: fmt.date(d.at) })}
        </span>
      </summary>
      <dl className="dl dl--stacked">
        {entries.map(([term, desc]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{desc}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
