import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { ErrorSummary, fieldError, useErrorMessage } from '@/components/ui/ErrorSummary';
import { Field, Input } from '@/components/ui/Field';
import { Skeleton } from '@/components/ui/Skeleton';
import { useToast } from '@/components/ui/Toast';
import { ApiError, api, unwrapWithEtag } from '@/lib/api-client';
import type { components } from '@/lib/api-types';
import { useAuth } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { addDays, dayToInstant, localDay } from '@/lib/dates';
import { localizeFieldError } from '@/lib/server-messages';
import type { GateIdea } from './GateDialog';
import { ReviewerPicker, type ReviewerChoice } from './ReviewerPicker';

type Reviewers = components['schemas']['Reviewers'];
type Assignment = Reviewers['items'][number];
type Assignments = Reviewers & { etag: string | null };

const reviewersKey = (ideaId: string) => ['ideas', ideaId, 'reviewers'] as const;

/** The assignments with the ETag to send back as If-Match. */
async function withEtag(call: Promise<{ data?: Reviewers; error?: unknown; response: Response }>): Promise<Assignments> {
  const r = await unwrapWithEtag(call);
  return { ...r, etag: r.etag ?? (r.version > 0 ? `"v${r.version}"` : null) };
}

// Released: the account ended (deactivated, deleted), the reviewer did not decline.
const assignmentState = (a: Assignment) => (a.status === 'declined' ? (a.released ? 'released' : 'declined') : a.reviewStatus === 'none' ? 'open' : a.reviewStatus);

/**
 * The CDO's view of who reviews an idea in evaluation: each assignment with its state (open,
 * started, submitted, declined with the reason), due date and whether it is overdue, and
 * "Gutachtende ändern" to add or replace reviewers — e.g. for one who declined.
 */
export function ReviewersPanel({ idea }: { idea: GateIdea }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const errorMessage = useErrorMessage();
  const { hasRole } = useAuth();
  const headingId = useId();
  const shown = hasRole('cdo') && idea.stage === 'evaluation';
  const q = useQuery({
    queryKey: reviewersKey(idea.id),
    queryFn: () => withEtag(api.GET('/ideas/{id}/reviewers', { params: { path: { id: idea.id } } })),
    enabled: shown,
  });
  const [open, setOpen] = useState(false);
  if (!shown) return null;

  const items = q.data?.items ?? [];
  const active = items.filter((a) => a.status === 'assigned');
  const name = (a: Assignment) => a.reviewer.displayName || t('common.deletedAccount');

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('gate.assignments.title')}</h2>
      {q.isPending ? (
        <Skeleton lines={2} title={false} />
      ) : q.isError ? (
        <Alert kind="error">{errorMessage(q.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="meta">{t('gate.assignments.empty')}</p>
      ) : (
        <>
          <p className="meta">{t('gate.assignments.submittedOf', { submitted: active.filter((a) => a.reviewStatus === 'submitted').length, assigned: active.length })}</p>
          <ul className="plain-list stack stack--sm">
            {items.map((a) => {
              const state = assignmentState(a);
              return (
                <li key={a.reviewer.id}>
                  <strong>{name(a)}</strong> <span className="badge badge--plain">{t(`reviews.status.${state}`)}</span>
                  {state !== 'declined' && state !== 'released' && (
                    <p className={a.overdue ? 'meta mb-0 text-danger' : 'meta mb-0'}>
                      {a.overdue ? t('reviews.overdue', { date: fmt.date(a.dueAt) }) : t('reviews.due', { date: fmt.date(a.dueAt) })}
                    </p>
                  )}
                  {state === 'declined' && a.declineReason && <p className="meta mb-0">{t('gate.assignments.declineReason', { reason: a.declineReason })}</p>}
                  {state === 'released' && <p className="meta mb-0">{t('gate.assignments.released')}</p>}
                </li>
              );
            })}
          </ul>
        </>
      )}
      {q.isSuccess && (
        <Button className="mt-4" onClick={() => setOpen(true)}>
          {t('gate.assignments.change')}
        </Button>
      )}
      {q.isSuccess && <ChangeReviewersDialog idea={idea} assignments={q.data} open={open} onClose={() => setOpen(false)} onReload={() => q.refetch()} />}
    </section>
  );
}

function ChangeReviewersDialog({
  idea,
  assignments,
  open,
  onClose,
  onReload,
}: {
  idea: GateIdea;
  assignments: Assignments;
  open: boolean;
  onClose(): void;
  onReload(): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const toast = useToast();
  const uid = useId();
  const [selected, setSelected] = useState<string[]>([]);
  const [dueAt, setDueAt] = useState('');
  const [errors, setErrors] = useState<{ reviewers?: string; dueAt?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const pickerId = `${uid}-reviewers`;
  const dueId = `${uid}-due`;
  // The first reviewer box that can be changed (else the group): the dialog opens there, and a
  // "choose at least one" or a reload sends the focus there – once the boxes of that version of
  // the assignments are rendered, as a box locked meanwhile cannot take the focus.
  const pickerRef = useRef<HTMLElement>(null);
  const [focusPickerAt, setFocusPickerAt] = useState<number | null>(null);
  useEffect(() => {
    if (focusPickerAt === null || focusPickerAt !== assignments.version) return;
    setFocusPickerAt(null);
    document.getElementById(pickerId)?.focus();
  }, [focusPickerAt, assignments.version, pickerId]);

  const reset = (a: Assignments) => {
    setSelected(a.items.filter((x) => x.status === 'assigned').map((x) => x.reviewer.id));
    setDueAt(localDay(addDays(new Date(), 14)));
    setErrors({});
    setFailure(null);
  };
  useEffect(() => {
    if (open) reset(assignments);
    // Only when the dialog opens: a refetch behind it must not undo the choice being made.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const also: ReviewerChoice[] = assignments.items.map((a) => ({ id: a.reviewer.id, displayName: a.reviewer.displayName || t('common.deletedAccount') }));
  const locked: Record<string, string> = {};
  for (const a of assignments.items) {
    if (a.status === 'declined' && !a.released) locked[a.reviewer.id] = t('gate.assignments.lockedDeclined');
    else if (a.reviewStatus === 'submitted') locked[a.reviewer.id] = t('gate.assignments.lockedSubmitted');
  }
  const authorIds = new Set([idea.author?.id, ...(idea.coAuthors ?? []).map((c) => c.id)].filter(Boolean));
  const stale = failure instanceof ApiError && failure.isStale;

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    const next: typeof errors = {};
    if (selected.length === 0) next.reviewers = 'chooseReviewer';
    if (!dueAt) next.dueAt = 'required';
    else if (dueAt < localDay()) next.dueAt = 'dueAtPast';
    setErrors(next);
    if (next.reviewers) {
      setFocusPickerAt(assignments.version);
      return;
    }
    if (next.dueAt) {
      document.getElementById(dueId)?.focus();
      return;
    }
    // Whoever stays keeps a due date that has not passed; new reviewers, and those whose date
    // has passed, get the one chosen here (the API takes only dates in the future).
    const now = Date.now();
    const newDue = dayToInstant(dueAt, true);
    const reviewers = selected.map((reviewerId) => {
      const current = assignments.items.find((a) => a.reviewer.id === reviewerId && a.status === 'assigned');
      return { reviewerId, dueAt: current && new Date(current.dueAt).getTime() > now ? current.dueAt : newDue };
    });
    setBusy(true);
    try {
      const saved = await withEtag(
        api.PUT('/ideas/{id}/reviewers', {
          params: { path: { id: idea.id }, header: assignments.etag ? { 'If-Match': assignments.etag } : undefined },
          body: { reviewers },
        }),
      );
      qc.setQueryData(reviewersKey(idea.id), saved);
      await qc.invalidateQueries({ queryKey: ['ideas', idea.id] });
      toast.success(t('gate.assignments.saved'));
      onClose();
    } catch (ex) {
      setFailure(ex);
    } finally {
      setBusy(false);
    }
  };

  const reload = async () => {
    await onReload();
    const fresh = qc.getQueryData<Assignments>(reviewersKey(idea.id));
    if (fresh) reset(fresh);
    setFocusPickerAt(fresh?.version ?? assignments.version);
  };

  const pickerError = errors.reviewers ? t(`gate.${errors.reviewers}` as 'gate.chooseOne') : localizeFieldError(t, fieldError(failure, 'reviewers'));

  return (
    <Dialog
      open={open}
      wide
      title={t('gate.assignments.dialogTitle', { title: idea.title })}
      onClose={onClose}
      initialFocus={pickerRef}
      footer={
        <>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button variant="primary" type="submit" form={`${uid}-form`} loading={busy} disabled={stale}>
            {t('common.save')}
          </Button>
        </>
      }
    >
      <form id={`${uid}-form`} noValidate onSubmit={onSubmit}>
        <ErrorSummary error={failure} fieldIds={{ reviewers: pickerId }} labels={{ reviewers: t('gate.reviewers') }} />
        {stale && (
          <p>
            <Button onClick={reload}>{t('gate.assignments.reload')}</Button>
          </p>
        )}
        <ReviewerPicker
          id={pickerId}
          enabled={open}
          authorIds={authorIds}
          selected={selected}
          onChange={setSelected}
          error={pickerError}
          hint={t('gate.assignments.hint')}
          also={also}
          locked={locked}
          focusRef={pickerRef}
        >
          <Field
            label={t('gate.assignments.dueAt')}
            hint={t('gate.assignments.dueAtHint')}
            error={errors.dueAt ? t(`gate.${errors.dueAt}` as 'gate.required') : undefined}
            required
            id={dueId}
          >
            <Input type="date" value={dueAt} onChange={(e) => setDueAt(e.target.value)} />
          </Field>
        </ReviewerPicker>
      </form>
    </Dialog>
  );
}
