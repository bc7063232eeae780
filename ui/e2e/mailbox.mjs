// A real SMTP sink for the end-to-end run: every message the server sends is written as a
// JSON file {to, from, raw, receivedAt} into a folder that the test processes read.
import { SMTPServer } from 'smtp-server';
import fs from 'node:fs';
import path from 'node:path';

export function startSmtpSink({ port = 0, dir }) {
  fs.mkdirSync(dir, { recursive: true });
  let seq = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const file = path.join(dir, `${Date.now()}-${String(++seq).padStart(4, '0')}.json`);
        fs.writeFileSync(
          file,
          JSON.stringify({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom && session.envelope.mailFrom.address,
            raw: Buffer.concat(chunks).toString('utf8'),
            receivedAt: new Date().toISOString(),
          }),
        );
        callback();
      });
    },
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, port: server.server.address().port }));
  });
}

/** Decodes quoted-printable text (soft line breaks, =XX escapes as UTF-8). */
export function decodeQuotedPrintable(text) {
  const joined = text.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    if (joined[i] === '=' && /^[0-9A-F]{2}$/i.test(joined.slice(i + 1, i + 3))) {
      bytes.push(parseInt(joined.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Reads all mails in the folder, newest last, with a decoded plain-text view. */
export function readMails(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const m = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      const qp = /Content-Transfer-Encoding:\s*quoted-printable/i.test(m.raw);
      const b64 = /Content-Transfer-Encoding:\s*base64/i.test(m.raw);
      let text = m.raw;
      if (qp) text = decodeQuotedPrintable(m.raw);
      else if (b64) {
        text = m.raw.replace(/\r?\n\r?\n([A-Za-z0-9+/=\r\n]+)(?=\r?\n--|$)/g, (_, body) => '\n\n' + Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8'));
      }
      return { ...m, text };
    });
}

/** Waits for a mail to `to` whose text matches `pattern`; returns the first match of the pattern. */
export async function waitForMail(dir, to, pattern, { timeoutMs = 30_000, after = 0 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const mails = readMails(dir).filter((m) => m.to.includes(to.toLowerCase()) && Date.parse(m.receivedAt) >= after);
    for (const m of mails.reverse()) {
      const match = m.text.match(pattern);
      if (match) return { mail: m, match };
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no mail to ${to} matching ${pattern} within ${timeoutMs} ms`);
}
