// Webhooks: an admin connects the city's ticketing system (a receiver on loopback), sees the
// secret once, sends a test, and a submitted idea arrives there signed after Standard Webhooks.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { BASE_URL, DEMO_PASSWORD, checkA11y, demo, goto, launch, loginAs, newPage } from '../lib.mjs';

/** The ticketing system: records every request and answers 204. */
function startReceiver() {
  const calls = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      calls.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, calls, url: `http://127.0.0.1:${server.address().port}/hooks/ideenwerk` })));
}

async function waitFor(fn, what, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('webhooks', { concurrency: false }, () => {
  let browser;
  let page;
  let receiver;
  let secret;
  before(async () => {
    receiver = await startReceiver();
    browser = await launch();
    page = await newPage(browser);
    await loginAs(page, demo('admin'));
  });
  after(async () => {
    await browser?.close();
    receiver?.server.close();
  });

  it('an admin registers a webhook, copies the secret shown once, and a test arrives signed', async () => {
    await goto(page, '/admin');
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('Noch keine Webhooks eingerichtet.').waitFor();
    await page.getByRole('button', { name: 'Neuer Webhook' }).click();
    const dialog = page.getByRole('dialog', { name: 'Neuer Webhook' });
    await dialog.getByLabel(/^Ziel-Adresse/).fill(receiver.url);
    await dialog.getByLabel(/^Beschreibung/).fill('Ticketsystem Amt 10');
    await checkA11y(page, 'webhook form');
    await dialog.getByRole('button', { name: 'Anlegen' }).click();
    const shown = page.getByRole('dialog', { name: 'Signatur-Geheimnis' });
    secret = await shown.getByLabel(/^Geheimnis/).inputValue();
    assert.match(secret, /^whsec_[A-Za-z0-9+/]+=*$/);
    await checkA11y(page, 'webhook secret');
    await shown.getByRole('button', { name: 'Ich habe es gespeichert' }).click();
    // The secret is not shown again.
    await page.getByRole('rowheader', { name: /hooks\/ideenwerk/ }).waitFor();
    assert.equal(await page.getByText(secret).count(), 0);
    await checkA11y(page, 'webhook list');

    await page.getByRole('button', { name: 'Testen Ticketsystem Amt 10' }).click();
    await page.getByText(/Test: Zugestellt \(HTTP 204/).waitFor();
    const ping = receiver.calls.at(-1);
    const payload = new Webhook(secret).verify(ping.body, ping.headers);
    assert.equal(payload.type, 'webhook.ping');
  });

  it('a submitted idea reaches the receiver, and the settings show the delivery', async () => {
    const login = await fetch(new URL('/api/v1/auth/login', BASE_URL), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: demo('employee'), password: DEMO_PASSWORD }),
    });
    assert.equal(login.status, 200);
    const { accessToken } = await login.json();
    const created = await fetch(new URL('/api/v1/ideas', BASE_URL), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({
        title: 'Glättesensoren an Radwegbrücken',
        summary: 'Streuen nur dort, wo es glatt ist.',
        description: 'Sensoren melden Glätte an den Winterdienst.',
        submit: true,
      }),
    });
    assert.equal(created.status, 201);
    const idea = await created.json();
    const call = await waitFor(() => receiver.calls.find((c) => c.headers['ideenwerk-event'] === 'idea.submitted'), 'idea.submitted');
    const payload = new Webhook(secret).verify(call.body, call.headers);
    assert.equal(payload.data.idea.id, idea.id);
    assert.equal(payload.data.idea.title, 'Glättesensoren an Radwegbrücken');
    assert.equal(payload.data.to, 'submitted');
    assert.ok(!call.body.includes('Erik'), 'the payload names no person');

    await goto(page, '/admin/webhooks');
    const row = page.getByRole('row', { name: /hooks\/ideenwerk/ });
    await row.getByText(/Zugestellt \(HTTP 204/).waitFor();
  });
});
