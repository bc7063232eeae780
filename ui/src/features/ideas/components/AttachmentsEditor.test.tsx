import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@/lib/api-client';
import { json, mockApi, renderWithProviders } from '@/test/utils';
import { uploadAttachment, type Attachment } from '../api';
import { AttachmentsEditor } from './AttachmentsEditor';

vi.mock('../api', async (importOriginal) => ({ ...(await importOriginal<typeof import('../api')>()), uploadAttachment: vi.fn() }));

const attachment = (n: number): Attachment => ({
  id: `a${n}`, ideaId: 'i1', filename: `datei-${n}.pdf`, contentType: 'application/pdf', size: 1000, sha256: 'x'.repeat(64),
  uploaderId: 'u1', createdAt: '2026-11-01T00:00:00Z', downloadUrl: `/api/v1/attachments/a${n}`,
});

describe('AttachmentsEditor', () => {
  it('names every file that failed, stops at the limit and then offers no more uploads', async () => {
    const user = userEvent.setup({ applyAccept: false }); // the server, not the picker, refuses the .txt here
    const stored = Array.from({ length: 8 }, (_, n) => attachment(n));
    mockApi({ 'GET /ideas/:id/attachments': () => json({ items: stored, nextCursor: null, total: stored.length }) });
    vi.mocked(uploadAttachment).mockImplementation(async (_id, file) => {
      if (file.name.endsWith('.txt')) {
        throw new ApiError({ status: 415, code: 'unsupported_media_type', message: 'files of this type are not accepted', reason: 'file_type' });
      }
      stored.push(attachment(stored.length));
      return attachment(stored.length - 1);
    });
    renderWithProviders(<AttachmentsEditor ideaId="i1" />);
    await screen.findAllByText('datei-7.pdf');
    const files = ['notiz.txt', 'a.pdf', 'b.pdf', 'c.pdf', 'd.pdf'].map((name) => new File(['x'], name, { type: name.endsWith('.txt') ? 'text/plain' : 'application/pdf' }));
    const input = screen.getByLabelText('Datei auswählen');
    await user.upload(input, files);
    const alert = await screen.findByText(/notiz\.txt: Dateien dieser Art werden nicht angenommen/);
    expect(alert).toBeInTheDocument();
    expect(screen.getByText('Nicht hochgeladen, weil höchstens 10 Anhänge möglich sind: c.pdf, d.pdf')).toBeInTheDocument();
    expect(vi.mocked(uploadAttachment)).toHaveBeenCalledTimes(3);
    await waitFor(() => expect(input).toBeDisabled());
    expect(screen.getByText(/Die Idee hat 10 Anhänge/)).toBeInTheDocument();
  });
});
