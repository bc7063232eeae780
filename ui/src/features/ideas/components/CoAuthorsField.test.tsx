import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { CoAuthorsField, type CoAuthor } from './CoAuthorsField';

function Harness({ initial = [] as CoAuthor[] }) {
  const [value, setValue] = useState<CoAuthor[]>(initial);
  return (
    <>
      <CoAuthorsField value={value} onChange={setValue} excludeIds={['me']} />
      <output data-testid="ids">{value.map((c) => c.id).join(',')}</output>
    </>
  );
}

describe('CoAuthorsField', () => {
  it('finds colleagues by name in the staff directory, adds and removes them, never the author', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /users': (req) => {
        const q = new URL(req.url).searchParams.get('q') ?? '';
        const all = [makeUser({ id: 'me', displayName: 'Erik Mitarbeiter' }), makeUser({ id: 'r2', displayName: 'Rita Gutachterin' }), makeUser({ id: 'r1', displayName: 'Robert Prüfer' })];
        const items = all.filter((u) => u.displayName.toLowerCase().includes(q.toLowerCase()));
        return json({ items, nextCursor: null, total: items.length });
      },
    });
    renderWithProviders(<Harness />, { user: makeUser({ id: 'me' }) });
    const search = screen.getByRole('searchbox', { name: 'Kolleg*in suchen (Name)' });
    await user.type(search, 'r');
    await user.type(search, 'i');
    await user.click(await screen.findByRole('button', { name: 'Rita Gutachterin hinzufügen' }));
    expect(screen.getByTestId('ids')).toHaveTextContent('r2');
    expect(search).toHaveFocus();
    expect(search).toHaveValue('');
    const directory = api.calls.filter((c) => c.path === '/users').map((c) => Object.fromEntries(c.url.searchParams));
    expect(directory.every((p) => p.role === 'employee' && p.q.length >= 2)).toBe(true);

    // The author is never offered, nor someone already chosen.
    await user.type(search, 'er');
    await screen.findByText(/Person gefunden|Personen gefunden/);
    expect(screen.queryByRole('button', { name: 'Erik Mitarbeiter hinzufügen' })).not.toBeInTheDocument();
    await user.clear(search);
    await user.type(search, 'Rita');
    await waitFor(() => expect(screen.getByText('0 Personen gefunden')).toBeInTheDocument());

    await user.click(screen.getByRole('button', { name: 'Entfernen Rita Gutachterin' }));
    expect(screen.getByTestId('ids')).toHaveTextContent('');
    await waitFor(() => expect(search).toHaveFocus());
  });

  it('says when the most co-authors are listed instead of offering a search', () => {
    const five = Array.from({ length: 5 }, (_, i) => ({ id: `u${i}`, displayName: `Person ${i}` }));
    renderWithProviders(<Harness initial={five} />, { user: makeUser({ id: 'me' }) });
    expect(screen.getByText('Es sind schon 5 Mitwirkende eingetragen, mehr sind nicht möglich.')).toBeInTheDocument();
    expect(screen.queryByRole('searchbox')).not.toBeInTheDocument();
  });
});
