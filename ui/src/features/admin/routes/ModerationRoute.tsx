import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Dialog, Field, Skeleton, TextArea, useErrorMessage, useToast } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { ApiError } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import { useContentLang } from '@/lib/content-language';
import type { ReportedComment } from '@/types/api';
import { useModerate, useModerationQueue } from '../api';

/**
 * The moderation queue (cdo): comments someone reported, with the reports' reasons (never
 * who gave them). Each is hidden with a reason everyone sees, or kept, which dismisses its
 * reports. Focus moves on to the next comment once one is settled.
 */
export function ModerationRoute() {
  const { t } = useTranslation();
  const fmt = useFormat();
  // Idea titles and report reasons are people's words, in the municipality's language.
  const lang = useContentLang();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const q = useModerationQueue();
  const moderate = useModerate();
  const [hiding, setHiding] = useState<ReportedComment | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string>();
  const [keeping, setKeeping] = useState<string | null>(null);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  const { listRef, moreRef, loadMore } = useLoadMoreFocus<HTMLDivElement>(items.length, 'item');

  // After a comment left the queue: on to the one that took its place, or to the summary.
  const pendingFocus = useRef<number | null>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    const at = pendingFocus.current;
    if (at === null || q.isFetching) return;
    pendingFocus.current = null;
    const headings = listRef.current?.querySelectorAll<HTMLElement>('h3[tabindex]') ?? [];
    (headings[Math.min(at, headings.length - 1)] ?? summary.current)?.focus();
  });

  const settled = (index: number, message: string) => {
    pendingFocus.current = index;
    toast.success(message);
  };
  // Someone else settled it meanwhile (hidden or deleted): the queue is reloaded, nothing is lost.
  const gone = (err: unknown) =>
    err instanceof ApiError && (err.status === 404 || err.reason === 'comment_already_hidden' || err.reason === 'comment_deleted');

  const keep = async (r: ReportedComment, index: number) => {
    setKeeping(r.comment.id);
    try {
      await moderate.dismiss.mutateAsync(r.comment.id);
      settled(index, t('moderation.kept'));
    } catch (err) {
      if (gone(err)) {
        pendingFocus.current = index;
        void moderate.refresh();
        toast.error(t('moderation.gone'));
      } else {
        toast.error(errorMessage(err));
      }
    } finally {
      setKeeping(null);
    }
  };

  const hide = async () => {
    const r = hiding!;
    if (!reason.trim()) {
      setReasonError(t('moderation.reasonRequired'));
      document.getElementById('moderation-reason')?.focus();
      return;
    }
    const index = items.findIndex((x) => x.comment.id === r.comment.id);
    try {
      await moderate.hide.mutateAsync({ id: r.comment.id, reason: reason.trim() });
      setHiding(null);
      setReason('');
      settled(index, t('moderation.hidden'));
    } catch (err) {
      if (gone(err)) {
        setHiding(null);
        setReason('');
        pendingFocus.current = index;
        void moderate.refresh();
        toast.error(t('moderation.gone'));
        return;
      }
      setReasonError(errorMessage(err));
    }
  };

  if (q.isPending) return <Skeleton lines={6} />;
  if (q.isError) return <Alert kind="error">{errorMessage(q.error)}</Alert>;

  return (
    <div className="stack">
      <p className="meta">{t('moderation.intro')}</p>
      <p ref={summary} tabIndex={-1} role="status">
        {total === 0 ? t('moderation.empty') : t('moderation.count', { count: total })}
      </p>
      <div className="stack" ref={listRef}>
        {items.map((r, index) => {
          const c = r.comment;
          const author = c.author.deleted || !c.author.displayName ? t('common.deletedAccount') : c.author.displayName;
          const headingId = `moderation-${c.id}`;
          return (
            <article key={c.id} className="card stack stack--sm" aria-labelledby={headingId}>
              {/* Under the admin area's h2 "Moderation". */}
              <h3 id={headingId} className="card__title" tabIndex={-1}>
                {t('moderation.itemTitle', { author })}
              </h3>
              <p className="meta">
                {t('moderation.onIdea')} <Link to={`/ideas/${r.idea.id}#comment-${c.id}`} lang={lang}>
                  {r.idea.title}
                </Link> ·{' '}
                <time dateTime={c.createdAt}>{fmt.dateTime(c.createdAt)}</time>
                {c.edited && <> · {t('comments.edited')}</>}
              </p>
              <blockquote className="moderation__text">
                <Markdown>{c.body ?? ''}</Markdown>
              </blockquote>
              <div>
                <h4>
                  {t('moderation.reports', { count: r.reports })} ·{' '}
                  <span className="meta">{t('moderation.lastReported', { date: fmt.dateTime(r.lastReportedAt) })}</span>
                </h4>
                <ul>
                  {r.reasons.map((why, n) => (
                    <li key={n} className="pre-line" lang={lang}>
                      {why}
                    </li>
                  ))}
                </ul>
              </div>
              <div className="row">
                <Button
                  onClick={() => {
                    setReason('');
                    setReasonError(undefined);
                    setHiding(r);
                  }}
                >
                  {t('moderation.hide')}
                  <span className="visually-hidden"> – {t('moderation.itemTitle', { author })}</span>
                </Button>
                <Button variant="ghost" loading={keeping === c.id} onClick={() => void keep(r, index)}>
                  {t('moderation.keep')}
                  <span className="visually-hidden"> – {t('moderation.itemTitle', { author })}</span>
                </Button>
              </div>
            </article>
          );
        })}
      </div>
      {q.hasNextPage && (
        <div>
          <Button ref={moreRef} onClick={() => loadMore(q.fetchNextPage)} loading={q.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
      <Dialog
        open={!!hiding}
        title={t('comments.hideTitle')}
        onClose={() => setHiding(null)}
        footer={
          <>
            <Button onClick={() => setHiding(null)}>{t('common.cancel')}</Button>
            <Button variant="primary" loading={moderate.hide.isPending} onClick={() => void hide()}>
              {t('comments.hide')}
            </Button>
          </>
        }
      >
        <p>{t('moderation.hideText')}</p>
        <Field label={t('comments.hideReason')} required id="moderation-reason" error={reasonError}>
          <TextArea rows={3} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
      </Dialog>
    </div>
  );
}
