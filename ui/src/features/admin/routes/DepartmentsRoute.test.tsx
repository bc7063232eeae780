import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { DepartmentsRoute } from './DepartmentsRoute';

const admin = makeUser({ roles: ['admin'] });
const dep = { id: 'd1', code: '32', name: 'Ordnungsamt', active: true, createdAt: '2026-01-01T10:00:00Z', updatedAt: '2026-01-01T10:00:00Z' };

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
});
