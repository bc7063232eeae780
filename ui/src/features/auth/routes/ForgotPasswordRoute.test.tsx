import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApi, renderWithProviders } from '@/test/utils';
import { ForgotPasswordRoute } from './ForgotPasswordRoute';

describe('ForgotPasswordRoute', () => {
  it('moves focus to the confirmation that replaces the form', async () => {
    const user = userEvent.setup();
    mockApi({ 'POST /auth/password/forgot': () => new Response(null, { status: 204 }) });
    renderWithProviders(<ForgotPasswordRoute />, { route: '/forgot-password' });
    await user.type(screen.getByLabelText(/^E-Mail/), 'erika@example.org{Enter}');
    const confirmation = await screen.findByText(/ist eine E-Mail unterwegs/);
    expect(confirmation.closest('[tabindex="-1"]')).toHaveFocus();
  });
});
