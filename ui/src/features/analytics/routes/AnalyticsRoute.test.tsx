import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import { analyticsFilter } from '../api';
import { AnalyticsRoute } from './AnalyticsRoute';

const cdo = makeUser({ roles: ['cdo'] });
const breakdown = (key: string | null, label: string | null, ideas: number) => ({
  key,
  label,
  ideas,
  open: 0,
  passedScreening: 0,
  piloted: 0,
  rolledOut: 0,
  implemented: 0,
  rejected: 0,
});
const month = (m: string, submitted = 0, decided = 0) => ({ month: m, submitted, decided, piloted: 0, rolledOut: 0 });
const funnel = {
  generatedAt: '2026-11-27T08:00:00Z',
  filter: { from: null, to: null, campaignId: null, departmentId: null, source: null },
  ideas: 8,
  stages: [{ stage: 'submitted', count: 8 }],
  conversion: [],
  timeInStage: [],
  sla: { targets: [], overdue: [] },
  throughput: [month('2026-08', 5, 1), month('2026-09'), month('2026-10'), month('2026-11', 3)],
  byDepartment: [breakdown('d1', 'Ordnungsamt', 5), breakdown(null, null, 3)],
  byCampaign: [breakdown(null, null, 8)],
  bySource: [breakdown('staff', null, 8)],
  pilots: { running: 0, finished: 0, kpisMet: 0, rolledOut: 0, stopped: 0, successRate: null, rolloutRate: null, outcomes: 0, outcomesMet: 0, kpiRate: null },
  reviewers: { available: false, rows: [], total: { assigned: 0 } },
  agreement: [],
};

beforeEach(() => {
  // jsdom has no object URLs and does not follow a download link.
  Object.defineProperty(URL, 'createObjectURL', { configurable: true, value: vi.fn(() => 'blob:export') });
  Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, value: vi.fn() });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
});

describe('analyticsFilter', () => {
  it('starts the period the given number of days back, as a date; "all" has no filter', () => {
    const now = Date.parse('2026-11-27T10:00:00Z');
    expect(analyticsFilter('90', now)).toEqual({ from: '2026-08-29' });
    expect(analyticsFilter('365', now)).toEqual({ from: '2025-11-27' });
    expect(analyticsFilter('all', now)).toEqual({});
  });
});

describe('AnalyticsRoute', () => {
  it('exports the ideas of the chosen period, with the filter of the figures on screen', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /analytics/funnel': () => json(funnel),
      'GET /analytics/export.csv': () => new Response('id;title\r\n', { headers: { 'Content-Type': 'text/csv' } }),
      'GET /analytics/export.json': () => json({ dataset: 'ideas', generatedAt: funnel.generatedAt, columns: [], items: [] }),
    });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    await screen.findByText('Ideen insgesamt');
    await user.selectOptions(screen.getByLabelText('Zeitraum'), 'Letzte 90 Tage');
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/analytics/funnel')).toHaveLength(2));
    const from = api.calls.filter((c) => c.path === '/analytics/funnel').at(-1)!.url.searchParams.get('from');
    expect(from).toBe(analyticsFilter('90').from);

    await user.click(screen.getByRole('button', { name: 'CSV exportieren' }));
    await user.click(screen.getByRole('button', { name: 'JSON exportieren' }));
    await waitFor(() => expect(api.calls.filter((c) => c.path.startsWith('/analytics/export'))).toHaveLength(2));
    const csv = api.calls.find((c) => c.path === '/analytics/export.csv')!;
    const jsonExport = api.calls.find((c) => c.path === '/analytics/export.json')!;
    expect(csv.url.searchParams.get('from')).toBe(from);
    expect(jsonExport.url.searchParams.get('from')).toBe(from);
    // For German Excel: semicolons and decimal commas; JSON has no separator.
    expect(csv.url.searchParams.get('sep')).toBe('semicolon');
    expect(jsonExport.url.searchParams.has('sep')).toBe(false);

    // "Gesamter Zeitraum" exports without a period.
    await user.selectOptions(screen.getByLabelText('Zeitraum'), 'Gesamter Zeitraum');
    await screen.findByText('Ideen insgesamt');
    await user.click(screen.getByRole('button', { name: 'CSV exportieren' }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/analytics/export.csv')).toHaveLength(2));
    expect(api.calls.filter((c) => c.path === '/analytics/export.csv').at(-1)!.url.searchParams.has('from')).toBe(false);
  });

  it('names the ideas without a department, in German and English', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(funnel) });
    const { unmount } = renderWithProviders(<AnalyticsRoute />, { user: cdo });
    const de = await screen.findByRole('figure', { name: /Nach Fachbereich/ });
    expect(within(de).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Ordnungsamt: 5', 'Ohne Fachbereich: 3']);
    unmount();

    renderWithProviders(<AnalyticsRoute />, { user: cdo, lng: 'en' });
    const en = await screen.findByRole('figure', { name: /By department/ });
    expect(within(en).getAllByRole('listitem').map((li) => li.textContent)).toEqual(['Ordnungsamt: 5', 'No department: 3']);
  });

  it('lists every month of the throughput, the quiet ones with zeros', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(funnel) });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    const section = (await screen.findByRole('heading', { name: 'Monatlicher Durchsatz' })).closest('section')!;
    const rows = within(section).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual(['2026-085100', '2026-090000', '2026-100000', '2026-113000']);
  });
});

describe('AnalyticsRoute workload, outcomes and agreement', () => {
  const reviewer = (name: string, over: Record<string, unknown> = {}) => ({
    reviewerId: name.toLowerCase(),
    name,
    assigned: 10,
    declined: 1,
    submitted: 6,
    onTime: 5,
    late: 1,
    open: 3,
    overdue: 2,
    missed: 1,
    onTimeRate: 0.625,
    medianDaysToSubmit: 4.5,
    ...over,
  });
  const full = {
    ...funnel,
    byDepartment: [{ ...breakdown('d1', 'Ordnungsamt', 5), piloted: 3, rolledOut: 2, implemented: 1 }, breakdown(null, null, 3)],
    byCampaign: [{ ...breakdown('c1', 'Saubere Innenstadt', 8), piloted: 4, rolledOut: 1, implemented: 0 }],
    bySource: [{ ...breakdown('staff', null, 8), piloted: 4, rolledOut: 2, implemented: 1 }],
    reviewers: { available: true, rows: [reviewer('Robert'), reviewer('Rita', { open: 0, overdue: 0, missed: 0, medianDaysToSubmit: null })], total: reviewer('') },
    agreement: [
      { campaignId: 'c1', label: 'Saubere Innenstadt', ideas: 12, reviews: 30, alpha: 0.72, rating: 'tentative' },
      { campaignId: null, label: null, ideas: 1, reviews: 1, alpha: null, rating: 'undefined' },
    ],
  };
  const rowsOf = (table: HTMLElement) => within(table).getAllByRole('row').map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent));

  it('shows each reviewer’s open, overdue and missed reviews and the median days to submit', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(full) });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    const section = (await screen.findByRole('heading', { name: 'Gutachtende: Auslastung und Pünktlichkeit' })).closest('section')!;
    expect(rowsOf(within(section).getByRole('table'))).toEqual([
      ['Person', 'Zugewiesen', 'Erledigt', 'Offen', 'Überfällig', 'Verpasst', 'Pünktlich', 'Median bis zur Abgabe'],
      ['Robert', '10', '6', '3', '2', '1', '63 %', '4,5 Tage'],
      ['Rita', '10', '6', '0', '0', '0', '63 %', '–'],
    ].map((r) => r.map((c) => expect.stringMatching(new RegExp(`^${c.replace(/ /g, '\\s')}$`)))));
  });

  it('breaks down piloted, rolled-out and implemented ideas by department, campaign and source', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(full) });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    expect(rowsOf(await screen.findByRole('table', { name: 'Nach Fachbereich' }))).toEqual([
      ['Fachbereich', 'Ideen', 'Pilotiert', 'Eingeführt', 'Umgesetzt'],
      ['Ordnungsamt', '5', '3', '2', '1'],
      ['Ohne Fachbereich', '3', '0', '0', '0'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Nach Ideenaufruf' }))).toEqual([
      ['Ideenaufruf', 'Ideen', 'Pilotiert', 'Eingeführt', 'Umgesetzt'],
      ['Saubere Innenstadt', '8', '4', '1', '0'],
    ]);
    expect(rowsOf(screen.getByRole('table', { name: 'Nach Herkunft' }))[1]).toEqual(['Beschäftigte', '8', '4', '2', '1']);
  });

  it('says how many ideas and reviews each agreement figure rests on, in German and English', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(full) });
    const { unmount } = renderWithProviders(<AnalyticsRoute />, { user: cdo });
    const de = (await screen.findByRole('heading', { name: /Krippendorffs Alpha/ })).closest('section')!;
    expect(within(de).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Saubere Innenstadt: 0,72 (aus 30 Bewertungen zu 12 Ideen)',
      'Offene Ideenbox (kein Aufruf): – (aus 1 Bewertung zu 1 Idee)',
    ]);
    unmount();
    renderWithProviders(<AnalyticsRoute />, { user: cdo, lng: 'en' });
    const en = (await screen.findByRole('heading', { name: /Krippendorff’s alpha/ })).closest('section')!;
    expect(within(en).getAllByRole('listitem')[0]).toHaveTextContent('Saubere Innenstadt: 0.72 (from 30 reviews on 12 ideas)');
    expect(screen.getByRole('table', { name: 'By department' })).toHaveTextContent('Implemented');
  });

  it('exports the figures of the page by default, or the records chosen', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /analytics/funnel': () => json(funnel),
      'GET /analytics/export.csv': () => new Response('section;key\r\n', { headers: { 'Content-Type': 'text/csv' } }),
    });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    await screen.findByText('Ideen insgesamt');
    await user.click(screen.getByRole('button', { name: 'CSV exportieren' }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/analytics/export.csv')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === '/analytics/export.csv')!.url.searchParams.get('dataset')).toBe('figures');
    await user.selectOptions(screen.getByLabelText('Was exportieren?'), 'Entscheidungen (je Entscheidung)');
    await user.click(screen.getByRole('button', { name: 'CSV exportieren' }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/analytics/export.csv')).toHaveLength(2));
    expect(api.calls.filter((c) => c.path === '/analytics/export.csv')[1].url.searchParams.get('dataset')).toBe('decisions');
  });

  it('exports CSV with commas for English', async () => {
    const user = userEvent.setup();
    const api = mockApi({
      'GET /analytics/funnel': () => json(funnel),
      'GET /analytics/export.csv': () => new Response('section,key\r\n', { headers: { 'Content-Type': 'text/csv' } }),
    });
    renderWithProviders(<AnalyticsRoute />, { user: cdo, lng: 'en' });
    await user.click(await screen.findByRole('button', { name: 'Export CSV' }));
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/analytics/export.csv')).toHaveLength(1));
    expect(api.calls.find((c) => c.path === '/analytics/export.csv')!.url.searchParams.has('sep')).toBe(false);
  });

  it('counts the days an idea waits past its target in words with the right number', async () => {
    mockApi({
      'GET /analytics/funnel': () =>
        json({ ...funnel, sla: { targets: [], overdue: [{ ideaId: 'i1', title: 'Bänke', stage: 'screening', since: '2026-11-01T00:00:00Z', daysWaiting: 1.4, daysOverdue: 0.4 }] } }),
    });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    expect(await screen.findByRole('link', { name: 'Bänke – Sichtung seit 1 Tag' })).toBeInTheDocument();
  });
});


describe('AnalyticsRoute: table names and the language of names', () => {
  const named = {
    ...funnel,
    timeInStage: [{ stage: 'screening', medianDays: 2, p90Days: 5 }],
    byCampaign: [{ ...breakdown('c1', 'Saubere Innenstadt', 6) }, breakdown(null, null, 2)],
    reviewers: {
      available: true,
      rows: [{ reviewerId: 'r1', name: 'Robert', assigned: 1, declined: 0, submitted: 1, onTime: 1, late: 0, open: 0, overdue: 0, missed: 0, onTimeRate: 1, medianDaysToSubmit: 2 }],
      total: { assigned: 1 },
    },
    sla: { targets: [], overdue: [{ ideaId: 'i1', title: 'Bänke am Markt', stage: 'screening', since: '2026-11-01T00:00:00Z', daysWaiting: 3, daysOverdue: 1 }] },
  };

  it('names the time-in-stage, throughput and reviewer tables (a caption each)', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(named) });
    renderWithProviders(<AnalyticsRoute />, { user: cdo });
    expect(await screen.findByRole('table', { name: 'Verweildauer je Phase' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Monatlicher Durchsatz' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Gutachtende: Auslastung und Pünktlichkeit' })).toBeInTheDocument();
  });

  it('marks names of departments and campaigns and the ideas’ titles as German in the English UI, not the stand-ins for none', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(named) });
    renderWithProviders(<AnalyticsRoute />, { user: cdo, lng: 'en' });
    const byDepartment = await screen.findByRole('figure', { name: /By department/ });
    expect(within(byDepartment).getByText('Ordnungsamt')).toHaveAttribute('lang', 'de');
    expect(within(byDepartment).getByText('No department')).not.toHaveAttribute('lang');
    const byCampaign = screen.getByRole('figure', { name: /By campaign/ });
    expect(within(byCampaign).getByText('Saubere Innenstadt')).toHaveAttribute('lang', 'de');
    expect(within(byCampaign).getByText(/^No campaign|^Open idea box/)).not.toHaveAttribute('lang');
    expect(within(screen.getByRole('table', { name: 'By department' })).getByRole('rowheader', { name: 'Ordnungsamt' })).toHaveAttribute('lang', 'de');
    expect(within(screen.getByRole('table', { name: 'By department' })).getByRole('rowheader', { name: 'No department' })).not.toHaveAttribute('lang');
    expect(within(screen.getByRole('table', { name: 'By campaign' })).getByRole('rowheader', { name: 'Saubere Innenstadt' })).toHaveAttribute('lang', 'de');
    // An idea's title in an English sentence: the title alone is German.
    const sla = screen.getByRole('link', { name: /^Bänke am Markt – / });
    expect(within(sla).getByText('Bänke am Markt')).toHaveAttribute('lang', 'de');
    expect(sla).not.toHaveAttribute('lang');
  });

  it('marks nothing in the German UI (the page is German)', async () => {
    mockApi({ 'GET /analytics/funnel': () => json(named) });
    const { container } = renderWithProviders(<AnalyticsRoute />, { user: cdo });
    await screen.findByRole('figure', { name: /Nach Fachbereich/ });
    expect(container.querySelector('[lang]')).toBeNull();
  });
});
