import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/utils';
import { Field, Input } from './Field';

describe('Field', () => {
  it('wires label, hint and error to the control', () => {
    renderWithProviders(
      <Field label="Titel" hint="5 bis 120 Zeichen" error="Zu kurz" required>
        <Input />
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: /Titel/ });
    expect(input).toBeRequired();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription(/5 bis 120 Zeichen.*Zu kurz/);
  });

  it('is not invalid without an error and shows a counter', () => {
    renderWithProviders(
      <Field label="Kurzfassung" counter={{ value: 12, max: 300 }}>
        <Input />
      </Field>,
    );
    const input = screen.getByRole('textbox', { name: 'Kurzfassung' });
    expect(input).not.toHaveAttribute('aria-invalid');
    expect(input).toHaveAccessibleDescription('12 von 300 Zeichen');
  });
});
