// Helpers shared by the browser tests: Chromium via playwright-core, axe-core checks,
// screenshots at desktop and phone width, the mailbox and demo logins.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { waitForMail as waitForMailIn } from './mailbox.mjs';

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const here = path.dirname(fileURLToPath(import.meta.url));

export const BASE_URL = process.env.IDEENWERK_E2E_BASE_URL ?? 'http://127.0.0.1:8080';
export const MAIL_DIR = process.env.IDEENWERK_E2E_MAIL_DIR ?? '';
export const DEMO_PASSWORD = process.env.IDEENWERK_E2E_DEMO_PASSWORD ?? 'e2e-demo-password-2026';
export const SCREENSHOT_DIR = path.join(here, 'screenshots');

export const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 360, height: 760 },
};

export const demo = (role) => `${role}@ideenwerk.example`;

export async function launch() {
  return chromium.launch({
    executablePath: process.env.IDEENWERK_E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A fresh browser context (own cookies) in German unless told otherwise. */
export async function newPage(browser, { viewport = VIEWPORTS.desktop, locale = 'de-DE' } = {}) {
  // bypassCSP lets us inject axe-core; the app itself runs under the server's CSP otherwise.
  const context = await browser.newContext({ viewport, locale, bypassCSP: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  page.problems = problems;
  return page;
}

export async function goto(page, pathname) {
  await page.goto(new URL(pathname, BASE_URL).toString(), { waitUntil: 'networkidle' });
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and fails on serious or
 * critical violations, listing each rule with the offending elements.
 */
export async function checkA11y(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.equal(
    bad.length,
    0,
    `axe found serious/critical violations on ${label}:\n` + bad.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n'),
  );
  return result;
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Visits a page at desktop and phone width: axe check and a screenshot at each. */
export async function auditPage(browser, pathname, name, { login } = {}) {
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    const page = await newPage(browser, { viewport });
    try {
      if (login) await loginAs(page, login);
      await goto(page, pathname);
      await page.locator('h1').first().waitFor();
      await checkA11y(page, `${name} (${size})`);
      await screenshot(page, `${name}-${size}`);
      assert.deepEqual(page.problems, [], `browser errors on ${name}`);
    } finally {
      await page.context().close();
    }
  }
}

/**
 * Signs in through the login form. The server rate-limits auth requests per address (as it
 * should); when the form says to wait, we wait the given seconds and try again, as a person would.
 */
export async function loginAs(page, email, password = DEMO_PASSWORD) {
  await goto(page, '/login');
  for (let attempt = 0; attempt < 4; attempt++) {
    await page.getByLabel(/E-Mail-Adresse|Email address/).fill(email);
    await page.getByLabel(/^(Passwort|Password)\*?$/).fill(password);
    await page.getByRole('button', { name: /^(Anmelden|Sign in)$/ }).click();
    const menu = page.getByRole('button', { name: /Benutzermenü|User menu/ });
    const wait = page.getByText(/warten Sie (\d+) Sekunden?\b|wait (\d+) seconds?\b/);
    await Promise.race([menu.waitFor(), wait.waitFor()]);
    if (await menu.isVisible()) return;
    const seconds = Number((await wait.textContent()).match(/(\d+)/)[1]);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
  throw new Error(`could not sign in as ${email}`);
}

export async function logout(page) {
  await page.getByRole('button', { name: /Benutzermenü|User menu/ }).click();
  await page.getByRole('button', { name: /^(Abmelden|Sign out)$/ }).click();
  await page.getByRole('link', { name: /^(Anmelden|Sign in)$/ }).first().waitFor();
}

export function waitForMail(to, pattern, opts) {
  assert.ok(MAIL_DIR, 'IDEENWERK_E2E_MAIL_DIR is not set; run through e2e/run.mjs');
  return waitForMailIn(MAIL_DIR, to, pattern, opts);
}

/** A unique e-mail address for a test run. */
export function uniqueEmail(prefix) {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}@e2e.example`;
}

/**
 * Audits the page the test is on, as it is: axe at desktop width and a screenshot, then the
 * same at phone width, then back. Keeps the session (no extra logins).
 */
export async function auditHere(page, name) {
  const before = page.viewportSize();
  for (const [size, viewport] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(150);
    await checkA11y(page, `${name} (${size})`);
    await screenshot(page, `${name}-${size}`);
  }
  if (before) await page.setViewportSize(before);
}

/**
 * Clicks `button` until `done` shows. The auth endpoints are rate-limited per address; when
 * the page says to wait, we wait as long as it says (as a person would) and try again.
 */
export async function submitPatiently(page, button, done, tries = 5) {
  const limited = page.getByText(/Zu viele (Fehlv|V)ersuche|Too many (failed )?attempts/).first();
  for (let i = 0; i < tries; i++) {
    await button.click();
    await Promise.race([done.waitFor(), limited.waitFor()]);
    if (await done.isVisible()) return;
    const text = (await limited.textContent()) ?? '';
    const seconds = Number(text.match(/(\d+)/)?.[1] ?? 10);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
  throw new Error('still rate limited after several tries');
}
