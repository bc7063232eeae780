import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { CriteriaRoute } from './CriteriaRoute';

const set = (inUse: boolean) => ({
  id: 's1', name: 'Standard', description: '', inUse, isDefault: true, version: 2, createdAt: '2026-11-01T00:00:00Z', updatedAt: '2026-11-01T00:00:00Z',
  criteria: [{ key: 'nutzen', label: 'Nutzen', description: '', weight: 100 }],
});

function open(inUse: boolean) {
  mockApi({ 'GET /criteria-sets': () => json({ items: [set(inUse)], nextCursor: null, total: 1 }) });
  renderWithProviders(<CriteriaRoute />, { user: makeUser({ roles: ['cdo'] }) });
}

describe('CriteriaRoute keys', () => {
  it('keeps the keys of a set in use, but lets a criterion added to it take any key', async () => {
    const user = userEvent.setup({ delay: null });
    open(true);
    await user.click(await screen.findByRole('button', { name: 'Bearbeiten Standard' }));
    const form = screen.getByRole('form');
    const keys = () => within(form).getAllByLabelText(/^Schlüssel/);
    expect(keys()[0]).toHaveAttribute('readonly');
    await user.click(within(form).getByRole('button', { name: 'Kriterium hinzufügen' }));
    await user.type(keys()[1], 'umsetzbarkeit');
    expect(keys()[1]).toHaveValue('umsetzbarkeit');
    expect(keys()[1]).not.toHaveAttribute('readonly');
  });

  it('lets the keys of a set nobody used yet be changed', async () => {
    const user = userEvent.setup({ delay: null });
    open(false);
    await user.click(await screen.findByRole('button', { name: 'Bearbeiten Standard' }));
    const key = within(screen.getByRole('form')).getByLabelText(/^Schlüssel/);
    await user.clear(key);
    await user.type(key, 'buergernutzen');
    expect(key).toHaveValue('buergernutzen');
  });

  it('keeps "Speichern" reachable while the weights do not add up to 100, and sends nothing then', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({ 'GET /criteria-sets': () => json({ items: [set(false)], nextCursor: null, total: 1 }) });
    renderWithProviders(<CriteriaRoute />, { user: makeUser({ roles: ['cdo'] }) });
    await user.click(await screen.findByRole('button', { name: 'Bearbeiten Standard' }));
    const form = screen.getByRole('form');
    const weight = within(form).getByLabelText(/^Gewicht/);
    await user.clear(weight);
    await user.type(weight, '90');
    const saveButton = within(form).getByRole('button', { name: 'Speichern' });
    expect(saveButton).toBeEnabled();
    expect(saveButton).toHaveAccessibleDescription(/90/);
    await user.click(saveButton);
    // The sentence that says why gets the focus, so it is read out.
    expect(screen.getByText(/Summe der Gewichte/)).toHaveFocus();
    expect(api.calls.some((c) => c.method !== 'GET')).toBe(false);
  });

  it('creates a new set once however fast "Speichern" is clicked twice', async () => {
    const user = userEvent.setup({ delay: null });
    let release: () => void = () => {};
    const api = mockApi({
      'GET /criteria-sets': () => json({ items: [set(true)], nextCursor: null, total: 1 }),
      'POST /criteria-sets': () => new Promise<Response>((resolve) => (release = () => resolve(json({ ...set(false), id: 's2', name: 'Klima' }, 201)))),
    });
    renderWithProviders(<CriteriaRoute />, { user: makeUser({ roles: ['cdo'] }) });
    await user.click(await screen.findByRole('button', { name: 'Neuer Katalog' }));
    const form = screen.getByRole('form');
    await user.type(within(form).getByLabelText(/^Name des Katalogs/), 'Klima');
    await user.type(within(form).getByLabelText(/^Schlüssel/), 'klima');
    await user.type(within(form).getByLabelText(/^Bezeichnung/), 'Klimawirkung');
    const saveButton = within(form).getByRole('button', { name: 'Speichern' });
    await user.dblClick(saveButton);
    await user.click(saveButton);
    release();
    await screen.findByText('Gespeichert.');
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });
});

describe('CriteriaRoute in the English UI', () => {
  it('lists the default set and its unrenamed criteria in English, and a renamed one as written', async () => {
    mockApi({
      'GET /criteria-sets': () =>
        json({
          items: [
            {
              ...set(true),
              name: 'Standard-Bewertungskriterien',
              criteria: [
                { key: 'citizen_benefit', label: 'Nutzen für Bürgerinnen und Bürger', description: '', weight: 30 },
                { key: 'feasibility', label: 'Machbarkeit', description: '', weight: 70 },
              ],
            },
          ],
          nextCursor: null,
          total: 1,
        }),
    });
    renderWithProviders(<CriteriaRoute />, { user: makeUser({ roles: ['cdo'] }), lng: 'en' });
    expect(await screen.findByRole('heading', { name: 'Default evaluation criteria' })).toBeInTheDocument();
    const items = screen.getAllByRole('listitem').filter((li) => !li.querySelector('li') && li.textContent?.includes('%'));
    expect(items.map((li) => li.textContent)).toEqual(['Benefit for citizens – 30 %', 'Machbarkeit – 70 %']);
    expect(within(items[1]).getByText('Machbarkeit')).toHaveAttribute('lang', 'de');
  });
});
