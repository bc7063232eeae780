import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { errorEnvelope, findAlertWith, json, mockApi, renderWithProviders } from '@/test/utils';
import { UnsubscribeRoute } from './UnsubscribeRoute';

describe('UnsubscribeRoute', () => {
  it('posts the token from the link once and confirms', async () => {
    const api = mockApi({ 'POST /notifications/unsubscribe': () => json({ eventType: 'comment_added', channel: 'email' }) });
    renderWithProviders(<UnsubscribeRoute />, { route: '/unsubscribe?token=abc.def' });
    expect(await screen.findByText(/Sie erhalten diese E-Mails nicht mehr\./)).toBeInTheDocument();
    const calls = api.calls.filter((c) => c.path === '/notifications/unsubscribe');
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ token: 'abc.def' });
  });

  it('says when the link is invalid', async () => {
    mockApi({ 'POST /notifications/unsubscribe': () => errorEnvelope(400, 'invalid', 'bad token') });
    renderWithProviders(<UnsubscribeRoute />, { route: '/unsubscribe?token=forged' });
    expect(await findAlertWith('Der Abmeldelink ist ungültig.')).toBeInTheDocument();
  });
});
