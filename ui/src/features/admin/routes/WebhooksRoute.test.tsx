import { describe, expect, it } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { WebhooksRoute } from './WebhooksRoute';

const hook = {
  id: 'w1',
  url: 'https://tickets.stadt.example/hooks',
  description: 'Ticketsystem Amt 10',
  events: ['idea.submitted', 'idea.decided'],
  active: true,
  lastDelivery: { at: '2026-11-27T08:00:00Z', event: 'idea.submitted', ok: false, status: 503, durationMs: 40, error: 'the receiver answered HTTP 503', errorKind: 'status' },
  version: 3,
  createdAt: '2026-11-20T08:00:00Z',
  updatedAt: '2026-11-20T08:00:00Z',
};
const admin = makeUser({ roles: ['admin'] });

describe('WebhooksRoute', () => {
  it('lists webhooks with their events and last delivery, and tests one', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /webhooks': () => json({ items: [hook], nextCursor: null, total: 1 }),
      'POST /webhooks/w1/test': () => json({ at: '2026-11-27T09:00:00Z', event: 'webhook.ping', ok: true, status: 204, durationMs: 12, error: null, errorKind: null }),
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    const row = (await screen.findByRole('rowheader', { name: /tickets\.stadt\.example/ })).closest('tr')!;
    expect(within(row).getByText('Neue Idee eingereicht')).toBeInTheDocument();
    expect(within(row).getByText('Entscheidung getroffen')).toBeInTheDocument();
    expect(within(row).getByText('Abgelehnt (HTTP 503)')).toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Testen Ticketsystem Amt 10' }));
    expect(await screen.findByText('Test: Zugestellt (HTTP 204, 12 ms)')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/webhooks/w1/test')).toBe(true);
  });

  it('sends one test call on a double click of "Testen"', async () => {
    const api = mockApi({
      'GET /webhooks': () => json({ items: [hook], nextCursor: null, total: 1 }),
      'POST /webhooks/w1/test': () => json({ at: '2026-11-27T09:00:00Z', event: 'webhook.ping', ok: true, status: 204, durationMs: 12, error: null, errorKind: null }),
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    const button = await screen.findByRole('button', { name: 'Testen Ticketsystem Amt 10' });
    fireEvent.click(button);
    fireEvent.click(button);
    expect(await screen.findByText('Test: Zugestellt (HTTP 204, 12 ms)')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/webhooks/w1/test')).toHaveLength(1);
  });

  it('creates a webhook and shows its secret once; a refused address is explained in German', async () => {
    const user = userEvent.setup();
    let attempt = 0;
    const api = mockApi({
      'GET /webhooks': () => json({ items: [], nextCursor: null, total: 0 }),
      'POST /webhooks': async (req) => {
        attempt++;
        const body = (await req.json()) as { url: string; events: string[] };
        if (attempt === 1)
          return json(
            {
              error: {
                code: 'invalid',
                message: 'invalid input',
                fields: [{ field: 'url', message: 'must not point at loopback', reason: 'webhook_address' }],
                requestId: 'r1',
              },
            },
            400,
          );
        return json({ ...hook, id: 'w2', url: body.url, events: body.events, lastDelivery: null, version: 1, secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=' }, 201);
      },
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    expect(await screen.findByText('Noch keine Webhooks eingerichtet.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Neuer Webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Webhook' });
    await user.type(within(dialog).getByLabelText(/^Ziel-Adresse/), 'http://127.0.0.1/x');
    await user.click(within(dialog).getByLabelText(/Phase gewechselt/));
    await user.click(within(dialog).getByRole('button', { name: 'Anlegen' }));
    expect(await within(dialog).findAllByText(/Adressen dieses Servers selbst/)).not.toHaveLength(0);

    await user.clear(within(dialog).getByLabelText(/^Ziel-Adresse/));
    await user.type(within(dialog).getByLabelText(/^Ziel-Adresse/), 'https://chat.stadt.example/in');
    await user.click(within(dialog).getByRole('button', { name: 'Anlegen' }));
    const secret = await screen.findByRole('dialog', { name: 'Signatur-Geheimnis' });
    expect(within(secret).getByLabelText(/^Geheimnis/)).toHaveValue('whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=');
    expect(within(secret).getByText(/nur jetzt angezeigt/)).toBeInTheDocument();
    const sent = api.calls.filter((c) => c.method === 'POST' && c.path === '/webhooks').at(-1)!.body as { events: string[]; active: boolean };
    expect(sent.events).toEqual(['idea.submitted', 'idea.stage_changed', 'idea.decided']);
    expect(sent.active).toBe(true);
    // Shown only now: Escape does not throw it away; the admin leaves through the button.
    expect(within(secret).queryByRole('button', { name: 'Schließen' })).not.toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('dialog', { name: 'Signatur-Geheimnis' })).toBeInTheDocument();
    await user.click(within(secret).getByRole('button', { name: 'Ich habe es gespeichert' }));
    expect(screen.queryByRole('dialog', { name: 'Signatur-Geheimnis' })).not.toBeInTheDocument();
  });

  it('edits with the version it loaded (If-Match)', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /webhooks': () => json({ items: [hook], nextCursor: null, total: 1 }),
      'PATCH /webhooks/w1': async (req) => json({ ...hook, ...((await req.json()) as object), version: 4 }),
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Bearbeiten Ticketsystem Amt 10' }));
    const dialog = screen.getByRole('dialog', { name: 'Webhook bearbeiten' });
    await user.click(within(dialog).getByLabelText(/^Aktiv/));
    await user.click(within(dialog).getByRole('button', { name: 'Speichern' }));
    expect(await screen.findByText('Gespeichert.')).toBeInTheDocument();
    const patch = api.calls.find((c) => c.method === 'PATCH')!;
    expect(patch.headers.get('If-Match')).toBe('"v3"');
    expect((patch.body as { active: boolean }).active).toBe(false);
  });

  it('after deleting a webhook, keyboard focus goes on from "Neuer Webhook"', async () => {
    const user = userEvent.setup();
    let items = [hook];
    mockApi({
      'GET /webhooks': () => json({ items, nextCursor: null, total: items.length }),
      'DELETE /webhooks/w1': () => {
        items = [];
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Löschen Ticketsystem Amt 10' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Löschen' }));
    expect(await screen.findByText('Noch keine Webhooks eingerichtet.')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Neuer Webhook' })).toHaveFocus());
  });

  it('words a failed test in German, not with the technical error', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /webhooks': () => json({ items: [hook], nextCursor: null, total: 1 }),
      'POST /webhooks/w1/test': () =>
        json({ at: '2026-11-27T09:00:00Z', event: 'webhook.ping', ok: false, status: null, durationMs: 3, error: 'dial tcp 10.0.0.9:443: connect: connection refused', errorKind: 'refused' }),
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Testen Ticketsystem Amt 10' }));
    expect(await screen.findByText(/Test fehlgeschlagen – Nicht zugestellt: Verbindung abgelehnt/)).toBeInTheDocument();
    expect(screen.queryByText(/dial tcp/)).not.toBeInTheDocument();
  });
  it('creates one webhook however fast "Anlegen" is clicked twice, and shows the button busy meanwhile', async () => {
    const user = userEvent.setup();
    let answer!: () => void;
    const api = mockApi({
      'GET /webhooks': () => json({ items: [], nextCursor: null, total: 0 }),
      'POST /webhooks': () =>
        new Promise<Response>((resolve) => {
          answer = () => resolve(json({ ...hook, id: 'w2', lastDelivery: null, version: 1, secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=' }, 201));
        }),
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Neuer Webhook' }));
    const dialog = screen.getByRole('dialog', { name: 'Neuer Webhook' });
    await user.type(within(dialog).getByLabelText(/^Ziel-Adresse/), 'https://chat.stadt.example/in');
    const create = within(dialog).getByRole('button', { name: 'Anlegen' });
    // A double click: both clicks arrive before React re-renders the button as busy.
    fireEvent.click(create);
    fireEvent.click(create);
    await waitFor(() => expect(create).toHaveAttribute('aria-busy', 'true'));
    // Enter in a field while the request is still out sends nothing either.
    fireEvent.submit(within(dialog).getByLabelText(/^Ziel-Adresse/).closest('form')!);
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1));
    answer();
    expect(await screen.findByRole('dialog', { name: 'Signatur-Geheimnis' })).toBeInTheDocument();
    expect(api.calls.filter((c) => c.method === 'POST' && c.path === '/webhooks')).toHaveLength(1);
  });

  it('rotates and deletes once on a double click of the confirm button', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /webhooks': () => json({ items: [hook], nextCursor: null, total: 1 }),
      'POST /webhooks/w1/rotate-secret': () => json({ ...hook, version: 4, secret: 'whsec_bmV1bmV1bmV1bmV1bmV1bmV1bmV1bmV1bmV1bmV1MTI=' }),
      'DELETE /webhooks/w1': () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<WebhooksRoute />, { user: admin });
    await user.click(await screen.findByRole('button', { name: 'Neues Geheimnis Ticketsystem Amt 10' }));
    const rotate = within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Neues Geheimnis' });
    fireEvent.click(rotate);
    fireEvent.click(rotate);
    // The new secret is shown (the second request would have failed on the old version and
    // taken the first one's answer with it).
    const secret = await screen.findByRole('dialog', { name: 'Signatur-Geheimnis' });
    expect(within(secret).getByLabelText(/^Geheimnis/)).toHaveValue('whsec_bmV1bmV1bmV1bmV1bmV1bmV1bmV1bmV1bmV1bmV1MTI=');
    await user.click(within(secret).getByRole('button', { name: 'Ich habe es gespeichert' }));

    await user.click(screen.getByRole('button', { name: 'Löschen Ticketsystem Amt 10' }));
    const del = within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Löschen' });
    fireEvent.click(del);
    fireEvent.click(del);
    expect(await screen.findByText('Webhook gelöscht.')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.path === '/webhooks/w1/rotate-secret')).toHaveLength(1);
    expect(api.calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
  });
});
