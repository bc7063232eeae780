import { useTranslation } from 'react-i18next';
import { API_PREFIX, download } from '@/lib/api-client';
import { useToast } from '@/components/ui/Toast';
import { useErrorMessage } from '@/components/ui/ErrorSummary';
import type { Attachment } from '../api';

/**
 * Files of internal ideas need the bearer token, which a plain link cannot send; the link
 * still works with a middle click for public ideas, and a click downloads with the token.
 */
export function AttachmentLink({ a }: { a: Attachment }) {
  const toast = useToast();
  const errorMessage = useErrorMessage();
  const { t } = useTranslation();
  const href = a.downloadUrl || `${API_PREFIX}/attachments/${a.id}`;
  return (
    <a
      href={href}
      onClick={(e) => {
        e.preventDefault();
        download(href.replace(/^.*\/api\/v1/, ''), a.filename).catch((err) => toast.error(errorMessage(err)));
      }}
    >
      {a.filename}
      <span className="visually-hidden"> ({t('common.download')})</span>
    </a>
  );
}
