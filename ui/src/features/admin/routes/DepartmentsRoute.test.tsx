import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { DepartmentsRoute } from './DepartmentsRoute';

const admin = makeUser({ roles: ['admin'] });
const dep = { id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z', version: 1 };

describe('DepartmentsRoute', () => {
  it('creates one department however fast "Anlegen" is clicked twice', async () => {
    const user = userEvent.setup();
    let items = [dep];
    let answer!: () => void;
    const api = mockApi({
      'GET /departments': () => json({ items, nextCursor: null, total: items.length }),
      // The server would refuse a second POST with the same code.
      'POST /departments': async (req) => {
        const body = (await req.json()) as { code: string; name: string };
        if (items.some((d) => d.code === body.code)) return errorEnvelope(409, 'conflict', 'code taken');
        return new Promise<Response>((resolve) => {
          answer = () => {
            items = [...items, { ...dep, id: 'd2', ...body }];
            resolve(json(items.at(-1), 201));
          };
        });
      },
    });
    renderWithProviders(<DepartmentsRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Neuer Fachbereich' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Fachbereich' });
    await user.type(within(dialog).getByLabelText(/^Kennziffer/), '50');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Sozialamt');
    const create = within(dialog).getByRole('button', { name: 'Anlegen' });
    fireEvent.click(create);
    fireEvent.click(create);
    await waitFor(() => expect(create).toHaveAttribute('aria-busy', 'true'));
    await waitFor(() => expect(answer).toBeTypeOf('function'));
    answer();
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByText('Diese Kennziffer hat schon ein anderer Fachbereich.')).not.toBeInTheDocument();
    expect(await screen.findByRole('rowheader', { name: 'Sozialamt' })).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('can save again after a refused attempt', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const api = mockApi({
      'GET /departments': () => json({ items: [dep], nextCursor: null, total: 1 }),
      'POST /departments': () =>
        ++attempt === 1
          ? errorEnvelope(409, 'conflict', 'code taken')
          : json({ ...dep, id: 'd2', code: '51', name: 'Jugendamt' }, 201),
    });
    renderWithProviders(<DepartmentsRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Neuer Fachbereich' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Fachbereich' });
    await user.type(within(dialog).getByLabelText(/^Kennziffer/), '32');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Jugendamt');
    await user.click(within(dialog).getByRole('button', { name: 'Anlegen' }));
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Anlegen' })).not.toHaveAttribute('aria-busy'));
    await user.clear(within(dialog).getByLabelText(/^Kennziffer/));
    await user.type(within(dialog).getByLabelText(/^Kennziffer/), '51');
    await user.click(within(dialog).getByRole('button', { name: 'Anlegen' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(2);
  });

  it('changes a department with the version the dialog was opened with (If-Match), sending only what changed', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /departments': () => json({ items: [{ ...dep, version: 3 }], nextCursor: null, total: 1 }),
      'PATCH /departments/d1': () => json({ ...dep, name: 'Ordnungs- und Bürgeramt', version: 4 }),
    });
    renderWithProviders(<DepartmentsRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Bearbeiten Ordnungsamt' }));
    const dialog = screen.getByRole('dialog', { name: 'Fachbereich bearbeiten' });
    await user.clear(within(dialog).getByLabelText(/^Name/));
    await user.type(within(dialog).getByLabelText(/^Name/), 'Ordnungs- und Bürgeramt');
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].body).toEqual({ name: 'Ordnungs- und Bürgeramt' });
    expect(patches[0].headers.get('If-Match')).toBe('"v3"');
  });

  it('when someone else changed the department meanwhile, says so and shows its current state in the open dialog', async () => {
    const user = userEvent.setup();
    let stored = { ...dep, version: 3 };
    const api = mockApi({
      'GET /departments': () => json({ items: [stored], nextCursor: null, total: 1 }),
      'PATCH /departments/d1': async (req) => {
        if (req.headers.get('If-Match') !== `"v${stored.version}"`) return errorEnvelope(412, 'precondition_failed', 'someone else changed this');
        stored = { ...stored, ...((await req.json()) as object), version: stored.version + 1 };
        return json(stored);
      },
    });
    renderWithProviders(<DepartmentsRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Bearbeiten Ordnungsamt' }));
    const dialog = screen.getByRole('dialog', { name: 'Fachbereich bearbeiten' });
    // Another admin renames it meanwhile.
    stored = { ...stored, code: '32a', name: 'Bürgeramt', version: 4 };
    await user.click(within(dialog).getByLabelText('Aktiv'));
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await within(dialog).findByText(/Jemand anderes hat das inzwischen geändert; Ihre Änderung wurde nicht gespeichert\. Der Dialog zeigt jetzt den aktuellen Stand/)).toBeInTheDocument();
    expect(screen.getByRole('dialog', { name: 'Fachbereich bearbeiten' })).toBe(dialog);
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('Bürgeramt');
    expect(within(dialog).getByLabelText(/^Kennziffer/)).toHaveValue('32a');
    expect(within(dialog).getByLabelText('Aktiv')).toBeChecked();
    await user.click(within(dialog).getByLabelText('Aktiv'));
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patches = api.calls.filter((c) => c.method === 'PATCH');
    expect(patches.map((c) => c.headers.get('If-Match'))).toEqual(['"v3"', '"v4"']);
    expect(patches[1].body).toEqual({ active: false });
    expect(await screen.findByRole('rowheader', { name: 'Bürgeramt' })).toBeInTheDocument();
  });

  it('says so in English too when someone else changed the department', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /departments': () => json({ items: [dep], nextCursor: null, total: 1 }),
      'PATCH /departments/d1': () => errorEnvelope(412, 'precondition_failed', 'someone else changed this'),
    });
    renderWithProviders(<DepartmentsRoute />, { user: admin, lng: 'en' });
    await user.click(await screen.findByRole('button', { name: 'Edit Ordnungsamt' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByLabelText('Active'));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/Someone else has changed this in the meantime; your change was not saved\. The dialog now shows the current state/)).toBeInTheDocument();
  });
});

describe('DepartmentsRoute in the English UI', () => {
  it('marks the departments’ names as German (row headers, the edit buttons’ names, the name field)', async () => {
    const user = userEvent.setup();
    mockApi({ 'GET /departments': () => json({ items: [dep], nextCursor: null, total: 1 }) });
    renderWithProviders(<DepartmentsRoute />, { user: admin, lng: 'en' });
    expect(await screen.findByRole('rowheader', { name: 'Ordnungsamt' })).toHaveAttribute('lang', 'de');
    const edit = screen.getByRole('button', { name: /^Edit\s+Ordnungsamt$/ });
    expect(within(edit).getByText('Ordnungsamt')).toHaveAttribute('lang', 'de');
    await user.click(edit);
    expect(within(screen.getByRole('dialog')).getByLabelText(/^Name/)).toHaveAttribute('lang', 'de');
    expect(within(screen.getByRole('dialog')).getByLabelText(/^Code/)).not.toHaveAttribute('lang');
  });
});
