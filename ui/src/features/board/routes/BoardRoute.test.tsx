import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders, type Handler } from '@/test/utils';
import { BoardRoute } from './BoardRoute';

const card = {
  id: 'i1', title: 'Solarbänke', summary: 'Kurz', stage: 'screening', stageSince: '2026-11-20T00:00:00Z', needsInformation: false,
  visibility: 'public', source: 'staff', campaignId: null, departmentId: null, tags: [], targetGroups: [],
  author: { id: 'a1', displayName: 'Anna', deleted: false }, coAuthors: [], supportCount: 0, followerCount: 0, commentCount: 0,
  attachmentCount: 0, score: null, version: 4, createdAt: '2026-11-20T00:00:00Z', updatedAt: '2026-11-20T00:00:00Z',
  submittedAt: '2026-11-20T00:00:00Z', lastActivityAt: '2026-11-20T00:00:00Z',
};

/** The board's API with one idea (as it is now) in its stage's column, and the transitions' answer. */
function boardApi(idea: () => typeof card, transition: Handler) {
  return mockApi({
    'GET /ideas': (req) => {
      const stages = new URL(req.url).searchParams.getAll('stage');
      const items = stages.includes(idea().stage) ? [idea()] : [];
      return json({ items, nextCursor: null, total: items.length });
    },
    'GET /campaigns': () => json({ items: [], nextCursor: null, total: 0 }),
    'GET /comments/reported': () => json({ items: [], nextCursor: null, total: 0 }),
    'POST /ideas/:id/transitions': transition,
  });
}

describe('BoardRoute', () => {
  it('moves a card with the version the board shows (If-Match), so a move on an outdated board is refused', async () => {
    const user = userEvent.setup();
    const api = boardApi(() => card, () => json({ id: 'd1', from: 'screening', to: 'rejected', at: '2026-11-27T10:00:00Z' }, 201));
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    await user.click(await screen.findByRole('button', { name: '„Solarbänke“ verschieben' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Abgelehnt$/ }));
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Gibt es schon.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(api.calls.find((c) => c.method === 'POST')!.headers.get('If-Match')).toBe('"v4"');
  });

  it('after a refused move, confirming again decides on the idea as the refreshed board shows it', async () => {
    const user = userEvent.setup();
    // Someone edited the idea (version 5) after the board was loaded (version 4).
    let current = { ...card };
    const api = boardApi(
      () => current,
      (req) =>
        req.headers.get('If-Match') === `"v${current.version}"`
          ? json({ id: 'd1', from: 'screening', to: 'rejected', at: '2026-11-27T10:00:00Z' }, 201)
          : errorEnvelope(412, 'precondition_failed', 'stale'),
    );
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    await user.click(await screen.findByRole('button', { name: '„Solarbänke“ verschieben' }));
    current = { ...card, title: 'Solarbänke am Markt', version: 5 };
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Abgelehnt$/ }));
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Gibt es schon.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await within(dialog).findByText(/Die Idee wurde inzwischen geändert/);
    // The dialog shows the idea as it is now, and the next confirmation is made on that version.
    await within(dialog).findByText(/Solarbänke am Markt/);
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(2));
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.headers.get('If-Match'))).toEqual(['"v4"', '"v5"']);
    expect(await screen.findByText('„Solarbänke am Markt“ ist jetzt in der Phase „Abgelehnt“.')).toBeInTheDocument();
  });
});

describe('BoardRoute focus after a move', () => {
  // jsdom has no scrollIntoView (the board calls it where there is one); a test that lends one takes it back.
  const ownScrollIntoView = Object.getOwnPropertyDescriptor(Element.prototype, 'scrollIntoView');
  afterEach(() => {
    if (ownScrollIntoView) Object.defineProperty(Element.prototype, 'scrollIntoView', ownScrollIntoView);
    else delete (Element.prototype as Partial<Element>).scrollIntoView;
  });
  /** A board whose one card moves to the stage a transition names (or, stale, was moved by someone else meanwhile). */
  function board(stale = false) {
    let current = { ...card, stage: 'decision' };
    return boardApi(
      () => current,
      async (req) => {
        const body = (await req.json()) as { to: string };
        if (stale) {
          current = { ...current, stage: 'parked', version: current.version + 1 };
          return errorEnvelope(412, 'precondition_failed', 'stale');
        }
        current = { ...current, stage: body.to, version: current.version + 1 };
        return json({ id: 'd1', from: 'screening', to: body.to, at: '2026-11-27T10:00:00Z' }, 201);
      },
    );
  }
  const column = (name: string) => screen.getByRole('region', { name: new RegExp(`^${name}`) });

  it('returns to the moved card’s “Move” button in its new column', async () => {
    const user = userEvent.setup();
    board();
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    await user.click(await within(await waitFor(() => column('Entscheidung'))).findByRole('button', { name: '„Solarbänke“ verschieben' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zurückgestellt$/ }));
    await user.type(within(dialog).getByLabelText(/^Wiedervorlage am/), '2027-06-01');
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Erst nach der Haushaltsplanung.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await screen.findByText(/ist jetzt in der Phase „Zurückgestellt“/);
    await waitFor(() => expect(within(column('Zurückgestellt')).getByRole('button', { name: '„Solarbänke“ verschieben' })).toHaveFocus());
  });

  it('scrolls the focused “Move” button in its new column into view (on a phone the column may be beside the screen)', async () => {
    // jsdom lays nothing out and has no scrollIntoView: whether it is asked for is what can be checked.
    const scrolled: { el: Element; opts: unknown }[] = [];
    Element.prototype.scrollIntoView = vi.fn(function (this: Element, opts?: unknown) {
      scrolled.push({ el: this, opts });
    });
    const user = userEvent.setup();
    board();
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    await user.click(await within(await waitFor(() => column('Entscheidung'))).findByRole('button', { name: '„Solarbänke“ verschieben' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zurückgestellt$/ }));
    await user.type(within(dialog).getByLabelText(/^Wiedervorlage am/), '2027-06-01');
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Erst nach der Haushaltsplanung.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    const moved = await waitFor(() => {
      const button = within(column('Zurückgestellt')).getByRole('button', { name: '„Solarbänke“ verschieben' });
      expect(button).toHaveFocus();
      return button;
    });
    expect(scrolled).toContainEqual({ el: moved, opts: { block: 'nearest', inline: 'nearest' } });
  });

  it('returns to the card’s “Move” button when the dialog is cancelled', async () => {
    const user = userEvent.setup();
    board();
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    const move = await screen.findByRole('button', { name: '„Solarbänke“ verschieben' });
    await user.click(move);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Abbrechen' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: '„Solarbänke“ verschieben' })).toHaveFocus();
  });

  it('after a refused move, cancelling returns to the card where the refreshed board now shows it', async () => {
    const user = userEvent.setup();
    board(true);
    renderWithProviders(<BoardRoute />, { user: makeUser({ roles: ['employee', 'cdo'] }) });
    await user.click(await within(await waitFor(() => column('Entscheidung'))).findByRole('button', { name: '„Solarbänke“ verschieben' }));
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zurückgestellt$/ }));
    await user.type(within(dialog).getByLabelText(/^Wiedervorlage am/), '2027-06-01');
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Erst nach der Haushaltsplanung.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    // Someone else moved it meanwhile: the board behind the dialog shows it in its new column.
    await waitFor(() => expect(within(column('Zurückgestellt')).getByRole('button', { name: '„Solarbänke“ verschieben' })).toBeInTheDocument());
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Abbrechen' }));
    expect(within(column('Zurückgestellt')).getByRole('button', { name: '„Solarbänke“ verschieben' })).toHaveFocus();
  });
});
