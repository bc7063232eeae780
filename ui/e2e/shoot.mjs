// Ad-hoc screenshots for a running server: node e2e/shoot.mjs <role|-> <path> <name> [width]
import { launch, newPage, loginAs, goto, demo } from './lib.mjs';
const [role, path, name, width = '1280'] = process.argv.slice(2);
const browser = await launch();
const page = await newPage(browser, { viewport: { width: Number(width), height: 900 } });
if (role !== '-') await loginAs(page, demo(role));
await goto(page, path);
await page.waitForTimeout(800);
await page.screenshot({ path: `/tmp/shots/${name}.png`, fullPage: true });
console.log(page.problems.join('\n'));
await browser.close();
