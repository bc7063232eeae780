import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/utils';
import { useToast } from './Toast';

function Trigger() {
  const toast = useToast();
  return (
    <>
      <button onClick={() => toast.success('Gespeichert')}>ok</button>
      <button onClick={() => toast.error('Fehlgeschlagen')}>fail</button>
    </>
  );
}

describe('toasts', () => {
  it('announces success politely and errors assertively, and can be dismissed', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Trigger />);
    await user.click(screen.getByRole('button', { name: 'ok' }));
    await user.click(screen.getByRole('button', { name: 'fail' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Gespeichert'));
    expect(screen.getByRole('status')).toHaveAttribute('aria-live', 'polite');
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Fehlgeschlagen'));
    expect(screen.getByRole('alert')).toHaveAttribute('aria-live', 'assertive');
    const dismissButtons = screen.getAllByRole('button', { name: 'Hinweis schließen' });
    await user.click(dismissButtons[dismissButtons.length - 1]);
    expect(screen.queryByText('Fehlgeschlagen')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('puts only the message in the live region, the dismiss button beside it (else it is read with every toast)', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Trigger />);
    await user.click(screen.getByRole('button', { name: 'ok' }));
    await user.click(screen.getByRole('button', { name: 'fail' }));
    for (const role of ['status', 'alert'] as const) {
      await waitFor(() => expect(screen.getByRole(role)).toHaveTextContent(/\S/));
      const live = screen.getByRole(role);
      expect(live).toHaveTextContent(role === 'status' ? /^Gespeichert$/ : /^Fehlgeschlagen$/);
      expect(within(live).queryByRole('button')).not.toBeInTheDocument();
      // The button is in the same toast, outside the region.
      expect(within(live.closest('.toast') as HTMLElement).getByRole('button', { name: 'Hinweis schließen' })).toBeInTheDocument();
    }
  });

  it('shows at most three at a time, the newest', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Trigger />);
    for (let i = 0; i < 5; i++) await user.click(screen.getByRole('button', { name: 'ok' }));
    expect(screen.getAllByRole('button', { name: 'Hinweis schließen' })).toHaveLength(3);
  });
});
