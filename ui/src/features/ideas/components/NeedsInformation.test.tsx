import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
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
    renderWithProviders(<NeedsInformation ideaId="i1" isAuthor isCdo={false} />, { user: makeUser({ roles: ['employee'] }) });
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
    renderWithProviders(<NeedsInformation ideaId="i1" isAuthor={false} isCdo />, { user: makeUser({ roles: ['cdo'] }) });
    expect(await screen.findByText('Welche Kosten entstehen?')).toBeInTheDocument();
    expect(screen.getByText('Wartet auf die Antwort der Einreichenden')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Antwort senden' })).not.toBeInTheDocument();
  });
});
