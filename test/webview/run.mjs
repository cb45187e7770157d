// @ts-check
// `npm run test:webview`: the stepper panel in real headless Chromium, driven by the real
// host-side controller and engine (harness.mjs). Usage: node test/webview/run.mjs [name filter]

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBundles, launchBrowser, openPanel, ROOT, startServer } from './harness.mjs';
import { charModel } from './charModel.mjs';
import { FakeSession } from './fakeSession.mjs';
import { runAll } from './runner.mjs';
import './panel.test.mjs';
import './equations.test.mjs';
import './security.test.mjs';
import './screenshots.test.mjs';
import './document.test.mjs';
import './charts.test.mjs';
import './practice.test.mjs';
import './a11y.test.mjs';
import './nonFinite.test.mjs';
import './dynamics.test.mjs';
import './compareWhatIf.test.mjs';
import './stepping.test.mjs';

const host = await buildBundles();
const { server, origin } = await startServer(host);
const browser = await launchBrowser();
mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });

/** @type {import('./types').Ctx} */
const ctx = {
  host,
  browser,
  origin,
  screenshots: join(ROOT, 'test-results', 'screenshots'),
  example: (name) => readFileSync(join(ROOT, 'examples', `${name}.rnn.json`), 'utf8'),
  charModel,
  /** @type {import('playwright-core').Page[]} */
  pages: [],
  /** Opens a panel on a model text; the page is closed after the test. */
  async open(text, { uri = 'file:///work/model.rnn.json', ...opts } = {}) {
    const session = new FakeSession(uri, host, text);
    const panel = await openPanel(browser, origin, host, session, opts);
    ctx.pages.push(panel.page);
    await panel.waitFor((r) => r.stepIndex === session.cursor);
    if (!session.trace) throw new Error(`${uri} did not run: ${session.problems.map((p) => p.message).join('; ')}`);
    return { ...panel, session: /** @type {import('./types').RunningSession} */ (session) };
  },
};

const { passed, failed } = await runAll(ctx, process.argv[2], async () => {
  for (const p of ctx.pages.splice(0)) await p.close().catch(() => {});
});
await browser.close();
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
