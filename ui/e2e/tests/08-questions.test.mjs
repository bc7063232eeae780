// "Needs information": the CDO sends a submitted idea back with questions; its author reads
// them on the idea page, adds to the idea and sends an answer, which returns the idea to
// screening; the CDO reads the answer in the history.
import { after, before, describe, it } from 'node:test';
import { checkA11y, demo, goto, launch, loginAs, newPage } from '../lib.mjs';

describe('questions to the author', { concurrency: false }, () => {
  let browser;
  let author;
  let cdo;
  let ideaId;
  const title = `Trinkwasserspender im Rathaus ${Date.now() % 100000}`;
  before(async () => {
    browser = await launch();
    author = await newPage(browser);
    await loginAs(author, demo('employee'));
    cdo = await newPage(browser);
    await loginAs(cdo, demo('cdo'));
  });
  after(async () => {
    await browser?.close();
  });

  async function move(option, fill = async () => {}) {
    await goto(cdo, `/ideas/${ideaId}`);
    await cdo.getByRole('button', { name: 'In Phase verschieben …' }).click();
    const dialog = cdo.getByRole('dialog');
    await dialog.getByRole('radio', { name: option }).check();
    await fill(dialog);
    await dialog.getByRole('button', { name: 'Verschieben', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  it('the author submits, and the CDO sends the idea back with questions', async () => {
    await goto(author, '/ideas/new');
    await author.getByLabel(/^Titel/).fill(title);
    await author.getByLabel(/^Kurzfassung/).fill('Gekühltes Leitungswasser für Besucherinnen und Beschäftigte.');
    await author.getByText(/Gespeichert um/).waitFor();
    await author.waitForURL(/\/ideas\/[^/]+\/edit$/);
    await author.getByLabel(/^Beschreibung/).fill('Zwei Spender im Foyer statt Wasserflaschen.');
    await author.getByText(/Gespeichert um/).waitFor();
    await author.getByRole('button', { name: 'Idee einreichen' }).click();
    await author.getByRole('alertdialog').getByRole('button', { name: 'Idee einreichen' }).click();
    await author.waitForURL(/\/ideas\/[^/]+$/);
    ideaId = new URL(author.url()).pathname.split('/').pop();

    await move(/→ Sichtung$/);
    await move(/^Rückfrage an die Einreichenden/, async (dialog) => {
      await dialog.getByLabel(/^Rückfragen an die einreichende Person/).fill('Wer wartet die Geräte, und was kostet das im Jahr?');
    });
    await cdo.getByText('Wartet auf die Antwort der Einreichenden').waitFor();
  });

  it('the author reads the questions, adds to the idea and answers; the idea is back in screening', async () => {
    await goto(author, `/ideas/${ideaId}`);
    await author.getByText('Rückfragen des Innovationsbüros').waitFor();
    await author.locator('blockquote', { hasText: 'Wer wartet die Geräte, und was kostet das im Jahr?' }).waitFor();
    await checkA11y(author, 'idea page with questions');

    await author.getByRole('link', { name: 'Idee ergänzen' }).click();
    await author.getByLabel('Erwarteter Nutzen').fill('Weniger Plastikflaschen; Wartung durch die Stadtwerke.');
    await author.getByRole('button', { name: 'Änderungen speichern' }).click();
    await author.waitForURL(new RegExp(`/ideas/${ideaId}$`));
    await author.getByText('Weniger Plastikflaschen; Wartung durch die Stadtwerke.').waitFor();

    await author.getByRole('button', { name: 'Antwort senden' }).click();
    const dialog = author.getByRole('dialog', { name: 'Antwort senden' });
    await dialog.getByLabel(/^Ihre Antwort/).fill('Die Stadtwerke warten sie; rund 600 Euro im Jahr.');
    await checkA11y(author, 'answer dialog');
    await dialog.getByRole('button', { name: 'Antwort senden' }).click();
    await author.getByText('Antwort gesendet. Die Idee ist wieder in der Sichtung.').waitFor();
    await author.locator('.badge', { hasText: 'Sichtung' }).first().waitFor();
    await author.getByText('Rückfragen des Innovationsbüros').waitFor({ state: 'detached' });
  });

  it('the CDO reads the answer in the history', async () => {
    await goto(cdo, `/ideas/${ideaId}`);
    const history = cdo.getByRole('region', { name: 'Verlauf und Entscheidungen' });
    await history.getByText('Eingereicht → Sichtung', { exact: true }).last().waitFor();
    await history.getByText(/Die Stadtwerke warten sie; rund 600 Euro im Jahr\./).waitFor();
  });
});
