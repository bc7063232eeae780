import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Skeleton } from '@/components/ui/Skeleton';
import { useFormat } from '@/lib/format';
import { useHistory } from '../api';

export function History({ ideaId }: { ideaId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const history = useHistory(ideaId);
  if (history.isPending) return <Skeleton lines={2} title={false} />;
  if (history.isError) return <p className="meta">{t('errors.loadFailed')}</p>;
  const items = history.data;
  if (items.length === 0) return <p className="meta">{t('idea.noHistory')}</p>;
  return (
    <ol className="timeline">
      {items.map((d) => (
        <li key={d.id}>
          <p className="mb-0">
            <strong>{t('idea.transition', { from: t(`stage.${d.from}`), to: t(`stage.${d.to}`) })}</strong>
          </p>
          <p className="meta mb-0">
            <time dateTime={d.at}>{fmt.dateTime(d.at)}</time>
            {d.actor?.displayName && <> · {d.actor.displayName}</>}
          </p>
          {d.reason && (
            <p className="mb-0">
              <span className="visually-hidden">{t('idea.reason')}: </span>„{d.reason}“
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
        </li>
      ))}
    </ol>
  );
}
