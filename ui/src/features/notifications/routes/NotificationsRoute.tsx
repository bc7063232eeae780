import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CardSkeleton, EmptyState, PageHeader, useErrorMessage, useToast } from '@/components/ui';
import { api, unwrap } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { Markdown } from '@/components/ui/Markdown';

const fetchInbox = (limit: number) => unwrap(api.GET('/me/notifications', { params: { query: { limit } } }));
type Inbox = Awaited<ReturnType<typeof fetchInbox>>;

export function NotificationsRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['notifications'], queryFn: () => fetchInbox(50) });
  // Opening an unread notification marks it read. Its link leaves this page at once, so the
  // work is in the mutation's own callbacks, which the query client runs to the end after
  // this page is gone (a mutate() call's callbacks would be dropped with the page). Every
  // cached inbox – this list and the header badge (['notifications', 'unread']) – shows it
  // read straight away, takes the server's count when it answers, and is fetched again.
  const markRead = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/me/notifications/read', { body: { ids: [id] } })),
    onMutate: (id) => {
      // The badge's entry holds the count alone.
      qc.setQueriesData<Partial<Inbox> & Pick<Inbox, 'unreadCount'>>({ queryKey: ['notifications'] }, (old) =>
        old
          ? {
              ...old,
              unreadCount: Math.max(0, old.unreadCount - 1),
              ...(old.items ? { items: old.items.map((n) => (n.id === id ? { ...n, read: true } : n)) } : {}),
            }
          : old,
      );
    },
    onSuccess: (res) => {
      if (typeof res?.unreadCount === 'number') {
        qc.setQueriesData<Pick<Inbox, 'unreadCount'>>({ queryKey: ['notifications'] }, (old) => (old ? { ...old, unreadCount: res.unreadCount } : old));
      }
    },
    onSettled: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST('/me/notifications/read', { body: { all: true } })),
    onSuccess: () => {
      toast.success(t('notifications.marked'));
      void qc.invalidateQueries({ queryKey: ['notifications'] });
      // The button goes away with the last unread notification: keep focus on the page.
      const h1 = document.querySelector<HTMLElement>('#main h1, h1');
      h1?.setAttribute('tabindex', '-1');
      h1?.focus();
    },
    onError: (err) => toast.error(errorMessage(err)),
  });
  const items = q.data?.items ?? [];
  return (
    <div className="page--medium">
      <PageHeader
        title={t('notifications.title')}
        actions={
          items.some((n) => !n.read) ? (
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
            const unread = !n.read;
            // "Needs information" is a stage change too: worded as the questions and the answer.
            const questions = n.type === 'stage_changed' && n.from === 'screening' && n.to === 'submitted';
            const answer = n.type === 'stage_changed' && n.from === 'submitted' && n.to === 'screening' && !!n.reason?.trim();
            const text = questions
              ? t('notifications.questions', { title: n.ideaTitle ?? '' })
              : answer
                ? t('notifications.answer', { title: n.ideaTitle ?? '' })
                : t(`notifications.types.${n.type}`, { title: n.ideaTitle ?? '', to: n.to ? t(`stage.${n.to as 'draft'}`) : '', name: n.actorName ?? '' });
            const href = n.ideaId ? `/ideas/${n.ideaId}` : n.type === 'sla_overdue' ? '/board' : null;
            return (
              <li key={n.id} className="idea-card" style={unread ? { borderLeft: '4px solid var(--brand)' } : undefined}>
                <p className="mb-0">
                  {unread && <span className="visually-hidden">{t('notifications.unread')}: </span>}
                  {href ? (
                    <Link to={href} onClick={unread ? () => markRead.mutate(n.id) : undefined}>
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                </p>
                <time className="meta" dateTime={n.createdAt}>
                  {fmt.relative(n.createdAt)}
                </time>
                {n.reason ? (
                  <p className="idea-card__summary" style={{ whiteSpace: 'pre-line' }}>
                    {n.reason}
                  </p>
                ) : n.excerpt ? (
                  // A comment's beginning, written in Markdown like the comment itself.
                  <div className="idea-card__summary">
                    <Markdown>{n.excerpt}</Markdown>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
