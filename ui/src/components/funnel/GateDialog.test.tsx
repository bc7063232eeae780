import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { GateDialog } from './GateDialog';

const cdo = makeUser({ id: 'cdo1', displayName: 'Clara CDO', roles: ['employee', 'cdo'] });
const list = (items: unknown[]) => json({ items, nextCursor: null, total: items.length });

function backend() {
  return mockApi({
    'GET /departments': () => list([{ id: 'd61', code: '61', name: 'Stadtplanungsamt', active: true, createdAt: '', updatedAt: '' }]),
    'GET /users': () =>
      list([
        { ...makeUser({ id: 'r1', displayName: 'Robert Prüfer', roles: ['reviewer'] }) },
        { ...makeUser({ id: 'r2', displayName: 'Rita Gutachterin', roles: ['reviewer'] }) },
        { ...makeUser({ id: 'auth', displayName: 'Anna Autorin', roles: ['reviewer'] }) },
      ]),
    'GET /settings/checklist': () =>
      json({
        items: [
          { key: 'dpia', label: 'DSFA erledigt', required: true },
          { key: 'press', label: 'Pressestelle informiert', required: false },
        ],
        version: 1,
      }),
    'PUT /ideas/:id/reviewers': () => json({ ideaId: 'i1', criteriaSetId: null, version: 1, items: [] }),
    'POST /ideas/:id/transitions': () => json({ idea: { id: 'i1' }, decision: {} }, 201),
  });
}

describe('GateDialog', () => {
  it('assigns the chosen reviewers (never the author) before moving to evaluation', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    const onDone = vi.fn();
    renderWithProviders(
      <GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening', author: { id: 'auth' } }} open onClose={() => {}} onDone={onDone} />,
      { user: cdo },
    );
    const dialog = screen.getByRole('dialog', { name: '„Solarbänke“ verschieben' });
    await user.click(within(dialog).getByRole('radio', { name: /→ Bewertung$/ }));
    const reviewers = await within(dialog).findByRole('group', { name: 'Gutachtende' });
    await within(reviewers).findByRole('checkbox', { name: 'Robert Prüfer' });
    expect(within(reviewers).queryByRole('checkbox', { name: 'Anna Autorin' })).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(within(dialog).getByText('Bitte wählen Sie mindestens einen Eintrag.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.click(within(reviewers).getByRole('checkbox', { name: 'Robert Prüfer' }));
    await user.click(within(reviewers).getByRole('checkbox', { name: 'Rita Gutachterin' }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('evaluation'));
    const writes = api.calls.filter((c) => c.method !== 'GET');
    expect(writes.map((c) => `${c.method} ${c.path}`)).toEqual(['PUT /ideas/i1/reviewers', 'POST /ideas/i1/transitions']);
    expect((writes[0].body as { reviewers: { reviewerId: string }[] }).reviewers.map((r) => r.reviewerId)).toEqual(['r1', 'r2']);
    expect(writes[1].body).toEqual({ to: 'evaluation' });
  });

  it('asks the pilot gate for the plan and the tenant checklist and sends them', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    const onDone = vi.fn();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision' }} open onClose={() => {}} onDone={onDone} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Pilot$/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    // nothing filled: the first missing field gets focus, nothing is sent
    expect(within(dialog).getByLabelText(/^Verantwortlich\*?$/)).toHaveFocus();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await within(dialog).findByRole('option', { name: 'Rita Gutachterin' });
    await user.selectOptions(within(dialog).getByLabelText(/^Verantwortlich\*?$/), 'Clara CDO');
    await user.selectOptions(within(dialog).getByLabelText(/^Verantwortlicher Fachbereich/), 'd61');
    await user.type(within(dialog).getByLabelText(/^Beginn/), '2027-01-01');
    await user.type(within(dialog).getByLabelText(/^Ende/), '2027-06-30');
    await user.type(within(dialog).getByLabelText(/^Budget in Euro/), '12000');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Ladevorgänge');
    await user.type(within(dialog).getByLabelText(/^Einheit/), 'Anzahl');
    await user.type(within(dialog).getByLabelText(/^Ausgangswert/), '0');
    await user.type(within(dialog).getByLabelText(/^Zielwert/), '50');
    const dpia = await within(dialog).findByRole('group', { name: /DSFA erledigt/ });
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(within(dpia).getByText('Bitte ausfüllen.')).toBeInTheDocument();
    await user.click(within(dpia).getByRole('radio', { name: 'Ja' }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));

    await waitFor(() => expect(onDone).toHaveBeenCalledWith('pilot'));
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({
      to: 'pilot',
      pilotPlan: {
        ownerId: 'cdo1',
        departmentId: 'd61',
        startDate: '2027-01-01',
        endDate: '2027-06-30',
        budgetEur: 12000,
        kpis: [{ key: 'ladevorgaenge', name: 'Ladevorgänge', unit: 'Anzahl', baseline: 0, target: 50, direction: 'increase' }],
      },
      checklist: [{ key: 'dpia', answer: 'yes' }],
    });
  }, 20_000);

  it('marks the field the API refused, in German, and clears the refusal on the next attempt', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'POST /ideas/:id/transitions': () =>
        json(
          {
            error: {
              code: 'invalid', message: 'the revisit date must be in the future', reason: 'revisit_past', requestId: 'r1',
              fields: [{ field: 'revisitAt', message: 'the revisit date must be in the future', reason: 'revisit_past' }],
            },
          },
          400,
        ),
    });
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zurückgestellt$/ }));
    const date = within(dialog).getByLabelText(/^Wiedervorlage/);
    await user.type(date, '2020-01-15');
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Haushalt abwarten');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    const summary = await within(dialog).findByText('Bitte prüfen Sie die markierten Angaben.');
    expect(within(dialog).getByRole('link', { name: /Das Datum der Wiedervorlage muss in der Zukunft liegen\./ })).toHaveAttribute('href', `#${date.id}`);
    expect(date).toHaveAttribute('aria-invalid', 'true');
    expect(date).toHaveAccessibleDescription(/Das Datum der Wiedervorlage muss in der Zukunft liegen\./);
    // The next attempt fails a check of the form: the old refusal is gone.
    await user.clear(within(dialog).getByLabelText(/^Begründung/));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(summary).not.toBeInTheDocument();
    expect(date).not.toHaveAttribute('aria-invalid');
  });

  it('names the extension of a running pilot as such', async () => {
    backend();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'pilot' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await userEvent.setup({ delay: null }).click(within(dialog).getByRole('radio', { name: 'Pilot verlängern' }));
    expect(within(dialog).getByLabelText(/^Neues Enddatum/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('radio', { name: 'Pilot → Pilot' })).not.toBeInTheDocument();
  });

  it('offers deciding without all reviews only while reviews are outstanding', async () => {
    const user = userEvent.setup({ delay: null });
    let submitted = 1;
    const assignment = (id: string, reviewStatus: string) => ({
      reviewer: { id, displayName: id, deleted: false }, dueAt: '2026-12-01T00:00:00Z', assignedAt: '2026-11-01T00:00:00Z',
      status: 'assigned', declineReason: null, reviewStatus, overdue: false,
    });
    mockApi({
      'GET /ideas/:id/reviewers': () =>
        json({ ideaId: 'i1', criteriaSetId: null, version: 1, items: [assignment('r1', 'submitted'), assignment('r2', submitted > 1 ? 'submitted' : 'draft')] }),
    });
    const { unmount } = renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'evaluation' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    await user.click(within(screen.getByRole('dialog')).getByRole('radio', { name: /→ Entscheidung$/ }));
    expect(await screen.findByText('Abgegeben sind 1 von 2 zugewiesenen Bewertungen.')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: 'Trotzdem entscheiden (Begründung erforderlich)' })).toBeInTheDocument();
    unmount();
    submitted = 2;
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'evaluation' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    await user.click(within(screen.getByRole('dialog')).getByRole('radio', { name: /→ Entscheidung$/ }));
    expect(await screen.findByText('Alle 2 zugewiesenen Bewertungen liegen vor.')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: /Trotzdem entscheiden/ })).not.toBeInTheDocument();
  });

  it('finds the idea to merge into by its title and sends its ID', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      'GET /ideas': (req) => {
        const url = new URL(req.url);
        expect(url.searchParams.get('q')).toBe('Parkaus');
        expect(url.searchParams.getAll('stage')).not.toContain('rejected');
        return list([
          { id: 'i1', title: 'Solarbänke', stage: 'screening' },
          { id: 't9', title: 'Parkausweise online', stage: 'evaluation' },
        ]);
      },
      'POST /ideas/:id/transitions': () => json({ idea: { id: 'i1' }, decision: {} }, 201),
    });
    const onDone = vi.fn();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening' }} open onClose={() => {}} onDone={onDone} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zusammengeführt$/ }));
    await user.type(within(dialog).getByRole('searchbox', { name: /^Zusammenführen mit/ }), 'Parkaus');
    // The idea itself is not offered.
    await user.click(await within(dialog).findByRole('button', { name: '„Parkausweise online“ (Bewertung) wählen' }));
    expect(within(dialog).queryByRole('button', { name: /Solarbänke/ })).not.toBeInTheDocument();
    expect(within(dialog).getByText('Gewählt: „Parkausweise online“')).toBeInTheDocument();
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Dieselbe Idee wie Parkausweise.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('merged'));
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({ to: 'merged', mergeInto: 't9' });
  });
});
