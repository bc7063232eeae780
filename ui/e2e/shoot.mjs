// Ad-hoc screenshots of a running server (a development aid, not a test):
//   IDEENWERK_E2E_BASE_URL=http://127.0.0.1:8080 [SHOOT_LANG=en] node e2e/shoot.mjs <role|-> <path> <name> [width]
// writes /tmp/shots/<name>.png
import { launch, newPage, loginAs, goto, demo } from './lib.mjs';
const [role, path, name, width = '1280'] = process.argv.slice(2);
const browser = await launch();
const page = await newPage(browser, { viewport: { width: Number(width), height: 900 } });
if (process.env.SHOOT_LANG) await page.addInitScript((l) => localStorage.setItem('ideenwerk.language', l), process.env.SHOOT_LANG);
if (role !== '-') await loginAs(page, demo(role));
await goto(page, path);
await page.waitForTimeout(800);
const { mkdirSync } = await import('node:fs');
mkdirSync('/tmp/shots', { recursive: true });
await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
console.log(page.problems.join('\n'));
await browser.close();
