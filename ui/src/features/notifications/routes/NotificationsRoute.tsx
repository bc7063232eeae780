import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CardSkeleton, EmptyState, PageHeader, useErrorMessage, useToast } from '@/components/ui';
import { request, type Page } from '@/lib/api-client';
import { useFormat } from '@/lib/format';

/** GET /me/notifications and POST /me/notifications/read — not in the contract yet. */
interface Notification {
  id: string;
  type?: string;
  title?: string;
  message?: string;
  body?: string;
  ideaId?: string | null;
  link?: string | null;
  read?: boolean;
  readAt?: string | null;
  createdAt: string;
}

export function NotificationsRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['notifications'], queryFn: () => request<Page<Notification>>('GET', '/me/notifications', { query: { limit: 50 } }) });
  const markAll = useMutation({
    mutationFn: () => request('POST', '/me/notifications/read', { body: { all: true } }),
    onSuccess: () => {
      toast.success(t('notifications.marked'));
      void qc.invalidateQueries({ queryKey: ['notifications'] });
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const items = q.data?.items ?? [];
  return (
    <div className="page--medium">
      <PageHeader
        title={t('notifications.title')}
        actions={
          items.some((n) => !(n.read || n.readAt)) ? (
            <Button onClick={() => markAll.mutate()} loading={markAll.isPending}>
              {t('notifications.markAll')}
            </Button>
          ) : undefined
        }
      />
      {q.isPending ? (
        <CardSkeleton />
      ) : q.isError ? (
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      ) : items.length === 0 ? (
        <EmptyState title={t('notifications.empty')} />
      ) : (
        <ul className="idea-list">
          {items.map((n) => {
            const unread = !(n.read || n.readAt);
            const text = n.title ?? n.message ?? n.body ?? n.type ?? '';
            const href = n.link ?? (n.ideaId ? `/ideas/${n.ideaId}` : null);
            return (
              <li key={n.id} className="idea-card" style={unread ? { borderLeft: '4px solid var(--brand)' } : undefined}>
                <p className="mb-0">
                  {unread && <span className="visually-hidden">{t('notifications.unread')}: </span>}
                  {href ? <Link to={href}>{text}</Link> : text}
                </p>
                <time className="meta" dateTime={n.createdAt}>
                  {fmt.relative(n.createdAt)}
                </time>
                {n.message && n.title && <p className="idea-card__summary">{n.message}</p>}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
