// @ts-check
// The person's-eye smoke test of the desktop host: the packaged .vsix installed into code-server
// (`code-server --install-extension`, as a person installs it), code-server serving a fresh copy of
// the examples, Debian's Chromium driven by Playwright through the tests of uiTests.mjs. Prints one
// line per test; resolves { passed, failed }. Screenshots go to test-results/desktop-screenshots/.
import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchChromium } from '../../../scripts/vscode-web.mjs';
import { DesktopWorkbench } from './desktopWorkbench.mjs';
import { makeFixtureWorkspace } from '../fixture.mjs';
import { browserEnv, installVsix, serverFolders, startCodeServer } from './server.mjs';
import { tests } from './uiTests.mjs';
import { ExtensionHost } from './extensionHost.mjs';

const TEST_TIMEOUT_MS = 90_000;
const only = process.env.DESKTOP_GREP ? new RegExp(process.env.DESKTOP_GREP, 'i') : undefined;
export const SHOTS_DIR = join(ROOT, 'test-results', 'desktop-screenshots');

const isLocal = (/** @type {string} */ url) => /^(127\.0\.0\.1|(.*\.)?localhost)$/.test(new URL(url).hostname);

/** @param {unknown} err */
const messageOf = (err) => (err instanceof Error ? err.message : String(err));

/**
 * @param {import('./install.mjs').DesktopHost} host @param {string} scratch @param {string} vsix
 * @param {(line: string) => void} print
 * @returns {Promise<{ passed: number, failed: number }>}
 */
export async function runUiSmoke(host, scratch, vsix, print) {
  let passed = 0;
  let failed = 0;
  /** @param {boolean} ok @param {string} name @param {string | undefined} detail @param {number} ms */
  const report = (ok, name, detail, ms) => {
    if (ok) passed++;
    else failed++;
    print(`  ${ok ? '✓' : '✗'} ${name} (${ms} ms)${detail ? (ok ? ` — ${detail}` : `\n      ${detail}`) : ''}`);
  };
  const folders = serverFolders(scratch, 'ui-smoke');
  const workspace = makeFixtureWorkspace();
  /** @type {import('./server.mjs').Server | undefined} */
  let server;
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  try {
    const t0 = Date.now();
    await installVsix(host, folders, vsix);
    const installed = readdirSync(folders.extensions).filter((n) => n.startsWith('rnn-stepper.'));
    report(
      installed.length === 1,
      'code-server --install-extension installs the packaged .vsix',
      installed.join(', '),
      Date.now() - t0,
    );
    if (installed.length !== 1) return { passed, failed };
    const started = await startCodeServer(host, folders, workspace.dir);
    server = started;
    print(
      `  code-server ${host.codeServerVersion} (VS Code ${host.vscodeVersion}) on ${started.url}, ` +
        `workspace ${workspace.dir}`,
    );
    const browser = await launchChromium(chromium, {
      viewport: { width: 1400, height: 900 },
      env: browserEnv(scratch),
    });
    context = browser;
    /** @type {string[]} */
    const external = [];
    // Webview resources have addresses under vscode-cdn.net but are answered by the webview's service
    // worker from this server: only a request that went (or tried to go) to the network counts.
    browser.on('requestfinished', async (request) => {
      const url = request.url();
      if (!/^(https?|wss?):/.test(url) || isLocal(url)) return;
      const response = await request.response().catch(() => null);
      if (!response?.fromServiceWorker()) external.push(url);
    });
    browser.on('requestfailed', (request) => {
      const url = request.url();
      if (/^(https?|wss?):/.test(url) && !isLocal(url)) external.push(`${url} (failed)`);
    });
    const page = browser.pages()[0] ?? (await browser.newPage());
    const wb = new DesktopWorkbench(page, SHOTS_DIR);
    /** @type {import('./uiTests.mjs').SmokeEnv} */
    const env = { wb, page, workspace: workspace.dir, extensionHost: new ExtensionHost(started.pid, folders.data) };
    const t1 = Date.now();
    try {
      await wb.load(`${started.url}/`, 'hi-there-class.rnn.json');
      print(`  workbench loaded in ${Date.now() - t1} ms`);
    } catch (err) {
      report(false, 'the workbench loads the workspace', messageOf(err).split('\n')[0], Date.now() - t1);
      return { passed, failed };
    }
    for (const [i, test] of tests.entries()) {
      if (only && !only.test(test.name)) continue;
      const t2 = Date.now();
      /** @type {NodeJS.Timeout | undefined} */
      let timer;
      try {
        const detail = await Promise.race([
          test.run(env),
          /** @type {Promise<never>} */ (
            new Promise(
              (_, reject) =>
                (timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS)),
            )
          ),
        ]);
        report(true, test.name, detail || undefined, Date.now() - t2);
      } catch (err) {
        const shot = await wb.screenshot(`failure-${i + 1}`).catch(() => undefined);
        report(
          false,
          test.name,
          `${messageOf(err).split('\n')[0]}${shot ? ` (screenshot: ${shot})` : ''}`,
          Date.now() - t2,
        );
        await page.keyboard.press('Escape').catch(() => {});
        await test.cleanup?.(env).catch(() => {});
      } finally {
        clearTimeout(timer);
      }
    }
    report(
      external.length === 0,
      'nothing was requested from outside this machine',
      external.length ? `external requests: ${[...new Set(external)].slice(0, 10).join(', ')}` : '',
      0,
    );
    return { passed, failed };
  } catch (err) {
    report(false, 'the desktop UI smoke runs', messageOf(err), 0);
    return { passed, failed };
  } finally {
    await context?.close();
    await server?.stop();
    workspace.dispose();
  }
}
