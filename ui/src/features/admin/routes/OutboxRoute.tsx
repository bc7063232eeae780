import { useRef } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Skeleton, useErrorMessage, useToast } from '@/components/ui';
import { api, unwrap } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { useOutbox } from '../api';

export function OutboxRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const qc = useQueryClient();
  const errorMessage = useErrorMessage();
  const q = useOutbox();
  const intro = useRef<HTMLParagraphElement>(null);
  const retry = useMutation({
    mutationFn: () => unwrap(api.POST('/admin/outbox/retry-failed')),
    onSuccess: (res) => {
      toast.success(t('admin.outboxRetried', { count: res.retried }));
      void qc.invalidateQueries({ queryKey: ['outbox'] });
      // The button goes with the failures: keep the place on the page.
      intro.current?.focus();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  if (q.isPending) return <Skeleton />;
  if (q.isError) return <Alert kind="warning">{errorMessage(q.error)}</Alert>;
  const o = q.data;
  const rows = [...o.failed, ...o.retrying];
  return (
    <div className="stack">
      <p className="meta" ref={intro} tabIndex={-1}>
        {t('admin.outboxIntro')}
      </p>
      {o.mailDelivery === 'log' && <Alert kind="warning">{t('admin.outboxNoSmtp')}</Alert>}
      <div className="grid grid--3">
        {(['pending', 'sent', 'failed'] as const).map((k) => (
          <div className="stat" key={k}>
            <div className="stat__value">{fmt.number(o.counts[k], 0)}</div>
            <div className="stat__label">{t(`admin.outboxStatus.${k}`)}</div>
          </div>
        ))}
      </div>
      {o.counts.failed > 0 && (
        <div>
          <Button onClick={() => retry.mutate()} loading={retry.isPending}>
            {t('admin.retryFailed')}
          </Button>
        </div>
      )}
      {rows.length === 0 ? (
        // The table lists what needs attention; sent messages are only counted above.
        <p>{o.counts.pending === 0 && o.counts.failed === 0 ? t('admin.outboxEmpty') : t('admin.outboxNoProblems')}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t('admin.outbox')}>
          <table className="table">
            <caption className="visually-hidden">{t('admin.outbox')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.createdAt')}</th>
                <th scope="col">{t('admin.kind')}</th>
                <th scope="col">{t('admin.to')}</th>
                <th scope="col">{t('admin.status')}</th>
                <th scope="col" className="num">
                  {t('admin.attempts')}
                </th>
                <th scope="col">{t('admin.nextAttempt')}</th>
                <th scope="col">{t('admin.lastError')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((m) => (
                <tr key={m.id}>
                  <td>{fmt.dateTime(m.createdAt)}</td>
                  <td>{t(`admin.outboxKind.${m.kind}`)}</td>
                  <th scope="row" className="break-all">
                    {m.to}
                  </th>
                  <td>{t(`admin.outboxStatus.${m.state}`)}</td>
                  <td className="num">{m.attempts}</td>
                  <td>{fmt.dateTime(m.nextAttempt)}</td>
                  <td>
                    {m.errorKind && <div>{t(`admin.outboxError.${m.errorKind}`)}</div>}
                    {/* The words of the mail server or network, for whoever fixes it. */}
                    {m.lastError && <div className="meta break-all">{m.lastError}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
