import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { Comments } from './Comments';

const comment = (id: string, body: string) => ({
  id,
  ideaId: 'i1',
  author: { id: 'a', displayName: 'Anna', deleted: false },
  body,
  bodyHtml: null,
  edited: false,
  deleted: false,
  hidden: null,
  mine: false,
  reportedByMe: false,
  createdAt: '2026-11-01T10:00:00Z',
  updatedAt: '2026-11-01T10:00:00Z',
});

describe('Comments', () => {
  it('marks the comments’ words as German in the English UI (WCAG 3.1.2)', async () => {
    mockApi({ 'GET /ideas/:id/comments': () => json({ items: [comment('c1', 'Gute Idee, **bitte** umsetzen.')], nextCursor: null, total: 1 }) });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', lng: 'en' });
    const text = await screen.findByText(/Gute Idee/);
    expect(text.closest('[lang]')).toHaveAttribute('lang', 'de');
    expect(text.closest('.markdown')).toHaveAttribute('lang', 'de');
  });

  it('moves focus to the first newly loaded comment after "load more"', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /ideas/:id/comments': (req) =>
        new URL(req.url).searchParams.get('cursor') === 'c2'
          ? json({ items: [comment('c3', 'Dritter Kommentar')], nextCursor: null, total: 3 })
          : json({ items: [comment('c1', 'Erster Kommentar'), comment('c2', 'Zweiter Kommentar')], nextCursor: 'c2', total: 3 }),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1' });
    const more = await screen.findByRole('button', { name: 'Weitere laden' });
    more.focus();
    await user.keyboard('{Enter}');
    const text = await screen.findByText('Dritter Kommentar');
    const item = text.closest('li')!;
    await waitFor(() => expect(item).toHaveFocus());
    expect(item).toHaveAttribute('tabindex', '-1');
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
  });

  it('keeps keyboard focus on the comment being edited or deleted, and counts only comments that are there', async () => {
    const user = userEvent.setup();
    let items = [{ ...comment('c1', 'Mein Kommentar'), mine: true }, comment('c2', 'Fremder Kommentar')];
    mockApi({
      'GET /ideas/:id/comments': () => json({ items, nextCursor: null, total: items.length }),
      'PATCH /comments/:id': async (req) => {
        const { body } = await req.json();
        items = items.map((c) => (c.id === 'c1' ? { ...c, body, edited: true } : c));
        return json(items[0]);
      },
      'DELETE /comments/:id': () => {
        items = items.map((c) => (c.id === 'c1' ? { ...c, body: null as unknown as string, deleted: true } : c));
        return new Response(null, { status: 204 });
      },
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser() });
    expect(await screen.findByRole('heading', { name: /2 Kommentare/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Bearbeiten' }));
    const box = screen.getByRole('textbox', { name: 'Kommentar bearbeiten' });
    await waitFor(() => expect(box).toHaveFocus());
    await user.clear(box);
    await user.type(box, 'Geänderter Kommentar');
    await user.click(screen.getByRole('button', { name: 'Änderung speichern' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Bearbeiten' })).toHaveFocus());

    await user.click(screen.getByRole('button', { name: 'Löschen' }));
    await user.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Löschen' }));
    const placeholder = await screen.findByText('Dieser Kommentar wurde gelöscht.');
    await waitFor(() => expect(placeholder.closest('li')).toHaveFocus());
    expect(screen.getByRole('heading', { name: /1 Kommentar\)/ })).toBeInTheDocument();
  });

  it('after reporting, keyboard focus is back on the reported comment (its "Melden" is gone)', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /ideas/:id/comments': () => json({ items: [comment('c1', 'Erster'), comment('c2', 'Fremder Kommentar')], nextCursor: null, total: 2 }),
      'POST /comments/:id/report': () => new Response(null, { status: 204 }),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser() });
    await screen.findByText('Fremder Kommentar');
    await user.click(screen.getAllByRole('button', { name: 'Melden' })[1]);
    // Without a reason: the field says it is needed and takes focus; nothing is sent.
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Melden' }));
    expect(screen.getByLabelText(/Was ist das Problem/)).toHaveFocus();
    expect(screen.getByLabelText(/Was ist das Problem/)).toHaveAccessibleDescription(/Bitte ausfüllen/);
    await user.type(screen.getByLabelText(/Was ist das Problem/), 'ab');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Melden' }));
    expect(screen.getByLabelText(/Was ist das Problem/)).toHaveAccessibleDescription(/Mindestens 3 Zeichen/);
    await user.clear(screen.getByLabelText(/Was ist das Problem/));
    await user.type(screen.getByLabelText(/Was ist das Problem/), 'Werbung');
    expect(screen.getByLabelText(/Was ist das Problem/)).not.toHaveAccessibleDescription(/Bitte ausfüllen|Mindestens/);
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Melden' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await waitFor(() => expect(document.getElementById('comment-c2')).toHaveFocus());
  });

  it('shows the comment a link points to (#comment-…) once the discussion has loaded', async () => {
    mockApi({
      'GET /ideas/:id/comments': () => json({ items: [comment('c1', 'Erster'), comment('c2', 'Gemeint')], nextCursor: null, total: 2 }),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1#comment-c2', user: makeUser() });
    await screen.findByText('Gemeint');
    await waitFor(() => expect(document.getElementById('comment-c2')).toHaveFocus());
  });

  it('loads further pages until the linked comment is there', async () => {
    const api = mockApi({
      'GET /ideas/:id/comments': (req) =>
        new URL(req.url).searchParams.get('cursor')
          ? json({ items: [comment('c3', 'Auf Seite zwei')], nextCursor: null, total: 3 })
          : json({ items: [comment('c1', 'Erster'), comment('c2', 'Zweiter')], nextCursor: 'p2', total: 3 }),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1#comment-c3', user: makeUser() });
    await screen.findByText('Auf Seite zwei');
    await waitFor(() => expect(document.getElementById('comment-c3')).toHaveFocus());
    expect(api.calls.filter((c) => c.path === '/ideas/i1/comments')).toHaveLength(2);
  });

  it('does not offer to report a comment twice', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /ideas/:id/comments': () => json({ items: [comment('c2', 'Fremder Kommentar')], nextCursor: null, total: 1 }),
      'POST /comments/:id/report': () => json({ error: { code: 'conflict', reason: 'comment_already_reported', message: 'you have already reported this comment', requestId: 'r' } }, 409),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser() });
    await user.click(await screen.findByRole('button', { name: 'Melden' }));
    await user.type(screen.getByLabelText(/Was ist das Problem/), 'Beleidigend');
    await user.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Melden' }));
    expect(await screen.findByText('Sie haben diesen Kommentar schon gemeldet.')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.queryByRole('button', { name: 'Melden' })).not.toBeInTheDocument();
  });

  it('does not offer "Melden" for a comment the user reported on an earlier visit', async () => {
    mockApi({
      'GET /ideas/:id/comments': () =>
        json({ items: [{ ...comment('c1', 'Schon gemeldet'), reportedByMe: true }, comment('c2', 'Noch nicht gemeldet')], nextCursor: null, total: 2 }),
    });
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser() });
    const first = (await screen.findByText('Schon gemeldet')).closest('li')!;
    expect(within(first).getByText('Von Ihnen gemeldet')).toBeInTheDocument();
    expect(within(first).queryByRole('button', { name: 'Melden' })).not.toBeInTheDocument();
    const second = screen.getByText('Noch nicht gemeldet').closest('li')!;
    expect(within(second).getByRole('button', { name: 'Melden' })).toBeInTheDocument();
  });

  it('keeps a comment being typed when the session ends, for the same user only, until it is sent', async () => {
    const user = userEvent.setup();
    let sent = '';
    mockApi({
      'GET /ideas/:id/comments': () => json({ items: [], nextCursor: null, total: 0 }),
      'POST /ideas/:id/comments': async (req) => {
        sent = (await req.json()).body;
        return json({ ...comment('c9', sent), mine: true }, 201);
      },
    });
    const first = renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser() });
    await user.type(await screen.findByRole('textbox', { name: 'Ihr Kommentar' }), 'Halb fertig');
    first.unmount();

    // Signed out: the form is gone, the page says the text is kept.
    const anonymous = renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1' });
    expect(await screen.findByText(/begonnener Kommentar ist aufbewahrt/)).toBeInTheDocument();
    anonymous.unmount();

    // Someone else signing in at this tab does not get it; the same user does.
    const other = renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser({ id: 'u2' }) });
    expect(await screen.findByRole('textbox', { name: 'Ihr Kommentar' })).toHaveValue('');
    other.unmount();
    renderWithProviders(<Comments ideaId="i1" />, { route: '/ideas/i1', user: makeUser() });
    const box = await screen.findByRole('textbox', { name: 'Ihr Kommentar' });
    expect(box).toHaveValue('Halb fertig');
    // Not kept for another idea.
    expect(window.sessionStorage.length).toBe(1);

    await user.type(box, ' und gesendet');
    await user.click(screen.getByRole('button', { name: 'Kommentar senden' }));
    await waitFor(() => expect(box).toHaveValue(''));
    expect(sent).toBe('Halb fertig und gesendet');
    expect(window.sessionStorage.length).toBe(0);
  });
});
