import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, ButtonLink, Dialog, Field, TextArea, fieldError, useErrorMessage, useToast } from '@/components/ui';
import { useFormat } from '@/lib/format';
import { useHistory, useTransition } from '../api';

const ANSWER_MAX = 5000;

/**
 * An idea sent back with questions ("needs information"): its authors read the questions,
 * add to the idea and send their answer, which returns it to screening; the cdo's office
 * sees that it waits for them.
 */
export function NeedsInformation({ ideaId, isAuthor, isCdo }: { ideaId: string; isAuthor: boolean; isCdo: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const history = useHistory(ideaId);
  const transition = useTransition(ideaId);
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState('');
  const [tooShort, setTooShort] = useState(false);
  if (!isAuthor && !isCdo) return null;
  const asked = history.data?.findLast((d) => d.from === 'screening' && d.to === 'submitted');

  const send = async () => {
    if (answer.trim().length < 3) {
      setTooShort(true);
      return;
    }
    // Awaited rather than with mutate's callbacks: once the idea reloads in screening this
    // notice is gone, and so would be callbacks bound to it.
    try {
      await transition.mutateAsync({ to: 'screening', reason: answer.trim() });
      toast.success(t('idea.needsInfo.sent'));
      setOpen(false);
      setAnswer('');
    } catch (err) {
      if (!fieldError(err, 'reason')) toast.error(errorMessage(err));
    }
  };

  return (
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
      <Dialog
        open={open}
        title={t('idea.needsInfo.answer')}
        onClose={() => setOpen(false)}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{t('common.cancel')}</Button>
            <Button variant="primary" onClick={() => void send()} loading={transition.isPending}>
              {t('idea.needsInfo.send')}
            </Button>
          </>
        }
      >
        <p>{t('idea.needsInfo.dialogText')}</p>
        <Field
          label={t('idea.needsInfo.answerLabel')}
          required
          error={tooShort ? t('idea.needsInfo.answerRequired') : fieldError(transition.error, 'reason')}
          counter={{ value: answer.length, max: ANSWER_MAX }}
        >
          <TextArea
            rows={6}
            maxLength={ANSWER_MAX}
            value={answer}
            onChange={(e) => {
              setAnswer(e.target.value);
              setTooShort(false);
            }}
          />
        </Field>
      </Dialog>
    </Alert>
  );
}
