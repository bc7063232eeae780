import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { ChecklistRoute, validateChecklist } from './ChecklistRoute';

const cdo = makeUser({ id: 'c1', roles: ['employee', 'cdo'] });
const saved = {
  items: [
    { key: 'dpia', label: 'Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich', required: true },
    { key: 'it_security', label: 'IT-Sicherheit geprüft', required: true },
  ],
  version: 2,
};

/** The fieldset of the n-th item (1-based). */
const item = (n: number) => screen.getByRole('group', { name: new RegExp(`^Punkt ${n}\\b`) });

describe('validateChecklist', () => {
  it('checks what the API checks, every item at once', () => {
    expect(
      validateChecklist([
        { key: 'dpia', label: 'DSFA' },
        { key: '', label: '' },
        { key: 'Open-Data', label: 'x' },
        { key: 'dpia', label: 'Noch einmal' },
        { key: 'a', label: 'Zu kurz' },
        { key: '1st', label: 'Ziffer vorn' },
        { key: 'open_data_2', label: '  Offene Daten  ' },
      ]),
    ).toEqual({
      'items[1].key': { kind: 'required' },
      'items[1].label': { kind: 'required' },
      'items[2].key': { kind: 'key' },
      'items[2].label': { kind: 'labelLength' },
      'items[3].key': { kind: 'keyTwice', n: 1 },
      'items[4].key': { kind: 'key' },
      'items[5].key': { kind: 'key' },
    });
    expect(validateChecklist([{ key: 'k'.repeat(40), label: 'ab' }])).toEqual({});
    expect(validateChecklist([{ key: 'k'.repeat(41), label: 'ab' }])).toEqual({ 'items[0].key': { kind: 'key' } });
  });
});

describe('ChecklistRoute', () => {
  it('keeps the keys of saved items and states the whole rule for new ones', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({ 'GET /settings/checklist': () => json(saved) });
    renderWithProviders(<ChecklistRoute />, { user: cdo });
    const key1 = within(await screen.findByRole('group', { name: /^Punkt 1: Datenschutz/ })).getByLabelText(/^Schlüssel/);
    expect(key1).toHaveValue('dpia');
    expect(key1).toHaveAttribute('readonly');
    expect(key1).toHaveAccessibleDescription('Der Schlüssel eines gespeicherten Punkts bleibt fest, weil Entscheidungen auf ihn verweisen.');
    await user.type(key1, 'x');
    expect(key1).toHaveValue('dpia');

    await user.click(screen.getByRole('button', { name: 'Punkt hinzufügen' }));
    const key3 = within(item(3)).getByLabelText(/^Schlüssel/);
    expect(key3).not.toHaveAttribute('readonly');
    expect(key3).toHaveAccessibleDescription('2 bis 40 Zeichen: Kleinbuchstaben a–z, Ziffern und _, am Anfang ein Buchstabe, z. B. barrierefreiheit');
  });

  it('marks every problem at its field before saving, and sends nothing', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ 'GET /settings/checklist': () => json(saved), 'PUT /settings/checklist': (req) => req.json().then((b) => json({ ...(b as object), version: 3 })) });
    renderWithProviders(<ChecklistRoute />, { user: cdo });
    await screen.findByRole('group', { name: /^Punkt 1: Datenschutz/ });
    for (let n = 0; n < 3; n++) await user.click(screen.getByRole('button', { name: 'Punkt hinzufügen' }));
    // 3: left empty; 4: a key of the wrong form; 5: a key item 2 already has.
    await user.type(within(item(4)).getByLabelText(/^Schlüssel/), 'Open-Data');
    await user.type(within(item(4)).getByLabelText(/^Bezeichnung/), 'Offene Daten');
    await user.type(within(item(5)).getByLabelText(/^Schlüssel/), 'it_security');
    await user.type(within(item(5)).getByLabelText(/^Bezeichnung/), 'Noch einmal IT');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));

    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false);
    const key3 = within(item(3)).getByLabelText(/^Schlüssel/);
    expect(key3).toHaveFocus();
    expect(key3).toHaveAttribute('aria-invalid', 'true');
    expect(key3).toHaveAccessibleDescription(/Bitte ausfüllen\./);
    expect(within(item(3)).getByLabelText(/^Bezeichnung/)).toHaveAccessibleDescription(/Bitte ausfüllen\./);
    expect(within(item(4)).getByLabelText(/^Schlüssel/)).toHaveAccessibleDescription(
      /Bitte 2 bis 40 Kleinbuchstaben \(a–z\), Ziffern oder Unterstriche, beginnend mit einem Buchstaben\./,
    );
    expect(within(item(4)).getByLabelText(/^Bezeichnung/)).not.toHaveAttribute('aria-invalid');
    expect(within(item(5)).getByLabelText(/^Schlüssel/)).toHaveAccessibleDescription(/Diesen Schlüssel hat schon Punkt 2\./);
    expect(within(item(2)).getByLabelText(/^Schlüssel/)).not.toHaveAttribute('aria-invalid');

    // Corrected, or removed: saved.
    await user.click(within(item(3)).getByRole('button', { name: /^Entfernen/ }));
    await user.clear(within(item(3)).getByLabelText(/^Schlüssel/));
    await user.type(within(item(3)).getByLabelText(/^Schlüssel/), 'open_data');
    await user.clear(within(item(4)).getByLabelText(/^Schlüssel/));
    await user.type(within(item(4)).getByLabelText(/^Schlüssel/), 'it_security_2');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'PUT')).toBe(true));
    // With the version it loaded, so another cdo's save meanwhile is not overwritten.
    expect(api.calls.find((c) => c.method === 'PUT')!.headers.get('If-Match')).toBe('"v2"');
    expect(api.calls.find((c) => c.method === 'PUT')!.body).toEqual({
      items: [
        ...saved.items,
        { key: 'open_data', label: 'Offene Daten', required: true },
        { key: 'it_security_2', label: 'Noch einmal IT', required: true },
      ],
    });
    // Saved: now their keys are fixed, too.
    await waitFor(() => expect(within(item(3)).getByLabelText(/^Schlüssel/)).toHaveAttribute('readonly'));
  });

  it('shows what the API refuses at its field, linked from the summary', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'GET /settings/checklist': () => json(saved),
      'PUT /settings/checklist': () => errorEnvelope(400, 'invalid', 'items[2].label: must have 2–200 characters', [{ field: 'items[2].label', message: 'must have 2–200 characters' }]),
    });
    renderWithProviders(<ChecklistRoute />, { user: cdo });
    await screen.findByRole('group', { name: /^Punkt 1: Datenschutz/ });
    await user.click(screen.getByRole('button', { name: 'Punkt hinzufügen' }));
    await user.type(within(item(3)).getByLabelText(/^Schlüssel/), 'press');
    await user.type(within(item(3)).getByLabelText(/^Bezeichnung/), 'Pressestelle informiert');
    await user.click(screen.getByRole('button', { name: 'Speichern' }));
    const label3 = within(item(3)).getByLabelText(/^Bezeichnung/);
    await waitFor(() => expect(label3).toHaveAttribute('aria-invalid', 'true'));
    await user.click(screen.getByRole('link', { name: 'Bezeichnung (3. Eintrag): 2 bis 200 Zeichen.' }));
    expect(label3).toHaveFocus();
  });
});

describe('ChecklistRoute limit', () => {
  it('offers no 31st item, and says why', async () => {
    const user = userEvent.setup({ delay: null });
    const full = { items: Array.from({ length: 29 }, (_, i) => ({ key: `punkt_${i + 1}`, label: `Punkt Nummer ${i + 1}`, required: false })), version: 4 };
    mockApi({ 'GET /settings/checklist': () => json(full) });
    renderWithProviders(<ChecklistRoute />, { user: cdo });
    const add = await screen.findByRole('button', { name: 'Punkt hinzufügen' });
    expect(add).toBeEnabled();
    await user.click(add);
    expect(add).toBeDisabled();
    expect(add).toHaveAccessibleDescription('Mehr als 30 Punkte sind nicht möglich.');
  });
});

describe('ChecklistRoute in the English UI', () => {
  it('marks the items’ labels – the tenant’s words – as German, not “Item n”', async () => {
    mockApi({ 'GET /settings/checklist': () => json(saved) });
    renderWithProviders(<ChecklistRoute />, { user: cdo, lng: 'en' });
    const group = await screen.findByRole('group', { name: /^Item 2:\s+IT-Sicherheit geprüft$/ });
    const legend = group.querySelector('legend')!;
    expect(legend).not.toHaveAttribute('lang');
    expect(within(legend).getByText('IT-Sicherheit geprüft')).toHaveAttribute('lang', 'de');
    expect(within(group).getByLabelText(/^Label/)).toHaveAttribute('lang', 'de');
    expect(within(group).getByLabelText(/^Key/)).not.toHaveAttribute('lang');
    const remove = within(group).getByRole('button', { name: /^Remove Item 2:\s+IT-Sicherheit geprüft$/ });
    expect(within(remove).getByText('IT-Sicherheit geprüft')).toHaveAttribute('lang', 'de');
  });
});
