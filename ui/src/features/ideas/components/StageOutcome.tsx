import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useFormat } from '@/lib/format';
import type { Stage } from '@/types/api';
import { useHistory } from '../api';

/** Stages where the idea stopped (for now), and whose reason belongs next to the stage. */
const OUTCOMES: Stage[] = ['rejected', 'parked', 'stopped', 'withdrawn', 'merged'];

/**
 * Why the idea is where it stopped: the reason of the decision that moved it there, the
 * revisit date of a parked idea and the idea a merged one went into — right under the stage,
 * not only in the history.
 */
export function StageOutcome({ ideaId, stage, mergedInto }: { ideaId: string; stage: Stage; mergedInto?: string | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useHistory(ideaId);
  if (!OUTCOMES.includes(stage)) return null;
  const last = history.data?.find((d) => d.to === stage);
  const target = mergedInto ?? last?.mergedInto;
  if (!last?.reason && !last?.revisitAt && !target) return null;
  return (
    <div className={`outcome outcome--${stage}`}>
      {last?.reason && (
        <p className="mb-0">
          <strong>{t(`idea.outcomeReason.${stage as 'rejected'}`)}</strong> {t('common.quoted', { text: last.reason })}
        </p>
      )}
      {last?.revisitAt && <p className="mb-0">{t('idea.revisitAt', { date: fmt.date(last.revisitAt) })}</p>}
      {target && (
        <p className="mb-0">
          <Link to={`/ideas/${target}`}>{t('idea.mergedLink')}</Link>
        </p>
      )}
    </div>
  );
}
