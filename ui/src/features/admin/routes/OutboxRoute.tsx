import { useTranslation } from 'react-i18next';
import { Alert, Skeleton, useErrorMessage } from '@/components/ui';
import { useFormat } from '@/lib/format';
import { useOutbox } from '../api';

export function OutboxRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const q = useOutbox();
  return (
    <div className="stack">
      <p className="meta">{t('admin.outboxIntro')}</p>
      {q.isPending ? (
        <Skeleton />
      ) : q.isError ? (
        <Alert kind="warning">{errorMessage(q.error)}</Alert>
      ) : q.data.items.length === 0 ? (
        <p>{t('admin.outboxEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('admin.outbox')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.createdAt')}</th>
                <th scope="col">{t('admin.to')}</th>
                <th scope="col">{t('admin.subject')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col" className="num">
                  {t('admin.attempts')}
                </th>
                <th scope="col">{t('admin.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((m) => (
                <tr key={m.id}>
                  <td>{fmt.dateTime(m.createdAt)}</td>
                  <td>{m.to}</td>
                  <th scope="row">{m.subject}</th>
                  <td>{t(`admin.outboxStatus.${m.status as 'sent'}`, { defaultValue: m.status ?? '' })}</td>
                  <td className="num">{m.attempts ?? 0}</td>
                  <td>{m.lastError}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
