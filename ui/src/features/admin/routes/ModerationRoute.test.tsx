import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { ReportedComment } from '@/types/api';
import { ModerationRoute } from './ModerationRoute';

const reported = (id: string, author: string, body: string, reasons: string[]): ReportedComment => ({
  comment: {
    id,
    ideaId: 'i1',
    author: { id: `u-${id}`, displayName: author, deleted: false },
    body,
    bodyHtml: `<p>${body}</p>`,
    edited: false,
    deleted: false,
    hidden: null,
    reportCount: reasons.length,
    mine: false,
    reportedByMe: false,
    createdAt: '2026-11-20T10:00:00Z',
    updatedAt: '2026-11-20T10:00:00Z',
  },
  idea: { id: 'i1', title: 'Chatbot für häufige Fragen', stage: 'screening' },
  reports: reasons.length,
  firstReportedAt: '2026-11-21T10:00:00Z',
  lastReportedAt: '2026-11-22T10:00:00Z',
  reasons,
});

const cdo = makeUser({ roles: ['employee', 'cdo'] });

describe('ModerationRoute', () => {
  it('shows each reported comment with its idea and reasons; keeping one dismisses its reports and moves focus on', async () => {
    const user = userEvent.setup({ delay: null });
    let queue = [reported('c1', 'Cem Bürger', 'Typisch Verwaltung!', ['Unsachlich', 'Pauschal']), reported('c2', 'Erik Mitarbeiter', 'Billige Uhren', ['Werbung'])];
    const api = mockApi({
      'GET /comments/reported': () => json({ items: queue, nextCursor: null, total: queue.length }),
      'DELETE /comments/:id/reports': (req) => {
        queue = queue.filter((r) => !req.url.includes(`/comments/${r.comment.id}/`));
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<ModerationRoute />, { user: cdo });
    expect(await screen.findByText('2 gemeldete Kommentare warten auf Ihre Entscheidung.')).toBeInTheDocument();
    const first = screen.getByRole('article', { name: 'Kommentar von Cem Bürger' });
    expect(within(first).getByRole('link', { name: 'Chatbot für häufige Fragen' })).toHaveAttribute('href', '/ideas/i1#comment-c1');
    expect(within(first).getByText('Typisch Verwaltung!')).toBeInTheDocument();
    expect(within(first).getByText(/^2 Meldungen/)).toBeInTheDocument();
    expect(within(first).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Unsachlich', 'Pauschal']);

    await user.click(within(first).getByRole('button', { name: 'Behalten – Kommentar von Cem Bürger' }));
    expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/comments/c1/reports')).toBe(true);
    await waitFor(() => expect(screen.queryByRole('article', { name: 'Kommentar von Cem Bürger' })).not.toBeInTheDocument());
    // On to the comment that took its place.
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Kommentar von Erik Mitarbeiter' })).toHaveFocus());
    expect(screen.getByText('1 gemeldeter Kommentar wartet auf Ihre Entscheidung.')).toBeInTheDocument();
  });

  it('hides a comment only with a reason, and says so when someone else settled it first', async () => {
    const user = userEvent.setup({ delay: null });
    let queue = [reported('c1', 'Cem Bürger', 'Typisch Verwaltung!', ['Unsachlich'])];
    const api = mockApi({
      'GET /comments/reported': () => json({ items: queue, nextCursor: null, total: queue.length }),
      'POST /comments/:id/hide': () => {
        queue = [];
        return json({ ...reported('c1', 'Cem Bürger', 'x', []).comment, hidden: { reason: 'Beleidigend', at: '2026-11-23T10:00:00Z' } });
      },
    });
    const { unmount } = renderWithProviders(<ModerationRoute />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: /^Ausblenden …/ }));
    const dialog = screen.getByRole('dialog', { name: 'Kommentar ausblenden' });
    await user.click(within(dialog).getByRole('button', { name: 'Ausblenden' }));
    expect(await within(dialog).findByText('Bitte geben Sie eine Begründung an.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Beleidigend');
    await user.click(within(dialog).getByRole('button', { name: 'Ausblenden' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: 'Beleidigend' });
    expect(await screen.findByText('Keine gemeldeten Kommentare – alles erledigt.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByText('Keine gemeldeten Kommentare – alles erledigt.')).toHaveFocus());
    unmount();

    // Another cdo hid it meanwhile: the dialog closes, the queue is reloaded.
    queue = [reported('c1', 'Cem Bürger', 'Typisch Verwaltung!', ['Unsachlich'])];
    const api2 = mockApi({
      'GET /comments/reported': () => json({ items: queue, nextCursor: null, total: queue.length }),
      'POST /comments/:id/hide': () => {
        queue = [];
        return json({ error: { code: 'conflict', reason: 'comment_already_hidden', message: 'the comment is already hidden', requestId: 'req-2' } }, 409);
      },
    });
    renderWithProviders(<ModerationRoute />, { user: cdo });
    await user.click(await screen.findByRole('button', { name: /^Ausblenden …/ }));
    await user.type(screen.getByLabelText(/^Begründung/), 'Beleidigend');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Ausblenden' }));
    expect(await screen.findByText(/inzwischen ausgeblendet oder gelöscht/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api2.calls.filter((c) => c.method === 'GET').length).toBeGreaterThan(1);
  });
});
