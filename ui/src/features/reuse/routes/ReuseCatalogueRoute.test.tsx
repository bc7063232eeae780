import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorEnvelope, findAlertWith, json, makeUser, mockApi, renderWithProviders } from '@/test/utils';
import type { ReuseKpi, ReuseProfile } from '@/types/api';
import { ReuseCatalogueRoute } from './ReuseCatalogueRoute';

const tenant = { id: 't-muenster', slug: 'muenster', name: 'Stadt Münster', branding: {}, features: ['local-login'] };

const profile = (over: Partial<ReuseProfile> = {}): ReuseProfile => ({
  format: 'ideenwerk.reuse-profile',
  version: '1.0',
  id: 'ext:Stadt Bielefeld.b1',
  municipality: { name: 'Stadt Bielefeld', tenantId: 'ext:Stadt Bielefeld' },
  ideaId: 'b1',
  title: 'Digitaler Posteingang',
  summary: 'Briefe werden gescannt und verteilt.',
  problem: 'Post braucht Tage.',
  solution: 'Zentraler **Scan-Dienst**.',
  expectedBenefit: '',
  targetGroups: ['staff'],
  tags: ['E-Akte'],
  results: {
    pilotStart: '2025-08-01T00:00:00Z',
    pilotEnd: '2026-04-30T23:59:59Z',
    budgetEur: 186000,
    kpis: [
      { name: 'Laufzeit bis zur Sachbearbeitung', unit: 'Tage', baseline: 3.5, target: 1, direction: 'decrease', result: 0.8, met: true },
      { name: 'Portokosten', unit: '€', baseline: 4200, target: 2500, direction: 'decrease', result: 2900, met: false },
    ],
    lessonsLearned: 'Früh mit dem Personalrat sprechen.',
  },
  departments: ['320 — Bürgeramt'],
  contact: { organisation: 'Stadt Bielefeld', name: 'Team Posteingang', email: 'post@bielefeld.example' },
  sourceUrl: null,
  publishedAt: '2026-06-01T00:00:00Z',
  updatedAt: '2026-06-01T00:00:00Z',
  ...over,
});

const own = profile({
  id: 't-muenster.m1',
  municipality: { name: 'Stadt Münster', slug: 'muenster', tenantId: 't-muenster' },
  ideaId: 'm1',
  title: 'Sperrmüll online anmelden',
  results: { kpis: [], lessonsLearned: '' },
});

const page = (items: ReuseProfile[], nextCursor: string | null = null, total = items.length) => json({ items, nextCursor, total });

function show(opts: { cdo?: boolean; routes?: Parameters<typeof mockApi>[0]; route?: string; lng?: 'de' | 'en' } = {}) {
  const api = mockApi({
    'GET /tenant': () => json(tenant),
    'GET /reuse-profiles': () => page([profile(), own]),
    ...opts.routes,
  });
  renderWithProviders(<ReuseCatalogueRoute />, {
    user: opts.cdo ? makeUser({ roles: ['employee', 'cdo'] }) : null,
    route: opts.route ?? '/reuse',
    path: '/reuse',
    lng: opts.lng,
    extraRoutes: [{ path: '/ideas/:id', element: <p>Seite der neuen Idee</p> }],
  });
  return api;
}

const catalogueCalls = (api: ReturnType<typeof mockApi>) => api.calls.filter((c) => c.path === '/reuse-profiles');

describe('ReuseCatalogueRoute', () => {
  it('shows each profile as an article with its results, contact and document, without import for visitors', async () => {
    show();
    expect(await screen.findByText('2 Profile gefunden')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Nachnutzungskatalog – Einer für alle' })).toBeInTheDocument();
    const card = screen.getByRole('article', { name: 'Digitaler Posteingang' });
    expect(within(card).getByText(/Stadt Bielefeld · Veröffentlicht am/)).toBeInTheDocument();
    const kpis = within(card).getByRole('table', { name: 'Kennzahlen von „Digitaler Posteingang“' });
    // The table scrolls on a phone: its focusable frame is named like the table.
    expect(within(card).getByRole('region', { name: 'Kennzahlen von „Digitaler Posteingang“' })).toHaveAttribute('tabindex', '0');
    const met = within(kpis).getByRole('row', { name: /Laufzeit bis zur Sachbearbeitung/ });
    expect(met).toHaveTextContent('3,5 Tage');
    expect(met).toHaveTextContent('0,8 Tage');
    expect(met).toHaveTextContent('höchstens 1 Tag');
    expect(met).not.toHaveTextContent('1 Tage');
    expect(met).toHaveTextContent('✓ Ja');
    expect(within(kpis).getByRole('row', { name: /Portokosten/ })).toHaveTextContent('✗ Nein');
    expect(within(card).getByText('186.000 €')).toBeInTheDocument();
    expect(within(card).getByText('Früh mit dem Personalrat sprechen.')).toBeInTheDocument();
    expect(within(card).getByText('320 — Bürgeramt')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'post@bielefeld.example' })).toHaveAttribute('href', 'mailto:post@bielefeld.example');
    // Problem and solution are folded away, named after the profile.
    expect(within(card).getByText('Problem und Lösung').closest('details')).not.toHaveAttribute('open');
    // The other municipality's document as a file; the own one from the API.
    const doc = within(card).getByRole('link', { name: '„Digitaler Posteingang“: Profil als JSON' });
    expect(doc.getAttribute('href')).toMatch(/^data:application\/json/);
    expect(JSON.parse(decodeURIComponent(doc.getAttribute('href')!.split(',').slice(1).join(',')))).toMatchObject({ id: 'ext:Stadt Bielefeld.b1' });
    expect(screen.getByRole('link', { name: '„Sperrmüll online anmelden“: Profil als JSON' })).toHaveAttribute('href', '/api/v1/ideas/m1/reuse-profile');
    expect(screen.queryByRole('button', { name: /übernehmen/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Profil aus Datei übernehmen' })).not.toBeInTheDocument();
  });

  it('searches through the URL and the API, and says when nothing was found', async () => {
    const user = userEvent.setup();
    const api = show({
      routes: { 'GET /reuse-profiles': (req) => (new URL(req.url).searchParams.get('q') ? page([]) : page([profile(), own])) },
    });
    await screen.findByText('2 Profile gefunden');
    await user.type(screen.getByRole('searchbox', { name: 'Katalog durchsuchen' }), 'Hundesteuer');
    expect(await screen.findByText('Keine Profile gefunden')).toBeInTheDocument();
    expect(screen.getByText('Versuchen Sie andere Suchbegriffe.')).toBeInTheDocument();
    expect(catalogueCalls(api).at(-1)!.url.searchParams.get('q')).toBe('Hundesteuer');
  });

  it('opens a shared link with its search, and loads the next page with the cursor', async () => {
    const user = userEvent.setup();
    const api = show({
      route: '/reuse?q=Post',
      routes: {
        'GET /reuse-profiles': (req) =>
          new URL(req.url).searchParams.get('cursor') === 'c2' ? page([own], null, 2) : page([profile()], 'c2', 2),
      },
    });
    expect(await screen.findByRole('searchbox')).toHaveValue('Post');
    await user.click(await screen.findByRole('button', { name: 'Weitere laden' }));
    expect(await screen.findByRole('article', { name: 'Sperrmüll online anmelden' })).toBeInTheDocument();
    expect(catalogueCalls(api).map((c) => [c.url.searchParams.get('q'), c.url.searchParams.get('cursor')])).toEqual([
      ['Post', null],
      ['Post', 'c2'],
    ]);
    expect(screen.queryByRole('button', { name: 'Weitere laden' })).not.toBeInTheDocument();
  });

  it('shows a failed load with a way to try again', async () => {
    const user = userEvent.setup();
    let fail = true;
    show({ routes: { 'GET /reuse-profiles': () => (fail ? errorEnvelope(503, 'unavailable', 'store down') : page([profile()])) } });
    expect(await screen.findByText(/Der Dienst ist gerade nicht erreichbar/)).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Erneut versuchen' }));
    expect(await screen.findByRole('article', { name: 'Digitaler Posteingang' })).toBeInTheDocument();
  });

  it('lets the CDO import another municipality’s profile and leads to the new idea', async () => {
    const user = userEvent.setup();
    const api = show({
      cdo: true,
      routes: {
        'POST /reuse-profiles/import': () =>
          json({ id: 'new-1', title: 'Digitaler Posteingang', stage: 'submitted', source: 'other_municipality', version: 1,
            origin: { municipality: 'Stadt Bielefeld', tenantId: 'ext:Stadt Bielefeld', ideaId: 'b1', profileUrl: null, importedAt: '2026-11-27T00:00:00Z' } }, 201),
      },
    });
    // Not the own municipality's profile: that one is marked instead.
    const ownCard = await screen.findByRole('article', { name: 'Sperrmüll online anmelden' });
    expect(within(ownCard).getByText('Profil Ihrer Kommune')).toBeInTheDocument();
    expect(within(ownCard).queryByRole('button')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '„Digitaler Posteingang“ übernehmen' }));
    expect(await screen.findByText('Seite der neuen Idee')).toBeInTheDocument();
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ profileId: 'ext:Stadt Bielefeld.b1' });
    expect(await screen.findByText('„Digitaler Posteingang“ wurde als neue Idee übernommen.')).toBeInTheDocument();
  });

  it('shows the CDO office which profiles it already imported, with a link to the idea', async () => {
    show({ cdo: true, routes: { 'GET /reuse-profiles': () => json({ items: [profile(), own], nextCursor: null, total: 2, imported: { 'ext:Stadt Bielefeld.b1': 'idea-7' } }) } });
    const card = await screen.findByRole('article', { name: 'Digitaler Posteingang' });
    expect(within(card).getByRole('link', { name: '„Digitaler Posteingang“ wurde bereits übernommen – zur Idee' })).toHaveAttribute('href', '/ideas/idea-7');
    expect(within(card).queryByRole('button', { name: /übernehmen/ })).not.toBeInTheDocument();
  });

  it('words the refusal of a second import in German, at the profile', async () => {
    const user = userEvent.setup();
    show({
      cdo: true,
      routes: {
        'POST /reuse-profiles/import': () =>
          json({ error: { code: 'conflict', message: 'your municipality has already imported this profile', reason: 'reuse_already_imported', requestId: 'r1' } }, 409),
      },
    });
    await user.click(await screen.findByRole('button', { name: '„Digitaler Posteingang“ übernehmen' }));
    const alert = await findAlertWith('Ihre Kommune hat dieses Profil schon übernommen.');
    expect(screen.getByRole('article', { name: 'Digitaler Posteingang' })).toContainElement(alert);
    expect(screen.queryByText('Seite der neuen Idee')).not.toBeInTheDocument();
  });

  it('imports a profile file of another Ideenwerk and lists what the format refused, readably', async () => {
    const user = userEvent.setup();
    let answer = () =>
      json({
        error: {
          code: 'invalid',
          message: 'the profile does not follow the reuse profile format (api/reuse-profile.schema.json)',
          fields: [
            { field: 'profile', message: "missing property 'format'" },
            { field: 'profile.title', message: 'minLength: got 1, want 5' },
            { field: 'profile.results.kpis.0', message: "missing properties 'unit', 'target'" },
            { field: 'profile.results.budgetEur', message: 'got string, want number or null' },
          ],
          requestId: 'r2',
        },
      }, 400);
    const api = show({ cdo: true, routes: { 'POST /reuse-profiles/import': () => answer() } });
    const file = await screen.findByLabelText('Profildatei (JSON)');
    const submit = screen.getByRole('button', { name: 'Profil übernehmen' });

    await user.click(submit);
    expect(file).toHaveAccessibleDescription(/Bitte wählen Sie zuerst eine Profildatei/);
    expect(file).toHaveFocus();

    await user.upload(file, new File(['{ kein json'], 'kaputt.json', { type: 'application/json' }));
    expect(await screen.findByText('Die Datei enthält kein gültiges JSON.')).toBeInTheDocument();

    const doc = { ...profile({ title: 'x' }), format: undefined };
    await user.upload(file, new File([JSON.stringify(doc)], 'profil.json', { type: 'application/json' }));
    expect(await screen.findByText('Ausgewählt: „x“ von Stadt Bielefeld')).toBeInTheDocument();
    await user.click(submit);
    const alert = await findAlertWith('Die Datei folgt nicht dem Format für Nachnutzungsprofile');
    expect(within(alert).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Formatkennung: Fehlt.',
      'Titel: Mindestens 5 Zeichen.',
      'Ergebnisse › Kennzahlen › 1. Eintrag › Einheit: Fehlt.',
      'Ergebnisse › Kennzahlen › 1. Eintrag › Zielwert: Fehlt.',
      'Ergebnisse › Budget: Falsche Art von Wert (erwartet: Zahl oder leer).',
    ]);
    expect(api.calls.find((c) => c.method === 'POST')!.body).toEqual({ profile: JSON.parse(JSON.stringify(doc)) });

    // The file of an own profile is refused with the rule's wording.
    answer = () =>
      json({ error: { code: 'conflict', message: 'this profile was published by your own municipality', reason: 'reuse_own_profile', requestId: 'r3' } }, 409);
    await user.click(submit);
    await findAlertWith('Dieses Profil hat Ihre eigene Kommune veröffentlicht.');
    await waitFor(() => expect(screen.queryByText(/folgt nicht dem Format/)).not.toBeInTheDocument());
  });
});

describe('ReuseCatalogueRoute day counts', () => {
  const days = (over: Partial<ReuseKpi>): ReuseKpi => ({ name: 'Bearbeitungszeit', unit: 'Tage', baseline: 2, target: 1, direction: 'decrease', result: 1, met: true, ...over });
  const withKpis = (kpis: ReuseKpi[]) => ({ 'GET /reuse-profiles': () => page([profile({ results: { ...profile().results, kpis } })]) });

  it('says one day and several days in German, and leaves other units as written', async () => {
    show({ routes: withKpis([days({}), days({ name: 'Portokosten', unit: '€', baseline: 1, target: 1, result: 1 })]) });
    const kpis = await screen.findByRole('table', { name: 'Kennzahlen von „Digitaler Posteingang“' });
    const row = within(kpis).getByRole('row', { name: /Bearbeitungszeit/ });
    expect([...row.querySelectorAll('td')].slice(0, 3).map((c) => c.textContent)).toEqual(['2 Tage', '1 Tag', 'höchstens 1 Tag']);
    expect(within(kpis).getByRole('row', { name: /Portokosten/ })).toHaveTextContent('höchstens 1 €');
  });

  it('says one day and several days in English, whichever language the profile wrote the unit in', async () => {
    show({ lng: 'en', routes: withKpis([days({ baseline: 0.8 }), days({ name: 'Wartezeit', unit: 'days', baseline: 3.5 })]) });
    const kpis = await screen.findByRole('table', { name: /Digitaler Posteingang/ });
    const tage = within(kpis).getByRole('row', { name: /Bearbeitungszeit/ });
    expect([...tage.querySelectorAll('td')].slice(0, 3).map((c) => c.textContent)).toEqual(['0.8 days', '1 day', 'at most 1 day']);
    expect(within(kpis).getByRole('row', { name: /Wartezeit/ })).toHaveTextContent('3.5 days');
  });
});

describe('ReuseCatalogueRoute: profiles in the English UI', () => {
  it('marks what the municipality wrote as German – title, summary, tags, KPIs, lessons, departments, the title in the KPI table’s name', async () => {
    show({ lng: 'en' });
    const card = await screen.findByRole('article', { name: 'Digitaler Posteingang' });
    const c = within(card);
    expect(c.getByRole('heading', { name: 'Digitaler Posteingang' })).toHaveAttribute('lang', 'de');
    expect(c.getByText('Briefe werden gescannt und verteilt.')).toHaveAttribute('lang', 'de');
    expect(c.getByText('E-Akte')).toHaveAttribute('lang', 'de');
    expect(c.getByText('Post braucht Tage.')).toHaveAttribute('lang', 'de');
    expect(c.getByText('Früh mit dem Personalrat sprechen.')).toHaveAttribute('lang', 'de');
    expect(c.getByText('320 — Bürgeramt')).toHaveAttribute('lang', 'de');
    // (jsdom's accessible names put spaces around the marked span; browsers do not.)
    const table = c.getByRole('table', { name: /^KPIs of “\s?Digitaler Posteingang\s?”$/ });
    const caption = table.querySelector('caption')!;
    expect(caption).not.toHaveAttribute('lang');
    expect(within(caption).getByText('Digitaler Posteingang')).toHaveAttribute('lang', 'de');
    expect(within(table).getByRole('rowheader', { name: 'Portokosten' })).toHaveAttribute('lang', 'de');
    // The catalogue's own words stay English.
    expect(c.getByRole('heading', { name: 'Lessons learned' })).not.toHaveAttribute('lang');
  });

  it('writes a percentage the English way in English, the German way in German', async () => {
    const pct = profile({ results: { kpis: [{ name: 'Online-Anteil', unit: '%', baseline: 20, target: 60, direction: 'increase', result: 74, met: true }], lessonsLearned: '' } });
    show({ lng: 'en', routes: { 'GET /reuse-profiles': () => page([pct]) } });
    const row = within(await screen.findByRole('table', { name: /^KPIs of/ })).getByRole('row', { name: /Online-Anteil/ });
    expect(within(row).getAllByRole('cell')[1]).toHaveTextContent(/^74%$/);
  });
});
