import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ButtonLink, Dialog, Field, TextArea, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { ApiError } from '@/lib/api-client';
import { useFormat } from '@/lib/format';
import type { Decision } from '@/types/api';
import { ideaKeys, useHistory, useTransition, type IdeaWithEtag } from '../api';

const ANSWER_MAX = 5000;
const ANSWER_MIN = 3;

/** Characters as the API counts them (code points), not UTF-16 code units: "😀" is one. */
const chars = (s: string) => [...s].length;

/**
 * An idea sent back with questions ("needs information"): its authors read the questions,
 * add to the idea and send their answer, which returns it to screening; the cdo's office
 * sees that it waits for them.
 */
export function NeedsInformation({ ideaId, waiting, isAuthor, isCdo }: { ideaId: string; waiting: boolean; isAuthor: boolean; isCdo: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const history = useHistory(ideaId);
  const transition = useTransition(ideaId);
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState('');
  const [tooShort, setTooShort] = useState(false);
  // Counted like the server, by characters (an emoji is one), not by a maxLength that counts
  // UTF-16 units.
  const tooLong = chars(answer) > ANSWER_MAX;
  // The answer was refused: 'answered' — another author answered the questions first (the
  // text stays in the dialog, read-only, to copy); 'changed' — the idea changed meanwhile but
  // still waits for the answer (send again).
  const [refused, setRefused] = useState<'answered' | 'changed' | null>(null);
  const refusedNotice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The send button is gone or the text unchanged: the dialog's focus goes to the message.
    if (refused) refusedNotice.current?.focus();
  }, [refused]);
  if (!isAuthor && !isCdo) return null;
  const asked = history.data?.findLast((d) => d.from === 'screening' && d.to === 'submitted');

  const close = () => {
    setOpen(false);
    if (refused === 'answered') setAnswer('');
    setRefused(null);
  };

  const send = async () => {
    if (chars(answer.trim()) < ANSWER_MIN) {
      setTooShort(true);
      return;
    }
    if (tooLong) return;
    setRefused(null);
    // Awaited rather than with mutate's callbacks: once the idea reloads in screening this
    // notice is gone, and so would be callbacks bound to it.
    try {
      await transition.mutateAsync({ to: 'screening', reason: answer.trim() });
      toast.success(t('idea.needsInfo.sent'));
      setOpen(false);
      setAnswer('');
    } catch (err) {
      const notWaiting = err instanceof ApiError && err.status === 409 && err.reason === 'transition_not_allowed';
      if (notWaiting || (err instanceof ApiError && err.isStale)) {
        // Someone else answered (or changed the idea) first: load the current idea and history.
        await qc.invalidateQueries({ queryKey: ideaKeys.all });
        const detail = qc.getQueryData<IdeaWithEtag>(ideaKeys.detail(ideaId));
        const latest = qc.getQueryData<Decision[]>(ideaKeys.history(ideaId))?.at(-1);
        // Still the questions this writer answered: only the idea's version moved on.
        const stillWaiting = !notWaiting && (detail?.idea.needsInformation ?? true) && !!asked && latest?.id === asked.id;
        setRefused(stillWaiting ? 'changed' : 'answered');
        return;
      }
      if (!fieldError(err, 'reason')) toast.error(errorMessage(err));
    }
  };

  const dialog = (
    <Dialog
      open={open}
      title={t('idea.needsInfo.answer')}
      onClose={close}
      footer={
        refused === 'answered' ? (
          <Button onClick={close}>{t('common.close')}</Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button variant="primary" onClick={() => void send()} loading={transition.isPending}>
              {t('idea.needsInfo.send')}
            </Button>
          </>
        )
      }
    >
      {refused && (
        <Alert ref={refusedNotice} kind="warning" live title={refused === 'answered' ? t('idea.needsInfo.answeredMeanwhile') : t('idea.needsInfo.changedMeanwhile')}>
          <p className="mb-0">{refused === 'answered' ? t('idea.needsInfo.notSentCopy') : t('idea.needsInfo.notSentAgain')}</p>
        </Alert>
      )}
      {refused !== 'answered' && <p>{t('idea.needsInfo.dialogText')}</p>}
      <Field
        label={t('idea.needsInfo.answerLabel')}
        required={refused !== 'answered'}
        error={
          tooShort
            ? t('idea.needsInfo.answerRequired')
            : tooLong
              ? t('errors.field.maxChars', { count: ANSWER_MAX })
              : fieldError(transition.error, 'reason')
        }
        counter={{ value: chars(answer), max: ANSWER_MAX }}
      >
        <TextArea
          rows={6}
          readOnly={refused === 'answered'}
          value={answer}
          onChange={(e) => {
            setAnswer(e.target.value);
            setTooShort(false);
          }}
        />
      </Field>
    </Dialog>
  );

  // Mounted for every idea (see IdeaDetailRoute): the notice shows while the idea waits for
  // the answer; an open dialog stays open when the idea reloads in screening meanwhile (another
  // author answered), with this writer's text, until it is closed.
  return (
    <>
      {waiting && (
        <Alert kind={isAuthor ? 'warning' : 'info'} title={isAuthor ? t('idea.needsInfo.authorTitle') : t('idea.needsInfo.cdoTitle')}>
          {asked?.reason && (
            <>
              <p className="mb-0">{t('idea.needsInfo.asked', { date: fmt.date(asked.at) })}</p>
              <blockquote className="quote">{asked.reason}</blockquote>
            </>
          )}
          {isAuthor ? (
            <>
              <p>{t('idea.needsInfo.authorText')}</p>
              <div className="row">
                <ButtonLink to={`/ideas/${ideaId}/edit`}>{t('idea.needsInfo.edit')}</ButtonLink>
                <Button variant="primary" onClick={() => setOpen(true)}>
                  {t('idea.needsInfo.answer')}
                </Button>
              </div>
            </>
          ) : (
            <p className="mb-0">{t('idea.needsInfo.cdoText')}</p>
          )}
        </Alert>
      )}
      {dialog}
    </>
  );
}
