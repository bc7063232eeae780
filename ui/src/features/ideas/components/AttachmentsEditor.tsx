import { useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button, ConfirmDialog, useErrorMessage, useToast } from '@/components/ui';
import { useFormat } from '@/lib/format';
import { ideaKeys, uploadAttachment, useAttachments, useDeleteAttachment, type Attachment } from '../api';
import { AttachmentLink } from './AttachmentLink';

export const MAX_FILES = 10;
export const MAX_BYTES = 10 * 1024 * 1024;

export function formatBytes(n: number, lng: string): string {
  const units = ['B', 'KB', 'MB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(lng.startsWith('en') ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(v)} ${units[i]}`;
}

/** Upload with a progress bar, client-side size/count checks, and delete with confirmation. */
export function AttachmentsEditor({ ideaId }: { ideaId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const qc = useQueryClient();
  const attachments = useAttachments(ideaId);
  const remove = useDeleteAttachment(ideaId);
  const input = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<Attachment | null>(null);
  const list = attachments.data ?? [];

  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    // Every file that fails says so; the count goes up with each upload of this choice.
    const failed: string[] = [];
    setErrors(failed);
    let count = list.length;
    for (const [n, file] of Array.from(files).entries()) {
      if (count >= MAX_FILES) {
        const skipped = Array.from(files).slice(n).map((f) => f.name);
        failed.push(t('editor.tooManySkipped', { max: MAX_FILES, names: skipped.join(', ') }));
        break;
      }
      if (file.size > MAX_BYTES) {
        failed.push(t('editor.tooBig', { name: file.name }));
        setErrors([...failed]);
        continue;
      }
      setProgress({ name: file.name, fraction: 0 });
      setStatus(t('editor.uploading', { name: file.name }));
      try {
        await uploadAttachment(ideaId, file, (fraction) => setProgress({ name: file.name, fraction }));
        count++;
        setStatus(t('editor.uploaded', { name: file.name }));
        await qc.invalidateQueries({ queryKey: ideaKeys.attachments(ideaId) });
      } catch (err) {
        failed.push(`${file.name}: ${errorMessage(err)}`);
        setErrors([...failed]);
        setStatus('');
      }
    }
    setErrors([...failed]);
    setProgress(null);
    if (input.current) input.current.value = '';
  };

  return (
    <fieldset>
      <legend>{t('editor.attachments')}</legend>
      <p className="field__hint" id="att-hint">
        {t('editor.attachmentsHint')}
      </p>
      {list.length > 0 && (
        <ul className="stack stack--sm" style={{ listStyle: 'none', padding: 0 }}>
          {list.map((a) => (
            <li key={a.id} className="row row--between">
              <span>
                <AttachmentLink a={a} /> <span className="meta">({formatBytes(a.size, fmt.lng)})</span>
              </span>
              <Button size="small" variant="ghost" onClick={() => setConfirm(a)}>
                {t('common.remove')}
                <span className="visually-hidden"> {a.filename}</span>
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div className="field">
        <label className="field__label" htmlFor="att-input">
          {t('editor.chooseFile')}
        </label>
        <input
          ref={input}
          id="att-input"
          type="file"
          multiple
          aria-describedby="att-hint"
          accept=".pdf,.png,.jpg,.jpeg,.webp,.docx,.xlsx,.odt"
          disabled={!!progress || list.length >= MAX_FILES}
          onChange={(e) => void onFiles(e.target.files)}
        />
      </div>
      {progress && <progress className="progress" max={1} value={progress.fraction} aria-label={t('editor.uploadProgress')} />}
      <p role="status" className="meta mb-0">
        {status}
      </p>
      {list.length >= MAX_FILES && <p className="meta">{t('editor.filesFull', { max: MAX_FILES })}</p>}
      {errors.length > 0 && (
        <div role="alert" className="field__error">
          {errors.length === 1 ? (
            <p className="mb-0">{errors[0]}</p>
          ) : (
            <ul className="mb-0">
              {errors.map((e, i) => (
                <li key={i}>{e}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ConfirmDialog
        open={!!confirm}
        title={t('editor.removeAttachment', { name: confirm?.filename ?? '' })}
        message={t('editor.removeAttachment', { name: confirm?.filename ?? '' }) + '?'}
        confirmLabel={t('common.remove')}
        busy={remove.isPending}
        onCancel={() => setConfirm(null)}
        onConfirm={() =>
          remove.mutate(confirm!.id, {
            onSuccess: () => setConfirm(null),
            onError: (err) => toast.error(errorMessage(err)),
          })
        }
      />
    </fieldset>
  );
}
