import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { useIdea } from '@/features/ideas/api';
import { GateDialog } from './GateDialog';

const cdo = makeUser({ id: 'cdo1', displayName: 'Clara CDO', roles: ['employee', 'cdo'] });
const list = (items: unknown[]) => json({ items, nextCursor: null, total: items.length });

function backend(extra: Parameters<typeof mockApi>[0] = {}) {
  return mockApi({
    ...extra,
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
    // Required, as the other required fields: "*" (and the name says so).
    const reviewers = await within(dialog).findByRole('group', { name: 'Gutachtende (Pflichtfeld)' });
    expect(reviewers.querySelector('legend .field__required')).toHaveTextContent('*');
    await within(reviewers).findByRole('checkbox', { name: 'Robert Prüfer' });
    expect(within(reviewers).queryByRole('checkbox', { name: 'Anna Autorin' })).not.toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(within(dialog).getByText('Bitte wählen Sie mindestens eine Gutachterin oder einen Gutachter.')).toBeInTheDocument();
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

  it('asks for as many reviewers as the idea’s campaign asks for per idea', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend({ 'GET /campaigns/:id': () => json({ id: 'c1', title: 'Saubere Innenstadt', reviewersPerIdea: 2 }) });
    const onDone = vi.fn();
    renderWithProviders(
      <GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening', author: { id: 'auth' }, campaignId: 'c1' }} open onClose={() => {}} onDone={onDone} />,
      { user: cdo },
    );
    const dialog = screen.getByRole('dialog', { name: '„Solarbänke“ verschieben' });
    await user.click(within(dialog).getByRole('radio', { name: /→ Bewertung$/ }));
    const reviewers = await within(dialog).findByRole('group', { name: 'Gutachtende (Pflichtfeld)' });
    expect(await within(dialog).findByText(/Der Ideenaufruf sieht 2 Gutachtende je Idee vor\. Einreichende/)).toBeInTheDocument();
    await user.click(await within(reviewers).findByRole('checkbox', { name: 'Robert Prüfer' }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(within(dialog).getByText('Der Ideenaufruf sieht 2 Gutachtende je Idee vor: Bitte wählen Sie mindestens 2.')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method !== 'GET')).toBe(false);
    await user.click(within(reviewers).getByRole('checkbox', { name: 'Rita Gutachterin' }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('evaluation'));
  });

  it('says so when the campaign asks for more reviewers than there are to choose from', async () => {
    const user = userEvent.setup({ delay: null });
    backend({ 'GET /campaigns/:id': () => json({ id: 'c1', title: 'Saubere Innenstadt', reviewersPerIdea: 3 }) });
    renderWithProviders(
      <GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening', author: { id: 'auth' }, campaignId: 'c1' }} open onClose={() => {}} onDone={() => {}} />,
      { user: cdo },
    );
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Bewertung$/ }));
    // Three reviewers, one of them the author: two to choose from.
    expect(await within(dialog).findByText(/sieht 3 Gutachtende je Idee vor, zur Wahl stehen aber nur 2/)).toBeInTheDocument();
  });

  it('shows a refused due date at the due date field, in German, not at the reviewer list', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'GET /users': () => list([makeUser({ id: 'r1', displayName: 'Robert Prüfer', roles: ['reviewer'] })]),
      'PUT /ideas/:id/reviewers': () =>
        json(
          { error: { code: 'invalid', message: 'reviewers[0].dueAt: must be in the future', fields: [{ field: 'reviewers[0].dueAt', message: 'must be in the future', reason: 'due_past' }] } },
          400,
        ),
    });
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Bewertung$/ }));
    await user.click(await within(dialog).findByRole('checkbox', { name: 'Robert Prüfer' }));
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    const due = within(dialog).getByLabelText(/^Bewertung fällig bis/);
    await waitFor(() => expect(due).toHaveAttribute('aria-invalid', 'true'));
    expect(due).toHaveAccessibleDescription(/Die Frist muss in der Zukunft liegen/);
    expect(within(dialog).getByRole('group', { name: 'Gutachtende (Pflichtfeld)' })).not.toHaveTextContent(/must be in the future/);
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

  it('gives KPIs of the same name different keys, and marks a KPI key the API refuses at that KPI’s name', async () => {
    const user = userEvent.setup({ delay: null });
    let refuse = false;
    const api = mockApi({
      'GET /departments': () => list([{ id: 'd61', code: '61', name: 'Stadtplanungsamt', active: true, createdAt: '', updatedAt: '' }]),
      'GET /users': () => list([]),
      // The cdo saved an empty checklist: nothing to answer, and no default items the API would refuse.
      'GET /settings/checklist': () => json({ items: [], version: 3 }),
      'POST /ideas/:id/transitions': () =>
        refuse
          ? errorEnvelope(400, 'invalid', 'pilotPlan.kpis[1].key: must be unique', [{ field: 'pilotPlan.kpis[1].key', message: 'must be unique' }])
          : json({ idea: { id: 'i1' }, decision: {} }, 201),
    });
    const onDone = vi.fn();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision' }} open onClose={() => {}} onDone={onDone} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Pilot$/ }));
    await within(dialog).findByRole('option', { name: /Stadtplanungsamt/ });
    await user.selectOptions(within(dialog).getByLabelText(/^Verantwortlich\*?$/), 'Clara CDO');
    await user.selectOptions(within(dialog).getByLabelText(/^Verantwortlicher Fachbereich/), 'd61');
    await user.type(within(dialog).getByLabelText(/^Beginn/), '2027-01-01');
    await user.type(within(dialog).getByLabelText(/^Ende/), '2027-06-30');
    await user.type(within(dialog).getByLabelText(/^Budget in Euro/), '12000');
    await user.click(within(dialog).getByRole('button', { name: 'Kennzahl hinzufügen' }));
    for (const [i, name] of ['Besucherzahl', 'Besucherzahl'].entries()) {
      await user.type(within(dialog).getAllByLabelText(/^Name/)[i], name);
      await user.type(within(dialog).getAllByLabelText(/^Einheit/)[i], 'Personen');
      await user.type(within(dialog).getAllByLabelText(/^Ausgangswert/)[i], '10');
      await user.type(within(dialog).getAllByLabelText(/^Zielwert/)[i], '20');
    }
    await waitFor(() => expect(api.calls.some((c) => c.path === '/settings/checklist')).toBe(true));
    expect(within(dialog).queryByRole('group', { name: /Prüfliste/ })).not.toBeInTheDocument();

    refuse = true;
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    const second = within(dialog).getAllByLabelText(/^Name/)[1];
    await waitFor(() => expect(second).toHaveAttribute('aria-invalid', 'true'));
    expect(second).toHaveAccessibleDescription(/Bitte jeden Eintrag nur einmal\./);
    expect(within(dialog).getAllByLabelText(/^Name/)[0]).not.toHaveAttribute('aria-invalid');
    const link = within(dialog).getByRole('link', { name: 'Kennzahl 2 – Name: Bitte jeden Eintrag nur einmal.' });
    await user.click(link);
    expect(second).toHaveFocus();

    refuse = false;
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('pilot'));
    const posts = api.calls.filter((c) => c.method === 'POST').map((c) => c.body as { pilotPlan: { kpis: { key: string }[] }; checklist: unknown[] });
    expect(posts[1].pilotPlan.kpis.map((k) => k.key)).toEqual(['besucherzahl', 'besucherzahl-2']);
    expect(posts[1].checklist).toEqual([]);
  }, 20_000);

  it('offers a staff idea\'s author as pilot owner, and anyone else from the staff directory', async () => {
    const user = userEvent.setup({ delay: null });
    mockApi({
      'GET /departments': () => list([]),
      'GET /settings/checklist': () => json({ items: [], version: 1 }),
      'GET /users': (req) => {
        const q = new URL(req.url).searchParams;
        if (q.get('role') === 'employee')
          return list(q.get('q') === 'Sve' ? [makeUser({ id: 's1', displayName: 'Sven Sachbearbeiter', roles: ['employee'] })] : []);
        return list([makeUser({ id: 'r1', displayName: 'Robert Prüfer', roles: ['employee', 'reviewer'] })]);
      },
    });
    renderWithProviders(
      <GateDialog
        idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision', source: 'staff', author: { id: 'a9', displayName: 'Erik Mitarbeiter' } }}
        open
        onClose={() => {}}
        onDone={() => {}}
      />,
      { user: cdo },
    );
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Pilot$/ }));
    const owner = within(dialog).getByLabelText(/^Verantwortlich\*?$/);
    await within(dialog).findByRole('option', { name: 'Robert Prüfer' });
    expect(within(owner).getAllByRole('option').map((o) => o.textContent)).toEqual(['', 'Clara CDO', 'Erik Mitarbeiter', 'Robert Prüfer']);
    await user.type(within(dialog).getByLabelText(/^Andere Person suchen/), 'Sve');
    await user.click(await within(dialog).findByRole('button', { name: 'Sven Sachbearbeiter als verantwortlich wählen' }));
    expect(owner).toHaveValue('s1');
    expect(owner).toHaveFocus();
  });

  it('reads a German budget of 12.500,50 as 12500.5, and marks a negative budget and a KPI value that is no number', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    const onDone = vi.fn();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision' }} open onClose={() => {}} onDone={onDone} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Pilot$/ }));
    await within(dialog).findByRole('option', { name: 'Rita Gutachterin' });
    await user.selectOptions(within(dialog).getByLabelText(/^Verantwortlich\*?$/), 'Rita Gutachterin');
    await user.selectOptions(within(dialog).getByLabelText(/^Verantwortlicher Fachbereich/), 'd61');
    await user.type(within(dialog).getByLabelText(/^Beginn/), '2027-01-01');
    await user.type(within(dialog).getByLabelText(/^Ende/), '2027-06-30');
    const budget = within(dialog).getByLabelText(/^Budget in Euro/);
    expect(budget).toHaveAccessibleDescription('Zum Beispiel 12.500 oder 12.500,50');
    await user.type(budget, '-5');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Ladevorgänge');
    await user.type(within(dialog).getByLabelText(/^Einheit/), 'Anzahl');
    await user.type(within(dialog).getByLabelText(/^Ausgangswert/), '1.000');
    const target = within(dialog).getByLabelText(/^Zielwert/);
    await user.type(target, 'abc');
    await user.click(within(await within(dialog).findByRole('group', { name: /DSFA erledigt/ })).getByRole('radio', { name: 'Ja' }));

    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(budget).toHaveAttribute('aria-invalid', 'true');
    expect(budget).toHaveAccessibleDescription(/Das Budget darf nicht negativ sein\./);
    expect(budget).toHaveFocus();
    // The KPI field itself is marked, and the group message does not stand in for it.
    expect(target).toHaveAttribute('aria-invalid', 'true');
    expect(target).toHaveAccessibleDescription(/Bitte eine Zahl eingeben\./);
    expect(within(dialog).queryByText('Mindestens eine Kennzahl mit Name, Einheit, Ausgangs- und Zielwert.')).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Ausgangswert/)).not.toHaveAttribute('aria-invalid');

    await user.clear(budget);
    await user.type(budget, '12.50.0');
    await user.clear(target);
    await user.type(target, '2.500');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(budget).toHaveAccessibleDescription(/Bitte eine Zahl in der Schreibweise 12\.500,50 eingeben/);
    expect(target).not.toHaveAttribute('aria-invalid');
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    await user.clear(budget);
    await user.type(budget, '12.500,50');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('pilot'));
    const post = api.calls.find((c) => c.method === 'POST')!;
    expect(post.body).toMatchObject({
      pilotPlan: { ownerId: 'r2', budgetEur: 12500.5, kpis: [{ baseline: 1000, target: 2500 }] },
    });
  }, 20_000);

  it('reads the budget the English way when the UI is in English', async () => {
    const user = userEvent.setup({ delay: null });
    const api = backend();
    const onDone = vi.fn();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solar benches', stage: 'decision' }} open onClose={() => {}} onDone={onDone} />, { user: cdo, lng: 'en' });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Pilot$/ }));
    await within(dialog).findByRole('option', { name: 'Rita Gutachterin' });
    await user.selectOptions(within(dialog).getByLabelText(/^Owner\*?$/), 'Clara CDO');
    await user.selectOptions(within(dialog).getByLabelText(/^Owning department/), 'd61');
    await user.type(within(dialog).getByLabelText(/^Start/), '2027-01-01');
    await user.type(within(dialog).getByLabelText(/^End/), '2027-06-30');
    const budget = within(dialog).getByLabelText(/^Budget in euros/);
    await user.type(budget, '12.500');
    await user.type(within(dialog).getByLabelText(/^Name/), 'Charges');
    await user.type(within(dialog).getByLabelText(/^Unit/), 'count');
    await user.type(within(dialog).getByLabelText(/^Baseline/), '0');
    await user.type(within(dialog).getByLabelText(/^Target/), '1,500');
    await user.click(within(await within(dialog).findByRole('group', { name: /DSFA erledigt/ })).getByRole('radio', { name: 'Yes' }));
    // In English 12.500 is twelve and a half: more than cents, so it is refused, not stored.
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    expect(budget).toHaveAccessibleDescription(/Please give at most two decimal places \(cents\)\./);
    await user.clear(budget);
    await user.type(budget, '12,500.50');
    await user.click(within(dialog).getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('pilot'));
    expect(api.calls.find((c) => c.method === 'POST')!.body).toMatchObject({ pilotPlan: { budgetEur: 12500.5, kpis: [{ baseline: 0, target: 1500 }] } });
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
    await user.type(date, '2099-01-15');
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

  it('introduces the errors of a group (the move to make) as errors for screen readers', async () => {
    const user = userEvent.setup({ delay: null });
    backend();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    const error = within(dialog).getByText('Fehler:', { exact: false, selector: '.visually-hidden' });
    expect(error.closest('.field__error')).toHaveTextContent('Bitte wählen Sie, wohin die Idee soll.');
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

  it('merge target: Enter in the search does not send the dialog, a choice by Enter moves focus to the chosen state', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockApi({
      'GET /ideas': (req) =>
        new URL(req.url).searchParams.get('q') === 'Parkausweise'
          ? list([{ id: 't9', title: 'Parkausweise online', stage: 'evaluation' }])
          : list([
              { id: 't9', title: 'Parkausweise online', stage: 'evaluation' },
              { id: 't8', title: 'Parkhaus-Ampel', stage: 'screening' },
            ]),
      'POST /ideas/:id/transitions': () => json({ idea: { id: 'i1' }, decision: {} }, 201),
    });
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'screening' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Zusammengeführt$/ }));
    const search = within(dialog).getByRole('searchbox', { name: /^Zusammenführen mit/ });
    await user.type(search, 'Park');
    await within(dialog).findByRole('button', { name: /Parkhaus-Ampel/ });
    // Several found: Enter chooses none and sends nothing (the form's own check would say "required").
    await user.keyboard('{Enter}');
    expect(search).toHaveFocus();
    expect(within(dialog).queryByText('Bitte ausfüllen.')).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);

    // A choice from the list by keyboard: focus moves to the chosen state, described by the choice.
    await user.tab();
    expect(within(dialog).getByRole('button', { name: /Parkausweise online/ })).toHaveFocus();
    await user.keyboard('{Enter}');
    const change = within(dialog).getByRole('button', { name: 'Andere Idee wählen' });
    await waitFor(() => expect(change).toHaveFocus());
    expect(change).toHaveAccessibleDescription('Gewählt: „Parkausweise online“');

    // Choosing again: with one idea found, Enter in the search takes it.
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('searchbox', { name: /^Zusammenführen mit/ })).toHaveFocus());
    await user.keyboard('Parkausweise');
    await within(dialog).findByText('1 passende Idee gefunden.');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Andere Idee wählen' })).toHaveFocus());
    expect(within(dialog).getByText('Gewählt: „Parkausweise online“')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});

describe('GateDialog – the version the page shows', () => {
  /** The idea page's part: the idea with its ETag, and the dialog for it. */
  function Page({ onDone }: { onDone(to: string): void }) {
    const q = useIdea('i1');
    if (!q.data) return null;
    return <GateDialog idea={q.data.idea} etag={q.data.etag} open onClose={() => {}} onDone={onDone} />;
  }
  const stored = (version: number) => ({ id: 'i1', title: 'Solarbänke', stage: 'screening', version, coAuthors: [] });

  it('sends the ETag; when the idea changed meanwhile it says so, shows the current idea and decides on that one', async () => {
    const user = userEvent.setup({ delay: null });
    let version = 3;
    const api = mockApi({
      'GET /ideas/:id': () => json(stored(version), 200, { ETag: `"v${version}"` }),
      'POST /ideas/:id/transitions': (req) =>
        req.headers.get('If-Match') === `"v${version}"`
          ? json({ idea: stored(version + 1), decision: {} }, 201)
          : errorEnvelope(412, 'precondition_failed', 'someone else changed this idea in the meantime; reload and try again'),
    });
    const onDone = vi.fn();
    renderWithProviders(<Page onDone={onDone} />, { user: cdo });
    const dialog = await screen.findByRole('dialog');
    // Someone changed the idea after the page loaded it (it is at version 4 now).
    version = 4;
    await user.click(within(dialog).getByRole('radio', { name: /→ Abgelehnt$/ }));
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Nicht umsetzbar.');
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await within(dialog).findByText(/Die Idee wurde inzwischen geändert; die Seite zeigt jetzt die aktuelle Fassung/);
    expect(within(dialog).queryByText(/Laden Sie die Seite neu/)).not.toBeInTheDocument();
    expect(onDone).not.toHaveBeenCalled();
    expect(api.calls.find((c) => c.method === 'POST')!.headers.get('If-Match')).toBe('"v3"');
    // The page loads the idea anew; what was entered stays.
    await waitFor(() => expect(api.calls.filter((c) => c.method === 'GET' && c.path === '/ideas/i1')).toHaveLength(2));
    expect(within(dialog).getByLabelText(/^Begründung/)).toHaveValue('Nicht umsetzbar.');

    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await waitFor(() => expect(onDone).toHaveBeenCalledWith('rejected'));
    expect(api.calls.filter((c) => c.method === 'POST').at(-1)!.headers.get('If-Match')).toBe('"v4"');
  });
});

describe('GateDialog – an idea that moved on meanwhile', () => {
  function Page({ onDone }: { onDone(to: string): void }) {
    const q = useIdea('i1');
    if (!q.data) return null;
    return <GateDialog idea={q.data.idea} etag={q.data.etag} open onClose={() => {}} onDone={onDone} />;
  }

  it('keeps the warning, says where the idea is now, and chooses no move for the user from there', async () => {
    const user = userEvent.setup({ delay: null });
    // Another tab sent the idea back to the authors with questions: screening → submitted.
    let stage = 'screening';
    let version = 3;
    const api = mockApi({
      'GET /ideas/:id': () => json({ id: 'i1', title: 'Solarbänke', stage, version, coAuthors: [] }, 200, { ETag: `"v${version}"` }),
      'POST /ideas/:id/transitions': () => errorEnvelope(412, 'precondition_failed', 'someone else changed this idea in the meantime; reload and try again'),
    });
    const onDone = vi.fn();
    renderWithProviders(<Page onDone={onDone} />, { user: cdo });
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /Sichtung → Abgelehnt$/ }));
    await user.type(within(dialog).getByLabelText(/^Begründung/), 'Nicht umsetzbar.');
    stage = 'submitted';
    version = 4;
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    await within(dialog).findByText(/Sie steht jetzt in der Phase „Eingereicht“: Wählen Sie den Schritt neu/);
    expect(within(dialog).getByText(/Die Idee wurde inzwischen geändert/)).toBeInTheDocument();
    // The move from the new stage is offered, not chosen (though it is the only one).
    expect(await within(dialog).findByRole('radio', { name: /^Eingereicht → Sichtung$/ })).not.toBeChecked();
    expect(within(dialog).getAllByRole('radio')).toHaveLength(1);
    // Confirming without a choice sends nothing.
    await user.click(within(dialog).getByRole('button', { name: 'Verschieben' }));
    expect(api.calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(onDone).not.toHaveBeenCalled();
  });
});

describe('GateDialog departments and names', () => {
  const dep = (id: string, code: string, name: string, active: boolean) => ({ id, code, name, active, createdAt: '', updatedAt: '' });
  function withDepartments() {
    return mockApi({
      'GET /departments': () => list([dep('d61', '61', 'Stadtplanungsamt', true), dep('d99', '99', 'Altes Bauamt', false)]),
      'GET /users': () => list([]),
      'GET /settings/checklist': () => json({ items: [], version: 1 }),
      'GET /ideas/:id/pilot': () => json({ ideaId: 'i1', stage: 'pilot', plan: null, kpis: [], updates: [], results: null, canManage: true, version: 1 }),
    });
  }

  it('offers only active departments for the pilot plan (the API refuses an inactive one)', async () => {
    const user = userEvent.setup({ delay: null });
    withDepartments();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Pilot$/ }));
    const department = within(dialog).getByLabelText(/^Verantwortlicher Fachbereich/);
    await within(department).findByRole('option', { name: '61 — Stadtplanungsamt' });
    expect(within(department).queryByRole('option', { name: '99 — Altes Bauamt' })).not.toBeInTheDocument();
  });

  it('offers only active departments for the rollout', async () => {
    const user = userEvent.setup({ delay: null });
    withDepartments();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'pilot' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo });
    const dialog = screen.getByRole('dialog');
    await user.click(within(dialog).getByRole('radio', { name: /→ Einführung$/ }));
    expect(await within(dialog).findByRole('checkbox', { name: '61 — Stadtplanungsamt' })).toBeInTheDocument();
    expect(within(dialog).queryByRole('checkbox', { name: '99 — Altes Bauamt' })).not.toBeInTheDocument();
  });

  it('marks the idea’s title in its heading as German in the English UI, not the English around it', async () => {
    withDepartments();
    renderWithProviders(<GateDialog idea={{ id: 'i1', title: 'Solarbänke', stage: 'decision' }} open onClose={() => {}} onDone={() => {}} />, { user: cdo, lng: 'en' });
    const dialog = screen.getByRole('dialog', { name: /^Move “\s?Solarbänke\s?”$/ });
    const heading = within(dialog).getByRole('heading', { name: /Solarbänke/ });
    expect(heading).not.toHaveAttribute('lang');
    expect(within(heading).getByText('Solarbänke')).toHaveAttribute('lang', 'de');
  });
});
