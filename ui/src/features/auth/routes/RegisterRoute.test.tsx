import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, findAlertWith, json, mockApi, renderWithProviders } from '@/test/utils';
import { RegisterRoute } from './RegisterRoute';

const tenant = { id: 't', slug: 'ms', name: 'Stadt Münster', branding: { privacyUrl: '/privacy' } };

async function fill(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/Anzeigename/), 'Max');
  await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'max@example.org');
  await user.type(screen.getByLabelText(/^Passwort\*?$/), 'ein-langes-passwort');
  await user.click(screen.getByRole('checkbox', { name: /Datenschutzhinweise/ }));
}

describe('RegisterRoute', () => {
  it('registers with the current language and shows the check-your-mail message', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /tenant': () => json(tenant),
      'POST /auth/register': () => json({ message: 'ok' }, 202),
    });
    renderWithProviders(<RegisterRoute />);
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Konto anlegen' }));
    expect(await screen.findByText(/max@example.org/)).toBeInTheDocument();
    // The confirmation replaced the form: focus is on its heading, not lost to the page.
    expect(screen.getByRole('heading', { level: 1, name: 'Fast geschafft!' })).toHaveFocus();
    const call = api.calls.find((c) => c.path === '/auth/register')!;
    expect(call.body).toEqual({ displayName: 'Max', email: 'max@example.org', password: 'ein-langes-passwort', locale: 'de' });
  });

  it('shows the API field errors next to the fields and in the summary', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /tenant': () => json(tenant),
      'POST /auth/register': () => errorEnvelope(400, 'invalid', 'validation failed', [{ field: 'password', message: 'password is too common' }]),
    });
    renderWithProviders(<RegisterRoute />);
    await fill(user);
    await user.click(screen.getByRole('button', { name: 'Konto anlegen' }));
    const summary = await findAlertWith('Passwort: password is too common');
    expect(summary).toHaveFocus();
    expect(screen.getByLabelText(/^Passwort\*?$/)).toHaveAccessibleDescription(/password is too common/);
    expect(screen.getByLabelText(/^Passwort\*?$/)).toHaveAttribute('aria-invalid', 'true');
  });

  it('requires the privacy consent', async () => {
    const user = userEvent.setup();
    const api = mockApi({ 'GET /tenant': () => json(tenant) });
    renderWithProviders(<RegisterRoute />);
    await user.type(screen.getByLabelText(/Anzeigename/), 'Max');
    await user.type(screen.getByLabelText(/E-Mail-Adresse/), 'max@example.org');
    await user.type(screen.getByLabelText(/^Passwort\*?$/), 'ein-langes-passwort');
    await user.click(screen.getByRole('button', { name: 'Konto anlegen' }));
    expect(screen.getByRole('checkbox', { name: /Datenschutzhinweise/ })).toHaveFocus();
    expect(api.calls.some((c) => c.path === '/auth/register')).toBe(false);
  });

  it('marks the consent as required with "*" and says its error as the other fields do ("Fehler: …")', async () => {
    const user = userEvent.setup();
    mockApi({ 'GET /tenant': () => json(tenant) });
    renderWithProviders(<RegisterRoute />);
    const consent = screen.getByRole('checkbox', { name: /Datenschutzhinweise/ });
    expect(consent).toBeRequired();
    expect(document.querySelector(`label[for="${consent.id}"] .field__required`)).toHaveTextContent('*');
    await user.click(screen.getByRole('button', { name: 'Konto anlegen' }));
    expect(consent).toHaveAccessibleDescription(/^Fehler: /);
    // The same as a field's error, e.g. the display name's.
    expect(screen.getByLabelText(/Anzeigename/)).toHaveAccessibleDescription(/Fehler: /);
  });
  it('ticks the consent box by its label text and opens the privacy notice beside it in a new tab', async () => {
    const user = userEvent.setup();
    mockApi({ 'GET /tenant': () => json(tenant) });
    renderWithProviders(<RegisterRoute />);
    await user.type(screen.getByLabelText(/Anzeigename/), 'Max');
    const box = screen.getByRole('checkbox', { name: 'Ich habe die Datenschutzhinweise gelesen.' });
    const link = await screen.findByRole('link', { name: 'Datenschutzhinweise lesen (öffnet in einem neuen Tab)' });
    expect(link).toHaveAttribute('href', '/privacy');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    // Not inside the label: a click on the label text is a click on the box.
    expect(link.closest('label')).toBeNull();
    await user.click(screen.getByText('Ich habe die Datenschutzhinweise gelesen.'));
    expect(box).toBeChecked();
    expect(screen.getByLabelText(/Anzeigename/)).toHaveValue('Max');
    await user.click(screen.getByText('Ich habe die Datenschutzhinweise gelesen.'));
    expect(box).not.toBeChecked();
  });
});
