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
  const [error, setError] = useState('');
  const [confirm, setConfirm] = useState<Attachment | null>(null);
  const list = attachments.data ?? [];

  const onFiles = async (files: FileList | null) => {
    if (!files?.length) return;
    setError('');
    for (const file of Array.from(files)) {
      if (list.length >= MAX_FILES) {
        setError(t('editor.tooMany'));
        break;
      }
      if (file.size > MAX_BYTES) {
        setError(t('editor.tooBig', { name: file.name }));
        continue;
      }
      setProgress({ name: file.name, fraction: 0 });
      setStatus(t('editor.uploading', { name: file.name }));
      try {
        await uploadAttachment(ideaId, file, (fraction) => setProgress({ name: file.name, fraction }));
        setStatus(t('editor.uploaded', { name: file.name }));
        await qc.invalidateQueries({ queryKey: ideaKeys.attachments(ideaId) });
      } catch (err) {
        setError(`${file.name}: ${errorMessage(err)}`);
        setStatus('');
      }
    }
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
          disabled={!!progress}
          onChange={(e) => void onFiles(e.target.files)}
        />
      </div>
      {progress && <progress className="progress" max={1} value={progress.fraction} aria-label={t('editor.uploadProgress')} />}
      <p role="status" className="meta mb-0">
        {status}
      </p>
      {error && (
        <p role="alert" className="field__error">
          {error}
        </p>
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
