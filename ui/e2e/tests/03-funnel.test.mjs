// The whole funnel through the UI, as the issue asks: a citizen registers and verifies, submits
// an idea; the CDO screens it and assigns two reviewers; both score it; the CDO decides, starts
// a pilot with a plan and the checklist, records a measurement, and rolls it out. Every main
// page on the way is checked with axe and photographed at desktop and phone width.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { auditHere, checkA11y, demo, goto, launch, loginAs, newPage, screenshot, submitPatiently, uniqueEmail, waitForMail } from '../lib.mjs';

const isoDay = (offset) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);

describe('the funnel, end to end through the UI', { concurrency: false }, () => {
  let browser;
  let ideaId;
  const title = `Sitzbänke mit Solarladestation ${Date.now().toString(36)}`;
  const pages = {};

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  // On failure, keep a picture of every open page: the fastest way to see what went wrong.
  afterEach(async (t) => {
    if (t.passed === false || t.error) {
      for (const [role, p] of Object.entries(pages)) await screenshot(p, `FAILED-${t.name.slice(0, 30).replace(/\W+/g, "-")}-${role}`).catch(() => {});
    }
  });

  async function pageFor(role) {
    if (!pages[role]) {
      pages[role] = await newPage(browser);
      await loginAs(pages[role], demo(role));
    }
    return pages[role];
  }

  /** Opens the idea's gate dialog, picks the target, lets `fill` answer the gate, confirms. */
  async function moveIdea(page, target, fill = async () => {}) {
    await goto(page, `/ideas/${ideaId}`);
    await page.getByRole('button', { name: 'In Phase verschieben …' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: new RegExp(`→ ${target}$`) }).check();
    await fill(dialog);
    await dialog.getByRole('button', { name: 'Verschieben', exact: true }).click();
    await page.getByText(new RegExp(`ist jetzt in der Phase „${target}“`)).waitFor();
    await dialog.waitFor({ state: 'detached' });
  }

  it('a new citizen registers, verifies the address and submits an idea', async () => {
    const page = await newPage(browser);
    pages.citizen = page;
    const email = uniqueEmail('funnel-citizen');
    const password = 'e2e-Funnel-Passwort-7';
    await goto(page, '/register');
    await page.getByLabel(/Anzeigename/).fill('Berta Bürgerin');
    await page.getByLabel(/E-Mail-Adresse/).fill(email);
    await page.getByLabel(/^Passwort\*?$/).fill(password);
    await page.getByRole('checkbox', { name: /Datenschutzhinweise/ }).check();
    const started = Date.now() - 1000;
    await submitPatiently(page, page.getByRole('button', { name: 'Konto anlegen' }), page.getByText(email));
    const { match } = await waitForMail(email, /https?:\/\/\S+\/verify\?token=[\w.~%-]+/, { after: started });
    await page.goto(match[0], { waitUntil: 'networkidle' });
    await page.getByText(/Ihre E-Mail-Adresse ist bestätigt/).waitFor({ timeout: 90_000 });
    await loginAs(page, email, password);

    await goto(page, '/ideas/new');
    await page.getByLabel(/^Titel/).fill(title);
    await page.getByLabel(/^Kurzfassung/).fill('Bänke im Park, an denen man Handy und E-Bike mit Sonnenstrom laden kann.');
    // The draft saves itself and the address becomes the draft's.
    await page.getByText(/Gespeichert um/).waitFor();
    await page.waitForURL(/\/ideas\/[^/]+\/edit$/);
    await page.getByLabel(/^Beschreibung/).fill('## Vorschlag\n\nFünf Pilotbänke am Aasee mit **Solarmodul** und USB-Anschluss.');
    await page.getByLabel('Welches Problem löst die Idee?').fill('Unterwegs gibt es kaum Lademöglichkeiten.');
    await page.getByRole('checkbox', { name: 'Bürgerinnen und Bürger' }).check();
    await page.getByLabel(/^Schlagworte/).fill('Energie, Klima');
    await auditHere(page, 'idea-editor');
    await page.getByRole('button', { name: 'Idee einreichen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Idee einreichen' }).click();
    await page.waitForURL(/\/ideas\/[^/]+$/);
    ideaId = new URL(page.url()).pathname.split('/').pop();
    console.log('# idea page', page.url());
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    assert.equal(await page.locator('.badge', { hasText: 'Eingereicht' }).count() > 0, true);
    await auditHere(page, 'idea-page-citizen');

    await goto(page, '/my-ideas');
    await page.getByRole('link', { name: title }).waitFor();
    await auditHere(page, 'my-ideas');
  });

  it('the CDO finds it on the board and screens it', async () => {
    const page = await pageFor('cdo');
    await goto(page, '/board');
    const column = page.getByRole('region', { name: /Eingereicht/ });
    await column.getByRole('link', { name: title }).waitFor();
    await auditHere(page, 'board');
    // Keyboard path on the board: focus the card's "Verschieben" button and press Enter.
    await column.getByRole('button', { name: `„${title}“ verschieben` }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /→ Sichtung$/ }).check();
    await checkA11y(page, 'gate dialog');
    await dialog.getByRole('button', { name: 'Verschieben', exact: true }).click();
    await page.getByText(/ist jetzt in der Phase „Sichtung“/).waitFor();
    await page.getByRole('region', { name: /Sichtung/ }).getByRole('link', { name: title }).waitFor();
  });

  it('the CDO sends it to evaluation with two reviewers', async () => {
    const page = await pageFor('cdo');
    await moveIdea(page, 'Bewertung', async (dialog) => {
      const reviewers = dialog.getByRole('group', { name: 'Gutachtende' }).getByRole('checkbox');
      await reviewers.first().waitFor();
      assert.ok((await reviewers.count()) >= 2, 'at least two reviewers to choose from');
      await reviewers.nth(0).check();
      await reviewers.nth(1).check();
    });
    // Deciding before the reviews are in: the API refuses, and the dialog says why in German
    // (the API's reason, worded by the catalogue), not in the API's English.
    await page.getByRole('button', { name: 'In Phase verschieben …' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /→ Entscheidung$/ }).check();
    await dialog.getByRole('button', { name: 'Verschieben', exact: true }).click();
    await dialog.getByText('Abgegeben sind 0 von 2 Bewertungen. Warten Sie auf die übrigen oder entscheiden Sie mit Begründung vorab.').waitFor();
    assert.equal(await dialog.getByText(/reviews are submitted/).count(), 0);
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  for (const [role, score] of [
    ['reviewer', '4 – gut'],
    ['reviewer2', '5 – sehr gut'],
  ]) {
    it(`${role} declares no conflict of interest and scores it`, async () => {
      const page = await pageFor(role);
      await goto(page, '/reviews');
      await page.getByRole('link', { name: title }).click();
      await page.getByText('Die Bewertungen der anderen sehen Sie erst, nachdem Sie Ihre eigene abgegeben haben.').waitFor();
      await page.getByRole('radio', { name: 'Ich erkläre, dass kein Interessenkonflikt besteht.' }).check();
      const choices = page.getByRole('radio', { name: score });
      await choices.first().waitFor();
      const n = await choices.count();
      assert.ok(n >= 3, 'one scale per criterion');
      for (let i = 0; i < n; i++) await choices.nth(i).check();
      await page.getByRole('radio', { name: 'Umsetzen', exact: true }).check();
      await page.getByRole('radio', { name: 'sehr sicher' }).check();
      await auditHere(page, `review-form-${role}`);
      await page.getByRole('button', { name: 'Bewertung abgeben' }).click();
      await page.getByText('Danke! Ihre Bewertung ist abgegeben.').first().waitFor();
      // Submitted: the review stays editable, and the others' reviews show, without names.
      await page.getByRole('button', { name: 'Bewertung aktualisieren' }).waitFor();
      if (role === 'reviewer2') {
        await page.getByRole('heading', { name: 'Bewertung 1', level: 3 }).waitFor();
        assert.equal(await page.getByText('Robert Prüfer').count(), 0, 'blind: no reviewer names for reviewers');
        await auditHere(page, 'review-form-submitted');
      }
      if (role === 'reviewer') {
        await goto(page, '/reviews');
        await auditHere(page, 'review-queue');
      }
    });
  }

  it('the CDO sees the score, decides and starts a pilot with plan and checklist', async () => {
    const page = await pageFor('cdo');
    await goto(page, `/ideas/${ideaId}`);
    await page.getByRole('heading', { name: 'Bewertungsergebnis' }).waitFor();
    // The CDO reads each review, with its reviewer, before deciding.
    const single = page.getByRole('region', { name: 'Einzelne Bewertungen' });
    await single.getByRole('heading', { name: 'Robert Prüfer', level: 3 }).waitFor();
    await single.getByRole('heading', { name: 'Rita Gutachterin', level: 3 }).waitFor();
    assert.equal(await single.getByText('Umsetzen').count(), 2, 'both recommendations');
    await moveIdea(page, 'Entscheidung');
    await moveIdea(page, 'Pilot', async (dialog) => {
      const owner = dialog.getByLabel(/^Verantwortlich\*?$/);
      await owner.locator('option').nth(1).waitFor({ state: 'attached' });
      await owner.selectOption({ index: 1 });
      await dialog.getByLabel(/^Verantwortlicher Fachbereich/).selectOption({ index: 1 });
      // The pilot starts today: its first report is measured today (no measurement predates a pilot).
      await dialog.getByLabel(/^Beginn/).fill(isoDay(0));
      await dialog.getByLabel(/^Ende/).fill(isoDay(120));
      await dialog.getByLabel(/^Budget in Euro/).fill('12000');
      await dialog.getByLabel(/^Name/).fill('Ladevorgänge pro Woche');
      await dialog.getByLabel(/^Einheit/).fill('Anzahl');
      await dialog.getByLabel(/^Ausgangswert/).fill('0');
      await dialog.getByLabel(/^Zielwert/).fill('50');
      const yes = dialog.getByRole('radio', { name: 'Ja', exact: true });
      for (let i = 0; i < (await yes.count()); i++) await yes.nth(i).check();
    });
    await page.getByRole('link', { name: 'Pilot ansehen' }).click();
    await page.getByRole('heading', { name: 'Pilotplan' }).waitFor();
    await page.getByLabel(/^Was ist passiert\?/).fill('Erste Bank steht, Nutzung gut.');
    await page.getByLabel(/^Messwert Ladevorgänge pro Woche/).fill('31');
    await page.getByRole('button', { name: 'Bericht hinzufügen' }).click();
    await page.getByText('Erste Bank steht, Nutzung gut.').waitFor();
    await page.getByText(/Aktuell: 31/).waitFor();
    await auditHere(page, 'pilot');
  });

  it('the CDO closes the pilot with results and rolls it out', async () => {
    const page = await pageFor('cdo');
    await moveIdea(page, 'Einführung', async (dialog) => {
      await dialog.getByLabel(/^Erreichter Wert/).fill('55');
      await dialog.getByLabel(/^Erkenntnisse/).fill('Hohe Nachfrage, robuste Technik.');
      await dialog.getByRole('group', { name: 'Fachbereiche für die Einführung' }).getByRole('checkbox').first().check();
    });
    await goto(page, `/ideas/${ideaId}`);
    const history = page.getByRole('region', { name: 'Verlauf und Entscheidungen' });
    for (const step of ['Eingereicht → Sichtung', 'Sichtung → Bewertung', 'Bewertung → Entscheidung', 'Entscheidung → Pilot', 'Pilot → Einführung']) {
      await history.getByText(step, { exact: true }).waitFor();
    }
    await auditHere(page, 'idea-page-cdo');
  });

  it('the reviewer finds the idea among the done assignments, not the open ones', async () => {
    const page = await pageFor('reviewer');
    await goto(page, '/reviews');
    const tabs = page.getByRole('navigation', { name: 'Zuweisungen nach Stand' });
    await tabs.getByRole('link', { name: 'Nicht mehr in Bewertung' }).click();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) });
    await item.getByText('Abgegeben').waitFor();
    await item.getByText('Einführung').waitFor();
    await auditHere(page, 'review-queue-done');
    await tabs.getByRole('link', { name: 'In Bewertung', exact: true }).click();
    await tabs.locator('a[aria-current="page"]', { hasText: /^In Bewertung$/ }).waitFor();
    await page.locator('.idea-card, .empty').first().waitFor();
    assert.equal(await page.getByRole('link', { name: title }).count(), 0, 'the rolled-out idea is no longer open');
  });

  it('the author sees the new stage and the decisions', async () => {
    const page = pages.citizen;
    await goto(page, `/ideas/${ideaId}`);
    await page.locator('.badge', { hasText: 'Einführung' }).first().waitFor();
    const history = page.getByRole('region', { name: 'Verlauf und Entscheidungen' });
    await history.getByText('Pilot → Einführung', { exact: true }).waitFor();
    // The decision record's details: the results and lessons of the pilot.
    const entry = history.getByRole('listitem').filter({ hasText: 'Pilot → Einführung' });
    await entry.locator('summary').click();
    await entry.getByText('Hohe Nachfrage, robuste Technik.').waitFor();
    // The aggregated review feedback, without reviewers' names.
    const feedback = page.getByRole('region', { name: 'Rückmeldung aus der Bewertung' });
    await feedback.waitFor();
    assert.equal(await feedback.getByText(/Robert Prüfer|Rita Gutachterin/).count(), 0);
    await auditHere(page, 'idea-page-author');
  });

  it('the author finds the stage changes among the notifications, marks them read and follows one', async () => {
    const page = pages.citizen;
    // The dispatcher delivers in the background; the page reads the inbox when it opens.
    const rolledOut = page.getByRole('link', { name: `„${title}“: neue Phase Einführung` });
    for (let tries = 0; ; tries++) {
      await goto(page, '/notifications');
      await page.getByRole('heading', { level: 1, name: 'Benachrichtigungen' }).waitFor();
      await page.locator('.idea-list, .empty, [role="alert"]').first().waitFor();
      if ((await rolledOut.count()) > 0) break;
      assert.ok(tries < 30, 'the rollout was not among the notifications within 30 s');
      await page.waitForTimeout(1000);
    }
    await page.getByRole('link', { name: `„${title}“: neue Phase Sichtung` }).waitFor();
    const item = page.locator('li', { has: rolledOut });
    assert.match(await item.textContent(), /ungelesen/);
    await auditHere(page, 'notifications-author');
    await page.getByRole('button', { name: 'Alle als gelesen markieren' }).click();
    await page.getByText('Alle Benachrichtigungen sind gelesen.').waitFor();
    await page.getByRole('button', { name: 'Alle als gelesen markieren' }).waitFor({ state: 'detached' });
    assert.doesNotMatch(await item.textContent(), /ungelesen/);
    await rolledOut.click();
    await page.waitForURL(`**/ideas/${ideaId}`);
    await page.locator('.badge', { hasText: 'Einführung' }).first().waitFor();
  });

  it('the main staff pages are accessible', async () => {
    const page = await pageFor('cdo');
    for (const [path, name, heading] of [
      ['/ideas', 'ideas', 'Ideen'],
      ['/campaigns', 'campaigns', 'Ideenaufrufe'],
      ['/analytics', 'analytics', 'Auswertung'],
      ['/admin/criteria', 'admin-criteria', 'Verwaltung'],
      ['/admin/checklist', 'admin-checklist', 'Verwaltung'],
      ['/profile', 'profile', 'Profil und Einstellungen'],
      ['/notifications', 'notifications', 'Benachrichtigungen'],
      ['/public/ideas', 'transparency', 'Transparenz: öffentliche Ideen'],
    ]) {
      await goto(page, path);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await auditHere(page, name);
    }
    const admin = await pageFor('admin');
    for (const [path, name] of [
      ['/admin/users', 'admin-users'],
      ['/admin/departments', 'admin-departments'],
      ['/admin/outbox', 'admin-outbox'],
    ]) {
      await goto(admin, path);
      await admin.locator('table, .stat').first().waitFor();
      await auditHere(admin, name);
    }
  });
});
