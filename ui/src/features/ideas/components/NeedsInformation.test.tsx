import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { NeedsInformation } from './NeedsInformation';

const history = () =>
  json({
    items: [
      { id: 'd1', from: 'submitted', to: 'screening', at: '2026-11-20T09:00:00Z', reason: null },
      { id: 'd2', from: 'screening', to: 'submitted', at: '2026-11-24T09:00:00Z', reason: 'Welche Kosten entstehen?' },
    ],
  });

describe('NeedsInformation', () => {
  it('shows the authors the questions and sends their answer, which returns the idea to screening', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /ideas/i1/history': history,
      'POST /ideas/i1/transitions': async (req) => {
        const body = (await req.json()) as { reason?: string };
        if (!body.reason) return errorEnvelope(400, 'invalid', 'reason: write your answer', [{ field: 'reason', message: 'write your answer' }]);
        return json({ idea: { id: 'i1', stage: 'screening', version: 5, nextStages: [] }, decision: {} }, 201);
      },
    });
    renderWithProviders(<NeedsInformation ideaId="i1" waiting isAuthor isCdo={false} />, { user: makeUser({ roles: ['employee'] }) });
    expect(await screen.findByText('Welche Kosten entstehen?')).toBeInTheDocument();
    expect(screen.getByText('Rückfragen des Innovationsbüros')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Idee ergänzen' })).toHaveAttribute('href', '/ideas/i1/edit');

    await user.click(screen.getByRole('button', { name: 'Antwort senden' }));
    const dialog = screen.getByRole('dialog', { name: 'Antwort senden' });
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    expect(within(dialog).getByText(/mindestens 3 Zeichen/)).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.type(within(dialog).getByLabelText(/^Ihre Antwort/), 'Rund 4.000 Euro.');
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    expect(await screen.findByText('Antwort gesendet. Die Idee ist wieder in der Sichtung.')).toBeInTheDocument();
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ to: 'screening', reason: 'Rund 4.000 Euro.' });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('tells the cdo that the idea waits for the authors, without an answer button', async () => {
    mockApi({ 'GET /ideas/i1/history': history });
    renderWithProviders(<NeedsInformation ideaId="i1" waiting isAuthor={false} isCdo />, { user: makeUser({ roles: ['cdo'] }) });
    expect(await screen.findByText('Welche Kosten entstehen?')).toBeInTheDocument();
    expect(screen.getByText('Wartet auf die Antwort der Einreichenden')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Antwort senden' })).not.toBeInTheDocument();
  });

  it('counts characters like the server: two emoji are two characters, too short for an answer', async () => {
    const user = userEvent.setup();
    const api = mockApi({ 'GET /ideas/i1/history': history });
    renderWithProviders(<NeedsInformation ideaId="i1" waiting isAuthor isCdo={false} />, { user: makeUser({ roles: ['employee'] }) });
    await user.click(await screen.findByRole('button', { name: 'Antwort senden' }));
    const dialog = screen.getByRole('dialog', { name: 'Antwort senden' });
    await user.type(within(dialog).getByLabelText(/^Ihre Antwort/), '😀😀');
    expect(within(dialog).getByText('2 von 5.000 Zeichen')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    expect(within(dialog).getByText(/mindestens 3 Zeichen/)).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });

  it('takes 5,000 emoji (the server counts characters), and refuses a longer answer without sending it', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /ideas/i1/history': history,
      'POST /ideas/i1/transitions': () => json({ idea: { id: 'i1', stage: 'screening', version: 5, nextStages: [] }, decision: {} }, 201),
    });
    renderWithProviders(<NeedsInformation ideaId="i1" waiting isAuthor isCdo={false} />, { user: makeUser({ roles: ['employee'] }) });
    await user.click(await screen.findByRole('button', { name: 'Antwort senden' }));
    const dialog = screen.getByRole('dialog', { name: 'Antwort senden' });
    const box = within(dialog).getByLabelText(/^Ihre Antwort/);
    fireEvent.change(box, { target: { value: '😀'.repeat(5001) } });
    expect(box).toHaveAccessibleDescription(/Höchstens 5\.000 Zeichen/);
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(box, { target: { value: '😀'.repeat(5000) } });
    expect(box).toHaveValue('😀'.repeat(5000));
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
  });

  it('when another author answered first (409), says so, reloads the idea and keeps the text to copy', async () => {
    const user = userEvent.setup();
    let answered = false;
    const api = mockApi({
      'GET /ideas/i1/history': () =>
        answered
          ? json({
              items: [
                { id: 'd1', from: 'submitted', to: 'screening', at: '2026-11-20T09:00:00Z', reason: null },
                { id: 'd2', from: 'screening', to: 'submitted', at: '2026-11-24T09:00:00Z', reason: 'Welche Kosten entstehen?' },
                { id: 'd3', from: 'submitted', to: 'screening', at: '2026-11-25T09:00:00Z', reason: 'Rund 3.000 Euro.' },
              ],
            })
          : history(),
      'POST /ideas/i1/transitions': () => {
        answered = true;
        return json(
          { error: { code: 'conflict', reason: 'transition_not_allowed', params: { stage: 'screening', to: 'screening' }, message: 'an idea in stage "screening" cannot move to "screening"' } },
          409,
        );
      },
    });
    renderWithProviders(<NeedsInformation ideaId="i1" waiting isAuthor isCdo={false} />, { user: makeUser({ roles: ['employee'] }) });
    await user.click(await screen.findByRole('button', { name: 'Antwort senden' }));
    const dialog = screen.getByRole('dialog', { name: 'Antwort senden' });
    await user.type(within(dialog).getByLabelText(/^Ihre Antwort/), 'Etwa 4.000 Euro.\nDazu Wartung.');
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));

    const notice = await within(dialog).findByText('Die Rückfragen wurden inzwischen beantwortet.');
    expect(notice.closest('.alert')).toHaveFocus();
    expect(within(dialog).getByText(/Ihre Antwort wurde nicht gesendet/)).toBeInTheDocument();
    // The text stays, read-only, to copy; it cannot be sent again.
    const text = within(dialog).getByLabelText(/^Ihre Antwort/);
    expect(text).toHaveValue('Etwa 4.000 Euro.\nDazu Wartung.');
    expect(text).toHaveAttribute('readonly');
    expect(within(dialog).queryByRole('button', { name: 'Antwort senden' })).not.toBeInTheDocument();
    // The idea (here: its history) was loaded again.
    expect(api.calls.filter((c) => c.method === 'GET' && c.path === '/ideas/i1/history').length).toBeGreaterThanOrEqual(2);
    // No generic error on top.
    expect(screen.queryByText(/kann nicht nach/)).not.toBeInTheDocument();

    // The footer's button (the header's ✕ is named "Schließen" too).
    await user.click(within(dialog).getAllByRole('button', { name: 'Schließen' }).at(-1)!);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('on a concurrent answer (412) says the questions were answered; on a mere change lets the writer send again', async () => {
    const user = userEvent.setup();
    let answered = false;
    let posts = 0;
    mockApi({
      'GET /ideas/i1/history': () =>
        answered
          ? json({
              items: [
                { id: 'd2', from: 'screening', to: 'submitted', at: '2026-11-24T09:00:00Z', reason: 'Welche Kosten entstehen?' },
                { id: 'd3', from: 'submitted', to: 'screening', at: '2026-11-25T09:00:00Z', reason: 'Rund 3.000 Euro.' },
              ],
            })
          : history(),
      'POST /ideas/i1/transitions': () => {
        posts++;
        // First: only the idea's version moved on (still waiting); then: someone answered.
        if (posts === 2) answered = true;
        return errorEnvelope(412, 'precondition_failed', 'changed in the meantime');
      },
    });
    renderWithProviders(<NeedsInformation ideaId="i1" waiting isAuthor isCdo={false} />, { user: makeUser({ roles: ['employee'] }) });
    await user.click(await screen.findByRole('button', { name: 'Antwort senden' }));
    const dialog = screen.getByRole('dialog', { name: 'Antwort senden' });
    await user.type(within(dialog).getByLabelText(/^Ihre Antwort/), 'Etwa 4.000 Euro.');
    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    expect(await within(dialog).findByText('Die Idee wurde inzwischen geändert.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Ihre Antwort/)).not.toHaveAttribute('readonly');

    await user.click(within(dialog).getByRole('button', { name: 'Antwort senden' }));
    expect(await within(dialog).findByText('Die Rückfragen wurden inzwischen beantwortet.')).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Ihre Antwort/)).toHaveValue('Etwa 4.000 Euro.');
  });
});
