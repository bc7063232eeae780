import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/Skeleton';
import { api, unwrap } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { checklistItemLabel } from '@/lib/gate';
import { personName } from '@/lib/people';
import { departmentLabel, useDepartments } from '@/lib/shared-queries';
import type { Decision } from '@/types/api';
import { useHistory } from '../api';
import { DecisionDetails, type DecisionLookups } from './DecisionDetails';

export function History({ ideaId }: { ideaId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useHistory(ideaId);
  const lookups = useDecisionLookups(history.data ?? []);
  if (history.isPending) return <Skeleton lines={2} title={false} />;
  if (history.isError) return <p className="meta">{t('errors.loadFailed')}</p>;
  const items = history.data;
  if (items.length === 0) return <p className="meta">{t('idea.noHistory')}</p>;
  return (
    <ol className="timeline">
      {items.map((d) => {
        // Who decided is shown to the cdo only; a deleted account stays as such.
        const actor = personName(d.actor, t('common.deletedAccount'));
        const label = reasonLabel(d);
        return (
          <li key={d.id}>
            <p className="mb-0">
              <strong>{t('idea.transition', { from: t(`stage.${d.from}`), to: t(`stage.${d.to}`) })}</strong>
            </p>
            <p className="meta mb-0">
              <time dateTime={d.at}>{fmt.dateTime(d.at)}</time>
              {actor && <> · {actor}</>}
            </p>
            {d.reason && (
              // Line breaks of the reason (questions and answers are often lists) are kept.
              <p className="mb-0" style={{ whiteSpace: 'pre-line' }}>
                {label === 'reason' ? <span className="visually-hidden">{t('idea.reason')}: </span> : <span className="meta">{t(`idea.${label}`)}: </span>}{t('common.quoted', { text: d.reason })}
              </p>
            )}
            {d.override && <p className="meta mb-0">{t('idea.override')}</p>}
            {d.mergedInto && (
              <p className="mb-0">
                <Link to={`/ideas/${d.mergedInto}`}>{t('idea.mergedLink')}</Link>
              </p>
            )}
            {d.revisitAt && <p className="meta mb-0">{t('idea.revisitAt', { date: fmt.date(d.revisitAt) })}</p>}
            {d.newEndDate && <p className="meta mb-0">{t('idea.newEndDate', { date: fmt.date(d.newEndDate) })}</p>}
            <DecisionDetails decision={d} lookups={lookups} />
          </li>
        );
      })}
    </ol>
  );
}

/**
 * What a decision's text is: the questions of "needs information" (screening → submitted),
 * the authors' answer to them (an author's move from submitted back to screening), else the
 * reason of the decision.
 */
function reasonLabel(d: Decision): 'reason' | 'questionsLabel' | 'answerLabel' {
  if (d.from === 'screening' && d.to === 'submitted') return 'questionsLabel';
  if (d.from === 'submitted' && d.to === 'screening' && d.actorRole === 'author') return 'answerLabel';
  return 'reason';
}

/**
 * Names for what decision records hold as IDs or keys: departments, the labels of the
 * tenant's gate checklist (readable by the cdo; others see the default labels, and a neutral
 * "Weiterer Prüfpunkt" for the tenant's own items) and the KPIs of the pilot plans.
 */
function useDecisionLookups(items: Decision[]): DecisionLookups {
  const { t } = useTranslation();
  const { hasRole } = useAuth();
  const isCdo = hasRole('cdo');
  const departments = useDepartments();
  const checklist = useQuery({
    queryKey: ['settings', 'checklist'],
    queryFn: () => unwrap(api.GET('/settings/checklist')),
    enabled: isCdo && items.some((d) => (d.checklist?.length ?? 0) > 0),
    retry: false,
  });
  const kpis = useMemo(() => {
    const m = new Map<string, { name: string; unit: string }>();
    for (const d of items) for (const k of d.pilotPlan?.kpis ?? []) m.set(k.key, { name: k.name, unit: k.unit });
    return m;
  }, [items]);
  return {
    department: (id) => departmentLabel(departments.data?.find((d) => d.id === id)) || id,
    // The label recorded with the answer (the checklist as it read then), else today's; a
    // default item not renamed is the catalogue's, in the UI's language.
    checklistLabel: (key, recorded) => checklistItemLabel(t, key, recorded || checklist.data?.items.find((i) => i.key === key)?.label, isCdo),
    kpi: (key) => kpis.get(key),
  };
}
