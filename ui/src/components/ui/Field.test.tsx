import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import { renderWithProviders } from '@/test/utils';
import { ApiError } from '@/lib/api-client';
import { ErrorSummary, fieldError } from './ErrorSummary';
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

  it('shows the API\'s validation messages in the user\'s language and counts with separators', () => {
    renderWithProviders(
      <Field label="Beschreibung" error="must have at most 20000 characters" counter={{ value: 20001, max: 20000 }}>
        <Input />
      </Field>,
    );
    expect(screen.getByRole('textbox', { name: 'Beschreibung' })).toHaveAccessibleDescription(/Höchstens 20\.000 Zeichen.*20\.001 von 20\.000 Zeichen/);
  });
});

describe('ErrorSummary', () => {
  const err = new ApiError({
    status: 400,
    code: 'invalid',
    message: 'invalid',
    fields: [
      { field: 'tags[3]', message: 'must have at most 40 characters' },
      { field: 'currentPassword', message: 'the current password is wrong' },
      { field: 'internalName', message: 'is required' },
    ],
  });

  it('names the field and the entry, in the user\'s language, and links to the field', () => {
    renderWithProviders(
      <>
        <ErrorSummary error={err} fieldIds={{ tags: 'f-tags' }} labels={{ tags: 'Schlagworte', currentPassword: 'Aktuelles Passwort' }} />
        <input id="f-tags" aria-label="Schlagworte" />
      </>,
    );
    expect(screen.getByRole('link', { name: 'Schlagworte (4. Eintrag): Höchstens 40 Zeichen.' })).toHaveAttribute('href', '#f-tags');
    expect(screen.getByText('Aktuelles Passwort: Das aktuelle Passwort stimmt nicht.')).toBeInTheDocument();
    expect(screen.getByText('Bitte ausfüllen.')).toBeInTheDocument();
    expect(screen.queryByText(/internalName/)).not.toBeInTheDocument();
  });

  it('gives a list field the error of one of its entries', () => {
    expect(fieldError(err, 'tags')).toBe('must have at most 40 characters');
    expect(fieldError(err, 'title')).toBeUndefined();
  });
});
