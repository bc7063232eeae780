import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demo, goto, launch, loginAs, logout, newPage, screenshot, submitPatiently, uniqueEmail, waitForMail } from '../lib.mjs';

describe('accounts', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  it('registers a citizen, verifies the e-mail through the link and signs in', async () => {
    const page = await newPage(browser);
    const email = uniqueEmail('citizen');
    const password = 'e2e-Buerger-Passwort-1';
    await goto(page, '/register');
    await page.getByLabel(/Anzeigename/).fill('Clara Citizen');
    await page.getByLabel(/E-Mail-Adresse/).fill(email);
    await page.getByLabel(/^Passwort\*?$/).fill(password);
    await page.getByRole('checkbox', { name: /Datenschutzhinweise/ }).check();
    const started = Date.now() - 1000;
    await submitPatiently(page, page.getByRole('button', { name: 'Konto anlegen' }), page.getByText(email));
    await checkA11y(page, 'registration done');

    const { match } = await waitForMail(email, /https?:\/\/\S+\/verify\?token=[\w.~%-]+/, { after: started });
    await page.goto(match[0], { waitUntil: 'networkidle' });
    await page.getByText(/Ihre E-Mail-Adresse ist bestätigt/).waitFor({ timeout: 90_000 });
    await screenshot(page, 'verify-done-desktop');

    await loginAs(page, email, password);
    await page.getByRole('button', { name: /Benutzermenü/ }).getByText('Clara Citizen').waitFor();

    // And deletes the account again: back on the home page, signed out, told so.
    await goto(page, '/profile');
    await page.getByRole('button', { name: 'Konto endgültig löschen' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Konto wirklich löschen?' });
    await confirm.getByLabel(/^Passwort/).fill(password);
    await confirm.getByRole('button', { name: 'Konto endgültig löschen' }).click();
    await page.getByText('Ihr Konto wurde gelöscht.').waitFor();
    await page.getByRole('link', { name: 'Anmelden' }).first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.context().close();
  });

  it('resets a forgotten password through the e-mail link', async () => {
    const page = await newPage(browser);
    const email = uniqueEmail('forgetful');
    const first = 'e2e-first-password-1';
    const second = 'e2e-second-password-2';
    // A verified account to start with, made through the UI as above.
    await goto(page, '/register');
    await page.getByLabel(/Anzeigename/).fill('Frida Forgetful');
    await page.getByLabel(/E-Mail-Adresse/).fill(email);
    await page.getByLabel(/^Passwort\*?$/).fill(first);
    await page.getByRole('checkbox', { name: /Datenschutzhinweise/ }).check();
    let started = Date.now() - 1000;
    await submitPatiently(page, page.getByRole('button', { name: 'Konto anlegen' }), page.getByText(email));
    const verify = await waitForMail(email, /https?:\/\/\S+\/verify\?token=[\w.~%-]+/, { after: started });
    await page.goto(verify.match[0], { waitUntil: 'networkidle' });
    await page.getByText(/Ihre E-Mail-Adresse ist bestätigt/).waitFor({ timeout: 90_000 });

    await goto(page, '/login');
    await page.getByRole('link', { name: 'Passwort vergessen?' }).click();
    // The page is loaded lazily: fill its field, not the login form's that is still shown.
    await page.waitForURL(/\/forgot-password$/);
    await page.getByRole('button', { name: 'Link anfordern' }).waitFor();
    await page.getByLabel(/E-Mail-Adresse/).fill(email);
    started = Date.now() - 1000;
    await submitPatiently(page, page.getByRole('button', { name: 'Link anfordern' }), page.getByText(/eine E-Mail unterwegs/));
    const reset = await waitForMail(email, /https?:\/\/\S+\/reset-password\?token=[\w.~%-]+/, { after: started });
    await page.goto(reset.match[0], { waitUntil: 'networkidle' });
    await checkA11y(page, 'reset password');
    await page.getByLabel(/^Neues Passwort\*?$/).fill(second);
    await submitPatiently(page, page.getByRole('button', { name: 'Passwort speichern' }), page.getByText(/Ihr Passwort wurde geändert/));

    await loginAs(page, email, second);
    await logout(page);
    await page.context().close();
  });

  it('rejects a wrong password with a clear message', async () => {
    const page = await newPage(browser);
    await goto(page, '/login');
    await page.getByLabel(/E-Mail-Adresse/).fill(demo('employee'));
    await page.getByLabel(/^Passwort\*?$/).fill('definitely-wrong-password');
    await submitPatiently(page, page.getByRole('button', { name: 'Anmelden' }), page.getByText('E-Mail-Adresse oder Passwort stimmen nicht.'));
    await checkA11y(page, 'login failed');
    await page.context().close();
  });

  for (const [role, nav] of [
    ['citizen', ['Ideen', 'Meine Ideen']],
    ['employee', ['Ideen', 'Ideenaufrufe']],
    ['reviewer', ['Bewertungen']],
    ['cdo', ['Steuerung', 'Auswertung']],
    ['admin', ['Verwaltung']],
  ]) {
    it(`${role} signs in, sees the role's navigation and stays signed in after a reload`, async () => {
      const page = await newPage(browser);
      await loginAs(page, demo(role));
      const navigation = page.getByRole('navigation', { name: 'Hauptnavigation' });
      for (const label of nav) await navigation.getByRole('link', { name: label, exact: true }).waitFor();
      if (role === 'citizen') assert.equal(await navigation.getByRole('link', { name: 'Steuerung' }).count(), 0);
      // The access token lives in memory only: a reload must restore the session from the cookie.
      await page.reload({ waitUntil: 'networkidle' });
      await page.getByRole('button', { name: /Benutzermenü/ }).waitFor();
      assert.equal(await page.evaluate(() => JSON.stringify(localStorage).includes('eyJ')), false, 'token must not be in localStorage');
      await checkA11y(page, `home as ${role}`);
      await logout(page);
      // After logout, a reload stays signed out (the refresh cookie was revoked).
      await page.reload({ waitUntil: 'networkidle' });
      await page.getByRole('link', { name: 'Anmelden' }).first().waitFor();
      await page.context().close();
    });
  }
});
