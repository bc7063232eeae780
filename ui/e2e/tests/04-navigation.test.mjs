// Finding one's way back: Back and "Zurück zur Übersicht" return to the list as it was —
// its filters and search, the pages loaded with "Weitere laden", and the scroll position.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { demo, goto, launch, loginAs, newPage } from '../lib.mjs';

describe('navigation back to lists', { concurrency: false }, () => {
  let browser;
  let page;
  before(async () => {
    browser = await launch();
    page = await newPage(browser);
    await loginAs(page, demo('cdo'));
  });
  after(async () => {
    await browser?.close();
  });

  it('Back returns to the loaded pages of the list at the same place', async () => {
    await goto(page, '/ideas');
    const cards = page.locator('ul.idea-list > li');
    await cards.first().waitFor();
    const first = await cards.count();
    const more = page.getByRole('button', { name: 'Weitere laden' });
    assert.ok(await more.isVisible(), 'the demo city has more than one page of ideas');
    await more.click();
    await page.waitForFunction((n) => document.querySelectorAll('ul.idea-list > li').length > n, first);
    const loaded = await cards.count();
    const target = cards.nth(loaded - 1).getByRole('link').first();
    await target.scrollIntoViewIfNeeded();
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 300, `scrolled down (${y})`);
    await target.click();
    await page.getByRole('link', { name: '← Zurück zur Übersicht' }).waitFor();
    await page.goBack();
    await page.waitForFunction((n) => document.querySelectorAll('ul.idea-list > li').length === n, loaded);
    await page.waitForFunction((want) => Math.abs(window.scrollY - want) < 50, y, { timeout: 5000 });
  });

  it('"Zurück zur Übersicht" keeps the filters and the search', async () => {
    await goto(page, '/ideas?stage=screening');
    assert.equal(await page.getByLabel('Phase').inputValue(), 'screening');
    // Search for a word of the first idea in screening, so the filtered list is not empty.
    const first = page.locator('ul.idea-list > li').first().getByRole('link').first();
    const word = (await first.textContent()).split(/\s+/).find((w) => w.length > 4);
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/ideas?') && r.url().includes(`q=${encodeURIComponent(word)}`));
    await page.getByRole('searchbox', { name: /Ideen durchsuchen/ }).fill(word);
    await page.waitForURL((u) => u.searchParams.get('q') === word && u.searchParams.get('stage') === 'screening');
    await searched;
    await page.waitForLoadState('networkidle');
    const list = page.url();
    const link = page.locator('ul.idea-list > li').first().getByRole('link').first();
    await link.click();
    await page.getByRole('link', { name: '← Zurück zur Übersicht' }).click();
    await page.waitForURL(list);
    assert.equal(await page.getByLabel('Phase').inputValue(), 'screening');
    assert.equal(await page.getByRole('searchbox', { name: /Ideen durchsuchen/ }).inputValue(), word);
  });
});
