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
    expect(fieldError(err, 'tags')).toMatchObject({ field: 'tags[3]', message: 'must have at most 40 characters' });
    expect(fieldError(err, 'title')).toBeUndefined();
  });
});

describe('errors with a reason', () => {
  it('words a conflict by its reason instead of the API\'s English message', () => {
    const conflict = new ApiError({
      status: 409, code: 'conflict', message: 'this idea is rejected; it no longer collects supports',
      reason: 'support_closed', params: { stage: 'rejected' },
    });
    renderWithProviders(<ErrorSummary error={conflict} />);
    expect(screen.getByText('Die Idee ist in der Phase „Abgelehnt“ und sammelt keine Unterstützung mehr.')).toBeInTheDocument();
    expect(screen.queryByText(/no longer collects/)).not.toBeInTheDocument();
  });

  it('words a field\'s rule in the summary and at the field', () => {
    const invalid = new ApiError({
      status: 400, code: 'invalid', message: 'the revisit date must be in the future', reason: 'revisit_past',
      fields: [{ field: 'revisitAt', message: 'the revisit date must be in the future', reason: 'revisit_past' }],
    });
    renderWithProviders(
      <>
        <ErrorSummary error={invalid} fieldIds={{ revisitAt: 'f-revisit' }} labels={{ revisitAt: 'Wiedervorlage am' }} />
        <Field label="Wiedervorlage am" id="f-revisit" error={fieldError(invalid, 'revisitAt')}>
          <Input />
        </Field>
      </>,
    );
    expect(screen.getByText('Bitte prüfen Sie die markierten Angaben.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Wiedervorlage am: Das Datum der Wiedervorlage muss in der Zukunft liegen.' })).toHaveAttribute('href', '#f-revisit');
    expect(screen.getByRole('textbox', { name: 'Wiedervorlage am' })).toHaveAccessibleDescription(/Das Datum der Wiedervorlage muss in der Zukunft liegen/);
  });

  it('words an input error without fields by its reason, with the name it carries', () => {
    const invalid = new ApiError({
      status: 400, code: 'invalid', message: 'Erika Muster does not hold the reviewer role', reason: 'reviewer_not_reviewer', params: { name: 'Erika Muster' },
    });
    renderWithProviders(<ErrorSummary error={invalid} />);
    expect(screen.getByText('Erika Muster hat keine Rolle als Gutachter*in.')).toBeInTheDocument();
  });

  it('does not speak of marked entries when the form marks none of them', async () => {
    const one = new ApiError({
      status: 400, code: 'invalid', message: 'x',
      fields: [{ field: 'mergeInto', message: 'an idea cannot be merged into itself', reason: 'merge_into_self' }],
    });
    const { unmount } = renderWithProviders(<ErrorSummary error={one} labels={{ mergeInto: 'Dublette von' }} />);
    expect(screen.getByText('Dublette von: Eine Idee kann nicht mit sich selbst zusammengeführt werden.')).toBeInTheDocument();
    expect(screen.queryByText(/markierten/)).not.toBeInTheDocument();
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
    unmount();
    const two = new ApiError({
      status: 400, code: 'invalid', message: 'x',
      fields: [
        { field: 'roles', message: 'you cannot remove your own admin role', reason: 'self_admin_role' },
        { field: 'status', message: 'you cannot deactivate yourself', reason: 'self_deactivate' },
      ],
    });
    renderWithProviders(<ErrorSummary error={two} />);
    expect(screen.getByText('Bitte prüfen Sie diese Angaben:')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Sie können sich die Administrationsrolle nicht selbst entziehen.',
      'Sie können sich nicht selbst deaktivieren.',
    ]);
  });

  it('says a conflict on a field once', async () => {
    const taken = new ApiError({
      status: 409, code: 'conflict', message: 'a department with this code already exists', reason: 'department_code_taken',
      fields: [{ field: 'code', message: 'already exists', reason: 'department_code_taken' }],
    });
    renderWithProviders(<ErrorSummary error={taken} fieldIds={{ code: 'dep-code' }} labels={{ code: 'Kennziffer' }} />);
    expect(screen.getByText('Diese Kennziffer hat schon ein anderer Fachbereich.')).toBeInTheDocument();
    expect(screen.queryByRole('listitem')).not.toBeInTheDocument();
  });
});
