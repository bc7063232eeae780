#!/usr/bin/env node
// End-to-end entry: starts an SMTP sink, starts the Ideenwerk binary on a free port with a
// fresh data directory and the sink as its mail server, waits for /readyz, runs the browser
// tests in e2e/tests with node's test runner, and stops everything again.
//
//   IDEENWERK_BIN=/path/to/ideenwerk node e2e/run.mjs        # the usual way
//   node e2e/run.mjs                                          # builds the binary with `go build`
//   IDEENWERK_E2E_BASE_URL=http://127.0.0.1:8080 IDEENWERK_E2E_SMTP_PORT=2525 node e2e/run.mjs
//       # against a server that is already running (and sends mail to that port)
//
// Other knobs: IDEENWERK_E2E_CHROMIUM (default /usr/bin/chromium), IDEENWERK_E2E_FILTER
// (a test name pattern), IDEENWERK_E2E_KEEP=1 (keep the data directory).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSmtpSink } from './mailbox.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const uiDir = path.resolve(here, '..');
const repoDir = path.resolve(uiDir, '..');
export const DEMO_PASSWORD = 'e2e-demo-password-2026';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitReady(baseUrl, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`ideenwerk exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${baseUrl}/readyz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${baseUrl}/readyz did not answer within ${timeoutMs} ms`);
}

function stop(child) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ideenwerk-e2e-'));
  const mailDir = path.join(tmp, 'mail');
  const logFile = path.join(tmp, 'server.log');
  let child = null;
  let smtp = null;
  let baseUrl = process.env.IDEENWERK_E2E_BASE_URL;
  let code = 1;
  try {
    smtp = await startSmtpSink({ port: Number(process.env.IDEENWERK_E2E_SMTP_PORT || 0), dir: mailDir });
    if (!baseUrl) {
      let bin = process.env.IDEENWERK_BIN;
      if (!bin) {
        bin = path.join(tmp, 'ideenwerk');
        console.log('# building the binary (set IDEENWERK_BIN to skip)');
        const b = spawnSync('go', ['build', '-o', bin, './cmd/ideenwerk'], { cwd: repoDir, stdio: 'inherit' });
        if (b.status !== 0) throw new Error('go build failed');
      }
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      const dataDir = path.join(tmp, 'data');
      fs.mkdirSync(dataDir);
      const log = fs.openSync(logFile, 'a');
      child = spawn(bin, ['serve'], {
        env: {
          ...process.env,
          IDEENWERK_DATA_DIR: dataDir,
          IDEENWERK_ADDR: `127.0.0.1:${port}`,
          IDEENWERK_BASE_URL: baseUrl,
          IDEENWERK_DEMO: 'true',
          IDEENWERK_DEMO_PASSWORD: DEMO_PASSWORD,
          IDEENWERK_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          IDEENWERK_LOG_FORMAT: 'text',
          // 07-webhooks receives the deliveries on loopback.
          IDEENWERK_WEBHOOK_ALLOW_LOOPBACK: 'true',
        },
        stdio: ['ignore', log, log],
      });
      console.log(`# ideenwerk starting on ${baseUrl} (log: ${logFile})`);
    }
    await waitReady(baseUrl, child);
    console.log(`# ready: ${baseUrl}; SMTP sink on 127.0.0.1:${smtp.port}`);

    const testsDir = path.join(here, 'tests');
    const files = fs
      .readdirSync(testsDir)
      .filter((f) => f.endsWith('.test.mjs'))
      .sort()
      .map((f) => path.join(testsDir, f));
    const args = ['--test', '--test-concurrency=1'];
    if (process.env.IDEENWERK_E2E_FILTER) args.push(`--test-name-pattern=${process.env.IDEENWERK_E2E_FILTER}`);
    // Not spawnSync: the SMTP sink lives in this process and must keep answering.
    const tests = spawn(process.execPath, [...args, ...files], {
      cwd: uiDir,
      stdio: 'inherit',
      env: {
        ...process.env,
        IDEENWERK_E2E_BASE_URL: baseUrl,
        IDEENWERK_E2E_MAIL_DIR: mailDir,
        IDEENWERK_E2E_DEMO_PASSWORD: process.env.IDEENWERK_E2E_DEMO_PASSWORD || DEMO_PASSWORD,
      },
    });
    code = await new Promise((resolve) => tests.once('exit', (c) => resolve(c ?? 1)));
  } catch (err) {
    console.error(`e2e setup failed: ${err.message}`);
    if (fs.existsSync(logFile)) console.error(fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n'));
    code = 1;
  } finally {
    await stop(child);
    if (smtp) await new Promise((r) => smtp.server.close(r));
    if (code !== 0 && fs.existsSync(logFile)) {
      console.error('# last server log lines:');
      console.error(fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n'));
    }
    if (!process.env.IDEENWERK_E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(code);
}

main();
