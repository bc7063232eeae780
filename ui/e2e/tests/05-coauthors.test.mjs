// Co-authors: an employee finds a colleague in the staff directory while writing an idea,
// the draft saves them, and the idea page names them.
import { after, before, describe, it } from 'node:test';
import { checkA11y, demo, goto, launch, loginAs, newPage } from '../lib.mjs';

describe('co-authors', { concurrency: false }, () => {
  let browser;
  let page;
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await loginAs(page, demo('employee'));
  });
  after(async () => {
    await browser?.close();
  });

  it('an employee adds a colleague as co-author, and the idea page names her', async () => {
    await goto(page, '/ideas/new');
    await page.getByLabel(/^Titel/).fill('Gemeinsames Ticketsystem für Hausmeister');
    await page.getByLabel(/^Kurzfassung/).fill('Meldungen aus allen Schulen an einer Stelle.');
    const search = page.getByRole('searchbox', { name: 'Kolleg*in suchen (Name)' });
    await search.fill('Gutach');
    await page.getByRole('button', { name: 'Rita Gutachterin hinzufügen' }).click();
    const chosen = page.getByRole('group', { name: 'Mitwirkende' });
    await chosen.getByRole('button', { name: 'Entfernen Rita Gutachterin' }).waitFor();
    await checkA11y(page, 'editor with co-author');
    // The directory does not find anyone by address.
    await search.fill('reviewer@ideenwerk');
    await page.getByText('0 Personen gefunden').waitFor();
    await page.getByText(/Gespeichert um/).waitFor();
    const id = new URL(page.url()).pathname.split('/')[2];
    await goto(page, `/ideas/${id}`);
    await page.getByText(/mit Rita Gutachterin/).waitFor();
    await goto(page, `/ideas/${id}/edit`);
    await page.getByRole('group', { name: 'Mitwirkende' }).getByRole('button', { name: 'Entfernen Rita Gutachterin' }).waitFor();
  });
});
