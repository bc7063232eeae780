// The reuse catalogue ("Einer für alle"): a signed-out visitor finds the neighbour city's
// profile from the navigation; the demo CDO imports it, lands on the new idea, which names
// its origin, and a second import is refused in German.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditHere, demo, goto, launch, loginAs, newPage } from '../lib.mjs';

const TITLE = 'Digitaler Posteingang mit automatischer Verteilung';

describe('06-reuse: the reuse catalogue', { concurrency: false }, () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('a visitor opens the catalogue from the navigation and finds the neighbour city’s profile', async () => {
    const page = await newPage(browser);
    try {
      await goto(page, '/');
      await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachnutzung' }).click();
      await page.getByRole('heading', { level: 1, name: 'Nachnutzungskatalog – Einer für alle' }).waitFor();
      assert.match(await page.title(), /^Nachnutzungskatalog – Einer für alle – /);
      // Signed out: nothing to import.
      await page.getByRole('article').first().waitFor();
      assert.equal(await page.getByRole('button', { name: /übernehmen/ }).count(), 0);

      const searched = page.waitForResponse((r) => r.url().includes('/api/v1/reuse-profiles?') && r.url().includes('q=Posteingang'));
      await page.getByRole('searchbox', { name: 'Katalog durchsuchen' }).fill('Posteingang');
      await page.waitForURL((u) => u.searchParams.get('q') === 'Posteingang');
      await searched;
      await page.getByText('1 Profil gefunden').waitFor();
      const card = page.getByRole('article', { name: TITLE });
      await card.getByText(/^Stadt Bielefeld · Veröffentlicht am/).waitFor();
      const kpis = card.getByRole('table', { name: `Kennzahlen von „${TITLE}“` });
      await kpis.getByRole('row', { name: /Automatisch richtig zugeordnete Schreiben/ }).getByText('✓ Ja').waitFor();
      await kpis.getByRole('row', { name: /Kosten für Papier, Porto und Hauspost/ }).getByText('✗ Nein').waitFor();
      assert.equal(await card.getByRole('link', { name: 'digitalisierung@bielefeld.example' }).getAttribute('href'), 'mailto:digitalisierung@bielefeld.example');
      const doc = await card.getByRole('link', { name: `„${TITLE}“: Profil als JSON` }).getAttribute('href');
      assert.match(doc, /^data:application\/json/);
      // Problem and solution unfold from the keyboard.
      const summary = card.getByText('Problem und Lösung', { exact: true });
      await summary.focus();
      await page.keyboard.press('Enter');
      await card.getByRole('heading', { level: 3, name: 'Lösung' }).waitFor();
      await auditHere(page, 'reuse-catalogue');

      // A search without hits says so.
      await page.getByRole('searchbox', { name: 'Katalog durchsuchen' }).fill('Hundesteuer Kolibri');
      await page.getByText('Keine Profile gefunden').waitFor();
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });

  it('the CDO imports the profile, lands on the new idea, and the catalogue then leads there', async () => {
    const page = await newPage(browser);
    try {
      await loginAs(page, demo('cdo'));
      await goto(page, '/reuse?q=Posteingang');
      const importButton = page.getByRole('button', { name: `„${TITLE}“ übernehmen` });
      await importButton.waitFor();
      // The city's own profile is marked as such, without an import.
      await goto(page, '/reuse');
      const own = page.getByRole('article').filter({ hasText: 'Profil Ihrer Kommune' });
      assert.equal(await own.count(), 1);
      assert.equal(await own.getByRole('button').count(), 0);
      await page.getByRole('heading', { name: 'Profil aus Datei übernehmen' }).waitFor();
      await auditHere(page, 'reuse-catalogue-cdo');

      await importButton.click();
      await page.waitForURL(/\/ideas\/[^/]+$/);
      await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
      await page.getByText(/^Übernommen von Stadt Bielefeld am /).waitFor();
      await page.getByText(`„${TITLE}“ wurde als neue Idee übernommen.`).waitFor();
      await page.getByText('Eingereicht', { exact: true }).first().waitFor();

      const ideaPath = new URL(page.url()).pathname;

      // Back in the catalogue, the profile is marked as imported and leads to the idea.
      await page.goBack();
      const card = page.getByRole('article', { name: TITLE });
      const done = card.getByRole('link', { name: `„${TITLE}“ wurde bereits übernommen – zur Idee` });
      await done.waitFor();
      assert.equal(await done.getAttribute('href'), ideaPath);
      assert.equal(await card.getByRole('button', { name: `„${TITLE}“ übernehmen` }).count(), 0);
      assert.match(new URL(page.url()).pathname, /^\/reuse$/);
      assert.deepEqual(page.problems, []);
    } finally {
      await page.context().close();
    }
  });
});
