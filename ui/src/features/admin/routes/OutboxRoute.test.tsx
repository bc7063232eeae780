import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { OutboxRoute } from './OutboxRoute';

const overview = (mailDelivery: 'smtp' | 'log') => ({
  mailDelivery,
  counts: { pending: 0, sent: 12, failed: 0 },
  retrying: [],
  failed: [],
});

describe('OutboxRoute', () => {
  it('tells the admin that mails are not delivered when no SMTP server is configured', async () => {
    mockApi({ 'GET /admin/outbox': () => json(overview('log')) });
    renderWithProviders(<OutboxRoute />, { user: makeUser({ roles: ['admin'] }) });
    expect(await screen.findByText(/Es ist kein SMTP-Server eingerichtet/)).toBeInTheDocument();
  });

  it('says nothing of the kind when mails go to an SMTP server', async () => {
    mockApi({ 'GET /admin/outbox': () => json(overview('smtp')) });
    renderWithProviders(<OutboxRoute />, { user: makeUser({ roles: ['admin'] }) });
    expect(await screen.findByText('Keine Nachricht wartet oder ist fehlgeschlagen.')).toBeInTheDocument();
    expect(screen.queryByText(/SMTP/)).not.toBeInTheDocument();
  });

  it('does not call the outbox empty beside the messages it has sent, nor while messages wait for their first attempt', async () => {
    mockApi({ 'GET /admin/outbox': () => json({ ...overview('smtp'), counts: { pending: 0, sent: 18, failed: 0 } }) });
    const { unmount } = renderWithProviders(<OutboxRoute />, { user: makeUser({ roles: ['admin'] }) });
    expect(await screen.findByText('Keine Nachricht wartet oder ist fehlgeschlagen.')).toBeInTheDocument();
    expect(screen.queryByText(/leer/)).not.toBeInTheDocument();
    unmount();

    mockApi({ 'GET /admin/outbox': () => json({ ...overview('smtp'), counts: { pending: 3, sent: 18, failed: 0 } }) });
    renderWithProviders(<OutboxRoute />, { user: makeUser({ roles: ['admin'] }) });
    expect(await screen.findByText('Keine Nachricht ist fehlgeschlagen oder wartet auf einen neuen Versuch.')).toBeInTheDocument();
    expect(screen.queryByText(/wartet oder ist fehlgeschlagen/)).not.toBeInTheDocument();
  });

  it("says in the UI language why a message failed, with the server's words beneath", async () => {
    mockApi({
      'GET /admin/outbox': () =>
        json({
          ...overview('smtp'),
          counts: { pending: 0, sent: 3, failed: 1 },
          failed: [
            {
              id: 'wh:1',
              kind: 'webhook',
              to: 'deleted webhook',
              state: 'failed',
              attempts: 1,
              lastError: 'undeliverable: the webhook was deleted',
              errorKind: 'webhook_deleted',
              createdAt: '2026-11-26T08:00:00Z',
              nextAttempt: null,
            },
          ],
        }),
    });
    renderWithProviders(<OutboxRoute />, { user: makeUser({ roles: ['admin'] }) });
    expect(await screen.findByText('Der Webhook wurde gelöscht; diese Nachricht kann nicht mehr zugestellt werden.')).toBeInTheDocument();
    expect(screen.getByText('undeliverable: the webhook was deleted')).toBeInTheDocument();
  });

  it('says how many failed messages go out again, and keeps keyboard focus on the page', async () => {
    const user = userEvent.setup({ delay: null });
    let failed = 2;
    mockApi({
      'GET /admin/outbox': () => json({ ...overview('smtp'), counts: { pending: 2 - failed, sent: 5, failed } }),
      'POST /admin/outbox/retry-failed': () => {
        failed = 0;
        return json({ retried: 2 });
      },
    });
    renderWithProviders(<OutboxRoute />, { user: makeUser({ roles: ['admin'] }) });
    await user.click(await screen.findByRole('button', { name: 'Fehlgeschlagene erneut senden' }));
    expect(await screen.findByText('2 Nachrichten werden erneut gesendet.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Fehlgeschlagene erneut senden' })).not.toBeInTheDocument());
    expect(screen.getByText(/^E-Mails und Webhook-Zustellungen/)).toHaveFocus();
  });
});
