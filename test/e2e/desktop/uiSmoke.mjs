// The person's-eye smoke test of the desktop host: the packaged .vsix installed into code-server
// (`code-server --install-extension`, as a person installs it), code-server serving a fresh copy of
// the examples, Debian's Chromium driven by Playwright through the tests of uiTests.mjs. Prints one
// line per test; resolves { passed, failed }. Screenshots go to test-results/desktop-screenshots/.
import { chromium } from 'playwright-core';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, launchChromium } from '../../../scripts/vscode-web.mjs';
import { Workbench } from '../ui/workbench.mjs';
import { makeFixtureWorkspace } from '../fixture.mjs';
import { browserEnv, installVsix, serverFolders, startCodeServer } from './server.mjs';
import { tests } from './uiTests.mjs';
import { ExtensionHost } from './extensionHost.mjs';

const TEST_TIMEOUT_MS = 90_000;
const only = process.env.DESKTOP_GREP ? new RegExp(process.env.DESKTOP_GREP, 'i') : undefined;
export const SHOTS_DIR = join(ROOT, 'test-results', 'desktop-screenshots');

/** The stepper panel's webview (the iframe VS Code made for our extension) and the Markdown
 *  preview's, told apart by the extension id in the iframe's address. */
class DesktopWorkbench extends Workbench {
  webviewOf(extensionId) {
    return this.page
      .frameLocator(`iframe.webview.ready[src*="extensionId=${extensionId}"]`)
      .last()
      .frameLocator('#active-frame');
  }

  webview() {
    return this.webviewOf('rnn-stepper.rnn-stepper');
  }

  /** The first frame (at any depth: webviews nest two) that shows `selector` and passes `accept`. */
  async frameWith(selector, timeoutMs = 20_000, accept = () => true) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const frame of this.page.frames()) {
        if (!accept(frame)) continue;
        const count = await frame
          .locator(selector)
          .count()
          .catch(() => 0);
        if (count > 0) return frame;
      }
      if (Date.now() > deadline) throw new Error(`no webview shows ${selector} after ${timeoutMs} ms`);
      await this.page.waitForTimeout(200);
    }
  }

  /** Runs a palette command that asks for text (an input box): types `value` when its prompt shows. */
  async runCommandWithInput(title, prompt, value) {
    const widget = this.page.locator('.quick-input-widget');
    await this.page.keyboard.press('F1');
    const input = widget.locator('.quick-input-box input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(`>${title}`);
    await widget.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
    await widget.locator('.quick-input-message', { hasText: prompt }).waitFor({ timeout: 10_000 });
    await input.fill(value);
    await this.page.keyboard.press('Enter');
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
  }
}

const isLocal = (url) => /^(127\.0\.0\.1|(.*\.)?localhost)$/.test(new URL(url).hostname);

export async function runUiSmoke(host, scratch, vsix, print) {
  let passed = 0;
  let failed = 0;
  const report = (ok, name, detail, ms) => {
    if (ok) passed++;
    else failed++;
    print(`  ${ok ? '✓' : '✗'} ${name} (${ms} ms)${detail ? (ok ? ` — ${detail}` : `\n      ${detail}`) : ''}`);
  };
  const folders = serverFolders(scratch, 'ui-smoke');
  const workspace = makeFixtureWorkspace();
  let server;
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
    server = await startCodeServer(host, folders, workspace.dir);
    print(
      `  code-server ${host.codeServerVersion} (VS Code ${host.vscodeVersion}) on ${server.url}, ` +
        `workspace ${workspace.dir}`,
    );
    context = await launchChromium(chromium, { viewport: { width: 1400, height: 900 }, env: browserEnv(scratch) });
    const external = [];
    // Webview resources have addresses under vscode-cdn.net but are answered by the webview's service
    // worker from this server: only a request that went (or tried to go) to the network counts.
    context.on('requestfinished', async (request) => {
      const url = request.url();
      if (!/^(https?|wss?):/.test(url) || isLocal(url)) return;
      const response = await request.response().catch(() => null);
      if (!response?.fromServiceWorker()) external.push(url);
    });
    context.on('requestfailed', (request) => {
      const url = request.url();
      if (/^(https?|wss?):/.test(url) && !isLocal(url)) external.push(`${url} (failed)`);
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const wb = new DesktopWorkbench(page, SHOTS_DIR);
    const env = { wb, page, workspace: workspace.dir, extensionHost: new ExtensionHost(server.pid, folders.data) };
    const t1 = Date.now();
    try {
      await wb.load(`${server.url}/`, 'hi-there-class.rnn.json');
      print(`  workbench loaded in ${Date.now() - t1} ms`);
    } catch (err) {
      report(false, 'the workbench loads the workspace', err.message.split('\n')[0], Date.now() - t1);
      return { passed, failed };
    }
    for (const [i, test] of tests.entries()) {
      if (only && !only.test(test.name)) continue;
      const started = Date.now();
      let timer;
      try {
        const detail = await Promise.race([
          test.run(env),
          new Promise(
            (_, reject) =>
              (timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS)),
          ),
        ]);
        report(true, test.name, detail, Date.now() - started);
      } catch (err) {
        const shot = await wb.screenshot(`failure-${i + 1}`).catch(() => undefined);
        report(
          false,
          test.name,
          `${err.message.split('\n')[0]}${shot ? ` (screenshot: ${shot})` : ''}`,
          Date.now() - started,
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
    report(false, 'the desktop UI smoke runs', err.message, 0);
    return { passed, failed };
  } finally {
    await context?.close();
    await server?.stop();
    workspace.dispose();
  }
}
