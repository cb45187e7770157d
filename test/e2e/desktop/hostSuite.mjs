// @ts-check
// The host suite (test/e2e/host/, bundled for Node as dist/test/e2e/host.node.js) inside VS Code
// server's Node extension host — the extension host desktop VS Code runs, with our `main` entry
// (dist/extension.js) and training in worker_threads. The workbench opens in Chromium with a
// `payload` naming the extension under development and the tests (honoured with the server's
// --enable-smoke-test-driver); when the tests end it calls window.codeAutomationExit(code), and the
// extension host's output (mocha's report) arrives through window.codeAutomationLog.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { ROOT, launchChromium } from '../../../scripts/vscode-web.mjs';
import { HOST_NODE_BUNDLE, buildHostSuite } from '../build.mjs';
import { makeFixtureWorkspace } from '../fixture.mjs';
import { browserEnv, serverFolders, startVscodeServer } from './server.mjs';

const SUITE_TIMEOUT_MS = 6 * 60_000;
/** The workbench's own start-up chatter, offline (no gallery, no GitHub sign-in): kept in the
 *  run's workbench.log, not printed among the tests. */
const HARMLESS = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^Ignoring fetching additional builtin extensions from gallery as it is disabled/,
  /^\[Service Worker\] registration/,
  /^\[AgentHost:remote\]/,
  /^\[AccountPolicyGate\]/,
  /^Timed out waiting for authentication provider 'github'/,
  /getaddrinfo ENOTFOUND open-vsx\.org/,
  /^Creation of workbench contribution '[^']*' took \d+ms/,
];

/**
 * Runs the suite; resolves { code, output } (code 0 when every test passed). `print` receives the
 * suite's output line by line as it comes.
 * @param {import('./install.mjs').DesktopHost} host @param {string} scratch @param {(line: string) => void} print
 * @returns {Promise<{ code: number, output: string, logs: string }>}
 */
export async function runHostSuite(host, scratch, print) {
  await buildHostSuite();
  const folders = serverFolders(scratch, 'host-suite');
  const workspace = makeFixtureWorkspace();
  const workbenchLog = join(folders.root, 'workbench.log');
  /** @type {import('./server.mjs').Server | undefined} */
  let server;
  /** @type {import('playwright-core').BrowserContext | undefined} */
  let context;
  let output = '';
  const say = (/** @type {string} */ text) => {
    output += `${text}\n`;
    print(text);
  };
  try {
    const started = await startVscodeServer(host, folders);
    server = started;
    say(
      `  VS Code server ${host.vscodeVersion} on ${started.url} (Node ${host.nodeVersion}), workspace ${workspace.dir}`,
    );
    const remote = (/** @type {string} */ path) => `vscode-remote://127.0.0.1:${started.port}${path}`;
    const payload = [
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(HOST_NODE_BUNDLE)],
    ];
    const query = `folder=${encodeURIComponent(workspace.dir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const url = `${started.url}/?${query}`;
    context = await launchChromium(chromium, { env: browserEnv(scratch) });
    const page = context.pages()[0] ?? (await context.newPage());
    /** @type {(code: number) => void} */
    let finish = () => {};
    /** @type {Promise<number>} */
    const exited = new Promise((resolve) => (finish = resolve));
    await page.exposeFunction('codeAutomationLog', (/** @type {string} */ _level, /** @type {unknown} */ message) => {
      const text = Array.isArray(message) ? format(...message) : String(message);
      appendFileSync(workbenchLog, `${text}\n`);
      if (!HARMLESS.some((re) => re.test(text))) for (const line of text.replace(/\n$/, '').split('\n')) say(line);
    });
    await page.exposeFunction('codeAutomationExit', (/** @type {unknown} */ code) => finish(Number(code)));
    page.on('pageerror', (err) => say(`  [workbench error] ${err.message}`));
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    /** @type {Promise<number>} */
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => {
        say(`  the host suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
        resolve(1);
      }, SUITE_TIMEOUT_MS);
    });
    await page.goto(url);
    const code = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    return { code, output, logs: folders.root };
  } finally {
    await context?.close();
    await server?.stop();
    workspace.dispose();
  }
}
