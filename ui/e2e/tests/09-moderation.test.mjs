// Moderation: a citizen reports a comment; the CDO finds it in the moderation queue beside
// the demo's reported comment, hides the one with a reason everyone then sees, keeps the
// other — and finds both decisions in the audit log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demo, goto, launch, loginAs, newPage } from '../lib.mjs';

describe('moderation', { concurrency: false }, () => {
  let browser;
  let citizen;
  let cdo;
  let ideaPath;
  before(async () => {
    browser = await launch();
    citizen = await newPage(browser);
    await loginAs(citizen, demo('citizen'));
    cdo = await newPage(browser);
    await loginAs(cdo, demo('cdo'));
  });
  after(async () => {
    await browser?.close();
  });

  it('a citizen reports a comment in a discussion', async () => {
    await goto(citizen, '/ideas?q=Fahrradstellpl%C3%A4tze');
    await citizen.getByRole('link', { name: 'Mehr Fahrradstellplätze am Hauptbahnhof' }).first().click();
    await citizen.waitForURL(/\/ideas\/[^/]+$/);
    ideaPath = new URL(citizen.url()).pathname;
    const comment = citizen.locator('li.comment', { hasText: 'Ostseite' });
    await comment.getByRole('button', { name: 'Melden' }).click();
    const dialog = citizen.getByRole('dialog', { name: 'Kommentar melden' });
    await dialog.getByLabel(/^Was ist das Problem/).fill('Nennt einen Standort, den es so nicht gibt.');
    await dialog.getByRole('button', { name: 'Melden' }).click();
    await comment.getByText('Von Ihnen gemeldet').waitFor();
  });

  it('the CDO hides it with a reason, and keeps the demo case', async () => {
    // The board, the CDO's start, says that comments wait; Verwaltung opens on the queue.
    await goto(cdo, '/board');
    await cdo.getByText('2 gemeldete Kommentare warten auf Ihre Entscheidung.').waitFor();
    await goto(cdo, '/admin');
    await cdo.waitForURL(/\/admin\/moderation$/);
    await cdo.getByRole('link', { name: 'Moderation (2)' }).waitFor();
    await cdo.getByText('2 gemeldete Kommentare warten auf Ihre Entscheidung.').waitFor();
    const reported = cdo.getByRole('article', { name: 'Kommentar von Erik Mitarbeiter' });
    await reported.getByText('Nennt einen Standort, den es so nicht gibt.').waitFor();
    await checkA11y(cdo, 'moderation queue');

    await reported.getByRole('button', { name: /^Ausblenden …/ }).click();
    const dialog = cdo.getByRole('dialog', { name: 'Kommentar ausblenden' });
    await dialog.getByLabel(/^Begründung/).fill('Enthält irreführende Angaben.');
    await checkA11y(cdo, 'moderation hide dialog');
    await dialog.getByRole('button', { name: 'Ausblenden', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await reported.waitFor({ state: 'detached' });
    await cdo.getByText('1 gemeldeter Kommentar wartet auf Ihre Entscheidung.').waitFor();

    // The demo's sharp criticism stays: the reports are settled.
    const demoCase = cdo.getByRole('article', { name: 'Kommentar von Cem Bürger' });
    await demoCase.getByText('Unsachlich und pauschal – bitte prüfen.').waitFor();
    await demoCase.getByRole('button', { name: /^Behalten/ }).click();
    await cdo.getByText('Keine gemeldeten Kommentare – alles erledigt.').waitFor();
    await cdo.getByRole('link', { name: 'Moderation', exact: true }).waitFor();
  });

  it('everyone sees the reason where the comment was', async () => {
    await goto(citizen, ideaPath);
    await citizen.getByText('Dieser Kommentar wurde ausgeblendet: Enthält irreführende Angaben.').waitFor();
    assert.equal(await citizen.getByText(/Ostseite/).count(), 0);
  });

  it('the audit log shows both decisions, filtered by action', async () => {
    await goto(cdo, '/admin/audit');
    await cdo.getByRole('heading', { name: 'Verwaltung' }).waitFor();
    await cdo.getByLabel('Aktion').selectOption({ label: 'Kommentar ausgeblendet' });
    await cdo.getByRole('button', { name: 'Anzeigen' }).click();
    await cdo.waitForURL(/action=comment\.hide/);
    const row = cdo.getByRole('row').filter({ has: cdo.getByRole('rowheader', { name: 'Kommentar ausgeblendet' }) }).first();
    await row.getByText('Clara Digital (CDO)').waitFor();
    await row.getByText('Enthält irreführende Angaben.').waitFor();
    await checkA11y(cdo, 'audit log');
    await cdo.getByLabel('Aktion').selectOption({ label: 'Meldungen zurückgewiesen' });
    await cdo.getByRole('button', { name: 'Anzeigen' }).click();
    await cdo.getByRole('rowheader', { name: 'Meldungen zurückgewiesen' }).first().waitFor();
  });
});
