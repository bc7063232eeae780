/// <reference types="node" />
import { describe, expect, it } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { User } from '@/types/api';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { History } from './History';

const departments = {
  items: [
    { id: 'd32', code: '32', name: 'Ordnungsamt' },
    { id: 'd51', code: '51', name: 'Jugendamt' },
  ],
  nextCursor: null,
  total: 2,
};

// The API names the owner (ID and name) to the cdo only.
const plan = (ownerId: string | null) => ({
  ownerId,
  owner: ownerId ? { id: ownerId, displayName: 'Rita Reviewer' } : null,
  departmentId: 'd32',
  startDate: '2027-01-01T00:00:00Z',
  endDate: '2027-03-31T00:00:00Z',
  budgetEur: 25000,
  kpis: [{ key: 'wait', name: 'Wartezeit', unit: 'min', baseline: 12, target: 8, direction: 'decrease' }],
});

const score = {
  weighted: 72,
  reviewCount: 3,
  disagreement: false,
  criteria: [{ key: 'benefit', weight: 30, mean: 4, min: 3, max: 5, stdDev: 0.8, n: 3 }],
  recommendations: { go: 2, noGo: 1, needsInformation: 0 },
};

const base = {
  reason: '',
  override: false,
  actorRole: 'cdo',
  actor: null,
  scoreSnapshot: null,
  pilotPlan: null,
  checklist: [],
  results: null,
  mergedInto: null,
  revisitAt: null,
  newEndDate: null,
  departments: [],
  requestId: null,
};

/** The history as the API gives it to an author: gate data, no people. */
const authorHistory = (ownerId: string | null = null, actor: unknown = null) => [
  { ...base, id: 'h1', from: 'submitted', to: 'screening', at: '2026-11-02T09:00:00Z', actor },
  {
    ...base,
    id: 'h2',
    from: 'evaluation',
    to: 'decision',
    at: '2026-11-20T09:00:00Z',
    scoreSnapshot: score,
    actor,
  },
  {
    ...base,
    id: 'h3',
    from: 'decision',
    to: 'pilot',
    at: '2026-12-01T09:00:00Z',
    reason: 'Klarer Nutzen.',
    pilotPlan: plan(ownerId),
    checklist: [
      { key: 'dpia', answer: 'not_applicable', note: 'Keine personenbezogenen Daten.' },
      // The API's keys of the default checklist are snake_case; open_data is the tenant's own.
      { key: 'staff_council', answer: 'yes', note: '' },
      { key: 'open_data', answer: 'no', note: '' },
      // An optional item left open at the gate is on record as such.
      { key: 'it_security', answer: 'unanswered', note: '' },
    ],
    actor,
  },
  {
    ...base,
    id: 'h4',
    from: 'pilot',
    to: 'rollout',
    at: '2027-04-02T09:00:00Z',
    results: { outcomes: [{ kpiKey: 'wait', value: 7.5, met: true, comment: 'Deutlich schneller.' }], lessonsLearned: 'Früh mit dem Personalrat sprechen.' },
    departments: ['d32', 'd51'],
    actor,
  },
];

function show(items: unknown[], user: User | null, extra: Record<string, () => Response> = {}) {
  const api = mockApi({
    'GET /ideas/:id/history': () => json({ items, nextCursor: null, total: items.length }),
    'GET /departments': () => json(departments),
    ...extra,
  });
  renderWithProviders(<History ideaId="i1" />, { user });
  return api;
}

/** The "Einzelheiten" disclosure of the history entry that starts with the given transition. */
async function details(transition: string) {
  const entry = (await screen.findByText(transition)).closest('li')!;
  const summary = within(entry).getByText('Einzelheiten');
  return { entry, summary, box: summary.closest('details')! };
}

describe('History decision records', () => {
  it('shows the author the pilot plan and the checklist answers of the pilot gate, behind “Einzelheiten”', async () => {
    const user = userEvent.setup();
    show(authorHistory(), makeUser({ id: 'a1', roles: ['citizen'] }));
    const { summary, box } = await details('Entscheidung → Pilot');
    expect(box).not.toHaveAttribute('open');
    // The disclosure says which decision it belongs to.
    expect(summary.closest('summary')).toHaveTextContent(/Einzelheiten zu „Entscheidung → Pilot“ am 01\.12\.2026/);
    await user.click(summary);
    expect(box).toHaveAttribute('open');
    const d = within(box);
    expect(d.getByText('Verantwortlicher Fachbereich').nextSibling).toHaveTextContent('32 — Ordnungsamt');
    expect(d.getByText('Zeitraum').nextSibling).toHaveTextContent('01.01.2027 bis 31.03.2027');
    expect(d.getByText('Budget').nextSibling).toHaveTextContent(/25\.000\s€/);
    expect(d.getByText('Wartezeit: Ausgangswert 12 min, Ziel 8 min (senken)')).toBeInTheDocument();
    const checklist = d.getByText('Prüfliste für den Pilotstart').nextSibling as HTMLElement;
    expect(within(checklist).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich: Nicht zutreffend – „Keine personenbezogenen Daten.“',
      'Personalrat beteiligt: Ja',
      // The tenant's label is the cdo's to read: no raw key, a neutral name.
      'Weiterer Prüfpunkt: Nein',
      'IT-Sicherheit geprüft: Nicht beantwortet',
    ]);
    // The API sends the owner to the cdo only: no owner, and no "unknown" owner.
    expect(d.queryByText('Verantwortlich')).not.toBeInTheDocument();
    expect(d.queryByText('Unbekannt')).not.toBeInTheDocument();
  });

  it('names the default checklist items in the UI\'s language, also as the decision recorded them (German)', async () => {
    const user = userEvent.setup();
    const items = authorHistory().map((d) =>
      d.id === 'h3'
        ? { ...d, checklist: [{ key: 'dpia', label: 'Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich', answer: 'yes', note: '' }, { key: 'open_data', label: 'Offene Daten geprüft', answer: 'no', note: '' }] }
        : d,
    );
    mockApi({
      'GET /ideas/:id/history': () => json({ items, nextCursor: null, total: items.length }),
      'GET /departments': () => json(departments),
    });
    renderWithProviders(<History ideaId="i1" />, { user: makeUser({ id: 'a1', roles: ['citizen'] }), lng: 'en' });
    const entry = (await screen.findByText('Decision → Pilot')).closest('li')!;
    await user.click(within(entry).getByText('Details'));
    const list = within(entry).getByText('Checklist for the pilot start').nextSibling as HTMLElement;
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Data protection impact assessment done or not needed: Yes',
      // A label the tenant chose is shown as written.
      'Offene Daten geprüft: No',
    ]);
  });

  it('shows the KPI results, lessons learned and rollout departments when the pilot is left', async () => {
    show(authorHistory(), makeUser({ id: 'a1', roles: ['citizen'] }));
    const { box } = await details('Pilot → Einführung');
    const d = within(box);
    expect(d.getByText('Ergebnis je Kennzahl').nextSibling).toHaveTextContent('Wartezeit: 7,5 min – Ziel erreicht („Deutlich schneller.“)');
    expect(d.getByText('Erkenntnisse (Lessons Learned)').nextSibling).toHaveTextContent('Früh mit dem Personalrat sprechen.');
    const rollout = d.getByText('Fachbereiche für die Einführung').nextSibling as HTMLElement;
    expect(within(rollout).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['32 — Ordnungsamt', '51 — Jugendamt']);
  });

  it('shows the score snapshot of the decision gate, and no details where a record has none', async () => {
    show(authorHistory(), null);
    const { box } = await details('Bewertung → Entscheidung');
    expect(within(box).getByText('Bewertung bei der Entscheidung').nextSibling).toHaveTextContent(
      '72 von 100 Punkten (3 Bewertungen)Empfehlungen: Umsetzen: 2 · Nicht umsetzen: 1 · Rückfragen: 0',
    );
    const plain = (await screen.findByText('Eingereicht → Sichtung')).closest('li')!;
    expect(within(plain).queryByText('Einzelheiten')).not.toBeInTheDocument();
  });

  it('names the pilot owner and the tenant’s checklist labels to the cdo', async () => {
    const cdo = makeUser({ id: 'c1', displayName: 'Clara CDO', roles: ['employee', 'cdo'] });
    show(authorHistory('r7', { id: 'c1', displayName: 'Clara CDO' }), cdo, {
      'GET /settings/checklist': () => json({ items: [{ key: 'open_data', label: 'Offene Daten geprüft', required: false }], version: 2 }),
    });
    const { box } = await details('Entscheidung → Pilot');
    const d = within(box);
    expect(await d.findByText('Rita Reviewer')).toBeInTheDocument();
    expect(d.getByText('Verantwortlich').nextSibling).toHaveTextContent('Rita Reviewer');
    const checklist = d.getByText('Prüfliste für den Pilotstart').nextSibling as HTMLElement;
    expect(await within(checklist).findByText('Offene Daten geprüft', { exact: false })).toBeInTheDocument();
    // Default items the tenant's list does not name keep their default labels.
    expect(within(checklist).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Datenschutz-Folgenabschätzung durchgeführt oder nicht erforderlich: Nicht zutreffend – „Keine personenbezogenen Daten.“',
      'Personalrat beteiligt: Ja',
      'Offene Daten geprüft: Nein',
      'IT-Sicherheit geprüft: Nicht beantwortet',
    ]);
  });

  it('names an item the tenant’s list no longer has by its key to the cdo', async () => {
    const cdo = makeUser({ id: 'c1', roles: ['employee', 'cdo'] });
    show(authorHistory('r7'), cdo, { 'GET /settings/checklist': () => json({ items: [], version: 3 }) });
    const { box } = await details('Entscheidung → Pilot');
    const checklist = within(box).getByText('Prüfliste für den Pilotstart').nextSibling as HTMLElement;
    expect(await within(checklist).findByText(/^Weiterer Prüfpunkt \(open_data\)/)).toBeInTheDocument();
    expect(within(checklist).getAllByRole('listitem')[1]).toHaveTextContent('Personalrat beteiligt: Ja');
  });

  it('fetches no checklist labels for anyone but the cdo', async () => {
    const api = show(authorHistory('r7'), makeUser({ id: 'a1', roles: ['employee'] }));
    await details('Entscheidung → Pilot');
    expect(api.calls.map((c) => c.path)).not.toContain('/users');
    expect(api.calls.map((c) => c.path)).not.toContain('/settings/checklist');
  });
});

describe('History actors', () => {
  it('shows who decided to the cdo, and a deleted account as such', async () => {
    show(
      [
        { ...base, id: 'h1', from: 'submitted', to: 'screening', at: '2026-11-02T09:00:00Z', actor: { id: 'c1', displayName: 'Clara CDO' } },
        { ...base, id: 'h2', from: 'screening', to: 'rejected', at: '2026-11-03T09:00:00Z', reason: 'Doppelt.', actor: { id: 'c2', displayName: '' } },
      ],
      makeUser({ id: 'c1', roles: ['employee', 'cdo'] }),
    );
    const first = (await screen.findByText('Eingereicht → Sichtung')).closest('li')!;
    expect(first).toHaveTextContent('Clara CDO');
    const second = screen.getByText('Sichtung → Abgelehnt').closest('li')!;
    expect(within(second).getByText(/Gelöschtes Konto/)).toBeInTheDocument();
  });

  it('names nobody where the API names nobody', async () => {
    show([{ ...base, id: 'h1', from: 'submitted', to: 'screening', at: '2026-11-02T09:00:00Z' }], makeUser({ roles: ['citizen'] }));
    const entry = (await screen.findByText('Eingereicht → Sichtung')).closest('li')!;
    expect(entry).not.toHaveTextContent('·');
    expect(entry).not.toHaveTextContent('Gelöschtes Konto');
  });
});

describe('History of "needs information"', () => {
  it('labels the questions and the answer as such (also for screen readers) and keeps their line breaks', async () => {
    show(
      [
        { ...base, id: 'h1', from: 'submitted', to: 'screening', at: '2026-11-02T09:00:00Z', reason: 'Passt zum Klimaplan.' },
        { ...base, id: 'h2', from: 'screening', to: 'submitted', at: '2026-11-03T09:00:00Z', reason: 'Was kostet das?\nWer wartet die Bänke?' },
        { ...base, id: 'h3', from: 'submitted', to: 'screening', at: '2026-11-04T09:00:00Z', reason: 'Rund 4.000 Euro.\nDie Stadtwerke.', actorRole: 'author' },
      ],
      makeUser({ id: 'a1', roles: ['citizen'] }),
    );
    const questions = (await screen.findByText('Sichtung → Eingereicht')).closest('li')!;
    const q = within(questions).getByText(/Was kostet das\?/);
    expect(q.textContent).toBe('Rückfragen: „Was kostet das?\nWer wartet die Bänke?“');
    expect(q).toHaveStyle({ whiteSpace: 'pre-line' });
    expect(within(questions).getByText('Rückfragen:')).not.toHaveClass('visually-hidden');
    const [start, answer] = screen.getAllByText('Eingereicht → Sichtung').map((el) => el.closest('li')!);
    expect(within(answer).getByText(/Rund 4\.000 Euro/).textContent).toBe('Antwort: „Rund 4.000 Euro.\nDie Stadtwerke.“');
    expect(answer).not.toHaveTextContent('Begründung');
    // Any other reason stays a reason.
    expect(within(start).getByText(/Passt zum Klimaplan/).textContent).toBe('Begründung: „Passt zum Klimaplan.“');
  });
});

describe('long words in the history', () => {
  /** The declarations of a rule of global.css (jsdom lays nothing out, so the rules are read). */
  const css = readFileSync(resolve(process.cwd(), 'src/styles/global.css'), 'utf8');
  const rule = (selector: string) => css.match(new RegExp(`(?:^|\\n)${selector.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\{([^}]*)\\}`))?.[1] ?? '';

  it('wraps a 250-character URL in a reason or a detail instead of widening the page', async () => {
    const url = `https://example.org/${'a'.repeat(230)}`;
    show([{ ...base, id: 'h1', from: 'screening', to: 'submitted', at: '2026-11-02T09:00:00Z', reason: `Siehe ${url}` }], makeUser({ roles: ['citizen'] }));
    const entry = (await screen.findByText(/Siehe https/)).closest('li')!;
    expect(entry.parentElement).toHaveClass('timeline');
    // Everything in an entry (reason, questions, the details) wraps anywhere; so do quoted questions.
    expect(rule('.timeline li')).toMatch(/overflow-wrap: anywhere;/);
    expect(rule('.quote')).toMatch(/overflow-wrap: anywhere;/);
    expect(rule('body')).toMatch(/overflow-wrap: break-word;/);
  });
});

describe('History checklist labels', () => {
  it('shows everyone the label the record kept of a tenant’s own item', async () => {
    const [, , pilot] = authorHistory();
    show([{ ...pilot, checklist: [{ key: 'open_data', answer: 'yes', note: '', label: 'Offene Daten geprüft' }] }], makeUser({ id: 'a1', roles: ['employee'] }));
    const { box } = await details('Entscheidung → Pilot');
    const checklist = within(box).getByText('Prüfliste für den Pilotstart').nextSibling as HTMLElement;
    expect(within(checklist).getByRole('listitem')).toHaveTextContent('Offene Daten geprüft: Ja');
  });
});

describe('History decision records in the English UI', () => {
  it('marks department names and the lessons learned as German, not the English around them', async () => {
    const user = userEvent.setup();
    mockApi({
      'GET /ideas/:id/history': () => json({ items: authorHistory(), nextCursor: null, total: 4 }),
      'GET /departments': () => json(departments),
    });
    renderWithProviders(<History ideaId="i1" />, { user: makeUser({ id: 'a1', roles: ['citizen'] }), lng: 'en' });
    const pilot = (await screen.findByText('Decision → Pilot')).closest('li')!;
    await user.click(within(pilot).getByText('Details'));
    expect(within(pilot).getByText('32 — Ordnungsamt')).toHaveAttribute('lang', 'de');
    expect(within(pilot).getByText('Period').nextSibling).not.toHaveAttribute('lang');

    const rollout = screen.getByText('Pilot → Rollout').closest('li')!;
    await user.click(within(rollout).getByText('Details'));
    expect(within(rollout).getByText('Früh mit dem Personalrat sprechen.')).toHaveAttribute('lang', 'de');
    const departmentsList = within(rollout).getAllByRole('listitem').filter((li) => /—/.test(li.textContent ?? ''));
    expect(departmentsList.map((li) => [li.textContent, li.getAttribute('lang')])).toEqual([
      ['32 — Ordnungsamt', 'de'],
      ['51 — Jugendamt', 'de'],
    ]);
  });
});
