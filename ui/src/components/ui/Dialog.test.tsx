import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderWithProviders } from '@/test/utils';
import { Dialog } from './Dialog';
import { ConfirmDialog } from './ConfirmDialog';

function Harness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button onClick={() => setOpen(true)}>Open</button>
      <Dialog open={open} title="Move idea" onClose={() => setOpen(false)} footer={<button>Confirm</button>}>
        <label>
          Reason <input />
        </label>
      </Dialog>
    </>
  );
}

describe('Dialog', () => {
  it('moves focus into the dialog, traps Tab, closes on Escape and restores focus', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    const opener = screen.getByRole('button', { name: 'Open' });
    await user.click(opener);
    const dialog = screen.getByRole('dialog', { name: 'Move idea' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByRole('textbox', { name: 'Reason' })).toHaveFocus();

    await user.tab(); // → Confirm (footer)
    expect(screen.getByRole('button', { name: 'Confirm' })).toHaveFocus();
    await user.tab(); // wraps → close button (first in dialog)
    expect(screen.getByRole('button', { name: 'Schließen' })).toHaveFocus();
    await user.tab({ shift: true }); // wraps back → Confirm
    expect(screen.getByRole('button', { name: 'Confirm' })).toHaveFocus();

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(opener).toHaveFocus();
  });
});

describe('ConfirmDialog', () => {
  it('starts on Cancel so Enter does not destroy anything', async () => {
    const user = userEvent.setup();
    let confirmed = false;
    let cancelled = false;
    renderWithProviders(
      <ConfirmDialog
        open
        title="Delete draft?"
        message="This cannot be undone."
        confirmLabel="Delete"
        onConfirm={() => (confirmed = true)}
        onCancel={() => (cancelled = true)}
      />,
    );
    expect(screen.getByRole('alertdialog', { name: 'Delete draft?' })).toHaveAccessibleDescription('This cannot be undone.');
    expect(screen.getByRole('button', { name: 'Abbrechen' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(cancelled).toBe(true);
    expect(confirmed).toBe(false);
  });
});
