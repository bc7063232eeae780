import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
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
    expect(screen.getByRole('status', { name: 'Benachrichtigungen' })).toHaveTextContent('Gespeichert');
    expect(screen.getByRole('alert')).toHaveTextContent('Fehlgeschlagen');
    const dismissButtons = screen.getAllByRole('button', { name: 'Hinweis schließen' });
    await user.click(dismissButtons[dismissButtons.length - 1]);
    expect(screen.getByRole('alert')).not.toHaveTextContent('Fehlgeschlagen');
  });

  it('shows at most three at a time, the newest', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Trigger />);
    for (let i = 0; i < 5; i++) await user.click(screen.getByRole('button', { name: 'ok' }));
    expect(screen.getAllByRole('button', { name: 'Hinweis schließen' })).toHaveLength(3);
  });
});
