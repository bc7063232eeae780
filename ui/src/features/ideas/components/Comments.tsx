import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Button, ConfirmDialog, Dialog, Field, TextArea, useErrorMessage, useToast } from '@/components/ui';
import { Markdown } from '@/components/ui/Markdown';
import { useLoadMoreFocus } from '@/hooks/useLoadMoreFocus';
import { ApiError } from '@/lib/api-client';
import { useAuth } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { useKeptDraft } from '@/lib/drafts';
import { useCommentActions, useComments, type Comment } from '../api';

export function Comments({ ideaId }: { ideaId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { user, hasRole } = useAuth();
  const location = useLocation();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const comments = useComments(ideaId);
  const actions = useCommentActions(ideaId);
  // What the user types is kept in the tab until it is sent, so a session that ends while
  // typing loses nothing: after signing in again it is back in the field.
  const [body, setBody, draftKept] = useKeptDraft(`comment.${ideaId}`, user?.id);
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState<{ id: string; body: string } | null>(null);
  const [deleting, setDeleting] = useState<Comment | null>(null);
  const [moderating, setModerating] = useState<{ comment: Comment; kind: 'report' | 'hide' } | null>(null);
  const [modReason, setModReason] = useState('');
  const [modError, setModError] = useState<string>();
  const items = comments.data?.pages.flatMap((p) => p.items) ?? [];
  // Deleted comments keep their place in the thread but are not counted (once all are loaded).
  const total = comments.hasNextPage ? (comments.data?.pages[0]?.total ?? items.length) : items.filter((c) => !c.deleted).length;
  // Comments reported from this page (the list says so for earlier visits): "Melden" is not
  // offered twice.
  const [reported, setReported] = useState<ReadonlySet<string>>(new Set());

  // Keyboard focus follows the comment being worked on: into the edit box when editing
  // starts, back to the comment's "Bearbeiten" after saving or cancelling, and to the comment
  // itself after deleting it (its place in the thread says it was deleted).
  const focusNext = useRef<string | null>(null);
  useEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    const el = document.getElementById(id);
    if (el) {
      focusNext.current = null;
      el.focus();
    }
  });
  const startEdit = (c: Comment) => {
    focusNext.current = `edit-${c.id}`;
    setEditing({ id: c.id, body: c.body ?? '' });
  };
  const endEdit = (id: string) => {
    focusNext.current = `edit-button-${id}`;
    setEditing(null);
  };

  const { listRef, moreRef, loadMore } = useLoadMoreFocus(items.length, 'item');

  // A link to one comment (from an e-mail, the inbox or the audit log: #comment-<id>) shows
  // it once the discussion has loaded (as many pages as it takes), and puts keyboard focus on it.
  const shownHash = useRef<string | null>(null);
  useEffect(() => {
    const hash = location.hash;
    if (!hash.startsWith('#comment-') || shownHash.current === hash) return;
    const el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el) {
      // Not on the pages loaded so far: load the next, until it is there or none is left.
      if (comments.hasNextPage && !comments.isFetchingNextPage) void comments.fetchNextPage();
      return;
    }
    shownHash.current = hash;
    el.scrollIntoView?.({ block: 'center' });
    el.focus({ preventScroll: true });
  }, [location.hash, items.length, comments]);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) {
      setError(t('comments.empty_required'));
      document.getElementById('comment-body')?.focus();
      return;
    }
    setError(undefined);
    actions.add.mutate(body.trim(), {
      onSuccess: () => {
        setBody('');
        toast.success(t('comments.sent'));
      },
      onError: (err) => setError(errorMessage(err)),
    });
  };

  return (
    <section aria-labelledby="comments-title" className="card">
      <h2 id="comments-title">
        {t('comments.title')} <span className="meta">({t('comments.count', { count: total })})</span>
      </h2>
      {comments.isSuccess && items.length === 0 && <p className="meta">{t('comments.empty')}</p>}
      <ul style={{ listStyle: 'none', padding: 0, margin: 0 }} ref={listRef}>
        {items.map((c) => {
          const mine = c.mine;
          return (
            <li key={c.id} className="comment" id={`comment-${c.id}`} tabIndex={-1}>
              <div className="comment__head">
                <strong>{c.author.deleted || !c.author.displayName ? t('common.deletedAccount') : c.author.displayName}</strong>
                <time className="meta" dateTime={c.createdAt}>
                  {fmt.dateTime(c.createdAt)}
                </time>
                {c.edited && <span className="meta">{t('comments.edited')}</span>}
                {!!c.reportCount && !c.hidden && !c.deleted && (
                  <Link className="meta" to="/admin/moderation">
                    {t('comments.reportCount', { count: c.reportCount })}
                  </Link>
                )}
              </div>
              {c.hidden && <p className="meta">{t('comments.hidden', { reason: c.hidden.reason })}</p>}
              {c.deleted ? (
                <p className="meta">{t('comments.deletedText')}</p>
              ) : c.hidden && c.body === null ? null : editing?.id === c.id ? (
                <form
                  onSubmit={(e) => {
                    e.preventDefault();
                    actions.edit.mutate(editing, { onSuccess: () => endEdit(c.id), onError: (err) => toast.error(errorMessage(err)) });
                  }}
                >
                  <Field label={t('comments.editLabel')} id={`edit-${c.id}`}>
                    <TextArea rows={3} value={editing.body} onChange={(e) => setEditing({ id: c.id, body: e.target.value })} />
                  </Field>
                  <div className="row">
                    <Button type="submit" size="small" variant="primary" loading={actions.edit.isPending}>
                      {t('comments.save')}
                    </Button>
                    <Button size="small" onClick={() => endEdit(c.id)}>
                      {t('common.cancel')}
                    </Button>
                  </div>
                </form>
              ) : (
                <Markdown>{c.body}</Markdown>
              )}
              {user && !c.hidden && !c.deleted && editing?.id !== c.id && (
                <div className="row">
                  {mine && (
                    <>
                      <Button size="small" variant="ghost" id={`edit-button-${c.id}`} onClick={() => startEdit(c)}>
                        {t('comments.edit')}
                      </Button>
                      <Button size="small" variant="ghost" onClick={() => setDeleting(c)}>
                        {t('comments.delete')}
                      </Button>
                    </>
                  )}
                  {!mine && (c.reportedByMe || reported.has(c.id)) && <span className="meta">{t('comments.reportedByMe')}</span>}
                  {!mine && !c.reportedByMe && !reported.has(c.id) && (
                    <Button size="small" variant="ghost" onClick={() => setModerating({ comment: c, kind: 'report' })}>
                      {t('comments.report')}
                    </Button>
                  )}
                  {hasRole('cdo') && (
                    <Button size="small" variant="ghost" onClick={() => setModerating({ comment: c, kind: 'hide' })}>
                      {t('comments.hide')}
                    </Button>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ul>
      {comments.hasNextPage && (
        <Button
          ref={moreRef}
          onClick={() => loadMore(comments.fetchNextPage)}
          loading={comments.isFetchingNextPage}
        >
          {t('common.loadMore')}
        </Button>
      )}
      {user ? (
        <form onSubmit={onSubmit} noValidate className="mt-4">
          <Field label={t('comments.label')} hint={t('comments.hint')} error={error} id="comment-body">
            <TextArea rows={3} value={body} onChange={(e) => setBody(e.target.value)} maxLength={5000} />
          </Field>
          <Button type="submit" variant="primary" loading={actions.add.isPending}>
            {t('comments.send')}
          </Button>
        </form>
      ) : (
        <p className="mt-4">
          <Link to={`/login?next=${encodeURIComponent(location.pathname)}`}>{t('comments.loginToComment')}</Link>
          {draftKept && <span className="meta"> {t('comments.draftKept')}</span>}
        </p>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('comments.deleteTitle')}
        message={t('comments.deleteConfirm')}
        confirmLabel={t('comments.delete')}
        busy={actions.remove.isPending}
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const id = deleting!.id;
          actions.remove.mutate(id, {
            onSuccess: () => {
              focusNext.current = `comment-${id}`;
            },
            onSettled: () => setDeleting(null),
            onError: (err) => toast.error(errorMessage(err)),
          });
        }}
      />
      <Dialog
        open={!!moderating}
        title={moderating?.kind === 'hide' ? t('comments.hideTitle') : t('comments.reportTitle')}
        onClose={() => {
          setModerating(null);
          setModError(undefined);
        }}
        footer={
          <>
            <Button
              onClick={() => {
                setModerating(null);
                setModError(undefined);
              }}
            >
              {t('common.cancel')}
            </Button>
            <Button
              variant="primary"
              loading={actions.report.isPending || actions.hide.isPending}
              onClick={() => {
                // The reason is required, of 3 characters at least (as the API): say so at the
                // field (a disabled button would not).
                if (modReason.trim().length < 3) {
                  setModError(modReason.trim() ? t('errors.field.minChars', { count: 3 }) : t('errors.field.required'));
                  document.getElementById('mod-reason')?.focus();
                  return;
                }
                const m = moderating!;
                const mut = m.kind === 'hide' ? actions.hide : actions.report;
                mut.mutate(
                  { id: m.comment.id, reason: modReason.trim() },
                  {
                    onSuccess: () => {
                      if (m.kind === 'report') {
                        toast.success(t('comments.reported'));
                        setReported((r) => new Set(r).add(m.comment.id));
                      }
                      // The button that opened the dialog is gone with it: back to the comment.
                      focusNext.current = `comment-${m.comment.id}`;
                      setModerating(null);
                      setModReason('');
                    },
                    onError: (err) => {
                      // Reported before (another visit): the report stands, so the dialog is done.
                      if (err instanceof ApiError && err.reason === 'comment_already_reported') {
                        focusNext.current = `comment-${m.comment.id}`;
                        setReported((r) => new Set(r).add(m.comment.id));
                        setModerating(null);
                        setModReason('');
                      }
                      toast.error(errorMessage(err));
                    },
                  },
                );
              }}
            >
              {moderating?.kind === 'hide' ? t('comments.hide') : t('comments.report')}
            </Button>
          </>
        }
      >
        <Field label={moderating?.kind === 'hide' ? t('comments.hideReason') : t('comments.reportReason')} required id="mod-reason" error={modError}>
          <TextArea
            rows={3}
            value={modReason}
            onChange={(e) => {
              setModReason(e.target.value);
              setModError(undefined);
            }}
          />
        </Field>
      </Dialog>
    </section>
  );
}
