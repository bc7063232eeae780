import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, auditPage, checkA11y, goto, launch, newPage, waitForMail } from '../lib.mjs';

describe('public pages', () => {
  let browser;
  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });

  for (const [path, name] of [
    ['/', 'home'],
    ['/login', 'login'],
    ['/register', 'register'],
    ['/forgot-password', 'forgot-password'],
    ['/accessibility', 'accessibility-statement'],
    ['/no-such-page', 'not-found'],
  ]) {
    it(`${name} is accessible at desktop and phone width`, async () => {
      await auditPage(browser, path, name);
    });
  }

  it('shows the tenant in the header and the legal links in the footer', async () => {
    const page = await newPage(browser);
    await goto(page, '/');
    const res = await page.request.get(new URL('/api/v1/tenant', BASE_URL).toString());
    const tenant = await res.json();
    await assert.doesNotReject(page.getByRole('banner').getByText(tenant.name).waitFor());
    const footer = page.getByRole('contentinfo');
    assert.equal(await footer.getByRole('link', { name: 'Barrierefreiheit' }).count(), 1);
    if (tenant.branding.imprintUrl) assert.equal(await footer.getByRole('link', { name: 'Impressum' }).getAttribute('href'), tenant.branding.imprintUrl);
    if (tenant.branding.privacyUrl) assert.equal(await footer.getByRole('link', { name: 'Datenschutz' }).getAttribute('href'), tenant.branding.privacyUrl);
    await page.context().close();
  });

  it('switches to English and remembers it across reloads', async () => {
    const page = await newPage(browser);
    await goto(page, '/login');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.reload({ waitUntil: 'networkidle' });
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.context().close();
  });

  it('answers a visitor without a failed request: no session renewal is tried without a session', async () => {
    const page = await newPage(browser);
    const failed = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    await goto(page, '/');
    await goto(page, '/ideas');
    assert.deepEqual(failed, []);
    await page.context().close();
  });

  it('serves deep links to the SPA', async () => {
    const page = await newPage(browser);
    await goto(page, '/accessibility');
    await page.getByRole('heading', { level: 1, name: 'Erklärung zur Barrierefreiheit' }).waitFor();
    await page.getByRole('heading', { name: /Barriere melden/ }).waitFor();
    await page.context().close();
  });

  it("a visitor reports a barrier through the form, and the city's contact address gets it", async () => {
    const page = await newPage(browser);
    await goto(page, '/accessibility');
    const marker = `Kalender ${Date.now() % 100000}`;
    await page.getByLabel(/^Welche Barriere/).fill(`Der ${marker} lässt sich nicht mit der Tastatur bedienen.`);
    await page.getByLabel(/^Auf welcher Seite/).fill('/campaigns/new');
    await page.getByLabel(/^Ihre E-Mail-Adresse für eine Antwort/).fill('besucherin@e2e.example');
    await checkA11y(page, 'barrier feedback form');
    await page.getByRole('button', { name: 'Meldung senden' }).click();
    await page.getByText(/^Danke! Ihre Meldung ist an innovation@ideenwerk\.example gegangen\.$/).waitFor();
    const { mail } = await waitForMail('innovation@ideenwerk.example', new RegExp(marker));
    assert.match(mail.text, /besucherin@e2e\.example/);
    await page.context().close();
  });
});
