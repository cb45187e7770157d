// @ts-check
// The stepper panel outside VS Code, in a real headless Chromium: the page is exactly the HTML
// panelHtml.ts produces (same CSP, same nonce rules), served from localhost with the built webview
// bundle and media/; a fake acquireVsCodeApi relays messages to the real host-side PanelController
// running here in Node over a session of the real engine (fakeSession.mjs). Used by the webview
// tests and the panel benchmark.

import { build } from 'esbuild';
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { THEMES } from './themes.mjs';

/** @typedef {import('./types').HostBundle} HostBundle */
/** @typedef {import('./types').Panel} Panel */
/** @typedef {import('./types').PanelOptions} PanelOptions */
/** @typedef {import('./types').TestLog} TestLog */
/** @typedef {import('./types').Theme} Theme */
/** @typedef {import('../../src/shared/protocol').HostMessage} HostMessage */
/** @typedef {import('../../src/host/api').PanelReport} PanelReport */
/** @typedef {import('./fakeSession.mjs').FakeSession} FakeSession */

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(ROOT, 'test-results', '.build');

/** Chromium's flags here, as scripts/vscode-web.mjs gives them (playwright adds --headless and a
 *  fresh --user-data-dir). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Builds the webview bundle (as esbuild.mjs does) and a Node bundle of the host-side code.
 *  @returns {Promise<HostBundle>} */
export async function buildBundles({ production = false } = {}) {
  await build({
    entryPoints: [join(ROOT, 'webview/main.ts')],
    outfile: join(ROOT, 'dist/webview/main.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'warning',
  });
  return /** @type {HostBundle} */ (
    await hostBundle(
      'host',
      `
        export { parseModel } from './src/engine/parse/parse';
        export { runModel } from './src/engine/compute/run';
        export { hiddenGradNorms } from './src/engine/trace/stepValues';
        export { cursorAfterRun } from './src/engine/trace/navigation';
        export { PanelController } from './src/host/panel/panelController';
        export { PanelMessageBuilder } from './src/host/panel/panelMessages';
        export { panelHtml, contentSecurityPolicy, makeNonce } from './src/host/panel/panelHtml';
        export { PracticeSession } from './src/host/practice/practiceSession';
      `,
    )
  );
}

/** A Node bundle of `exports` (export lines, paths from the repo root) as test-results/.build/
 *  <name>.cjs, required: the host-side code a webview page is fed by.
 *  @param {string} name @param {string} exports @returns {Promise<unknown>} */
export async function hostBundle(name, exports) {
  mkdirSync(OUT, { recursive: true });
  const out = join(OUT, `${name}.cjs`);
  await build({
    stdin: { resolveDir: ROOT, loader: 'ts', contents: exports },
    outfile: out,
    bundle: true,
    platform: 'node',
    mainFields: ['module', 'main'],
    format: 'cjs',
    target: 'es2022',
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

/** @type {Record<string, string>} */
const MIME = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.html': 'text/html',
  '.map': 'application/json',
  '.png': 'image/png',
};

/** Serves /panel.html (panelHtml of the real host code) plus dist/ and media/ of the repo.
 *  @param {HostBundle} host */
export async function startServer(host) {
  /** The server's origin, once it listens. */
  const originOf = () => {
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the server does not listen on a port');
    return `http://127.0.0.1:${address.port}`;
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/panel.html') {
      const origin = originOf();
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        host.panelHtml({
          cspSource: origin,
          title: 'RNN Stepper',
          scriptUri: `${origin}/dist/webview/main.js`,
          styleUri: `${origin}/media/panel.css`,
          katexStyleUri: `${origin}/media/katex/katex.min.css`,
          // As in the extension's test mode; ?reports=0 is the page a person gets.
          reportPaints: url.searchParams.get('reports') !== '0',
        }),
      );
      return;
    }
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const file = join(ROOT, path);
    if (!/^(dist|media)[/\\]/.test(path) || !file.startsWith(ROOT) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  return { server, origin: originOf() };
}

/** @param {string[]} extraArgs */
export async function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, ...extraArgs],
  });
}

/** Float64Arrays cross the Node → page boundary as base64 (VS Code transfers them as typed arrays).
 *  @param {HostMessage} msg */
function encode(msg) {
  return JSON.stringify(msg, (_k, v) =>
    v instanceof Float64Array ? { $f64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') } : v,
  );
}

/** Runs in a page before its script, as VS Code does: the theme's variables on <html> and its
 *  class on <body>; `window.__applyTheme` switches theme later. For every webview page of the
 *  tests (this panel, and the document and dynamics pages: sidePanels.mjs).
 *  @param {Theme} theme */
export const THEME_INIT = (theme) => {
  window.__applyTheme = (t) => {
    for (const [k, v] of Object.entries(t.vars)) document.documentElement.style.setProperty(k, v);
    if (document.body) document.body.className = t.bodyClass;
  };
  const apply = () => window.__applyTheme(theme);
  if (document.documentElement) apply();
  new MutationObserver((_m, obs) => {
    if (document.body) {
      apply();
      obs.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

/** Runs in the page before its script: the fake VS Code API and a CSP violation log.
 *  @param {{ state: unknown }} args */
const INIT = ({ state }) => {
  window.__posted = [];
  window.__cspViolations = [];
  window.__savedState = state ?? undefined;
  window.acquireVsCodeApi = () => ({
    postMessage: (m) => {
      window.__posted.push(m);
      window.__hostReceive(JSON.stringify(m));
    },
    getState: () => window.__savedState,
    setState: (s) => {
      window.__savedState = s;
    },
  });
  window.__deliver = (json) => {
    const msg = JSON.parse(json, (_k, v) => {
      if (v && typeof v === 'object' && typeof v.$f64 === 'string') {
        const bin = atob(v.$f64);
        const bytes = new Uint8Array(bin.length);
        for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
        return new Float64Array(bytes.buffer);
      }
      return v;
    });
    window.dispatchEvent(new MessageEvent('message', { data: msg }));
  };
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
  );
};

/**
 * Opens the panel for `session`. Returns helpers: reports (every 'rendered'), waitFor(pred),
 * setTheme(name), controller.
 * @param {import('playwright-core').Browser} browser
 * @param {string} origin
 * @param {HostBundle} host
 * @param {FakeSession} session
 * @param {PanelOptions} [options]
 * @returns {Promise<Panel>}
 */
export async function openPanel(
  browser,
  origin,
  host,
  session,
  { theme = 'dark', width = 1100, height = 900, state, bypassCSP = false, reportPaints = true } = {},
) {
  // bypassCSP: only for profiling experiments that inject styles; every test runs under the CSP.
  const page = await browser.newPage({ viewport: { width, height }, bypassCSP });
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  /** @type {PanelReport[]} */
  const reports = [];
  /** @type {{ pred: (r: PanelReport) => boolean, ok: (r: PanelReport) => void }[]} */
  const waiters = [];
  let queue = Promise.resolve();
  /** Messages held back while a burst is being built (burst()). @type {string[] | null} */
  let held = null;
  /** @param {HostMessage} m */
  const post = (m) => {
    const json = encode(m);
    if (held) held.push(json);
    else queue = queue.then(() => page.evaluate((j) => window.__deliver(j), json)).catch(() => {});
  };
  /** @type {Panel['burst']} */
  const burst = (fn) => {
    held = [];
    try {
      fn();
    } finally {
      const all = held;
      held = null;
      queue = queue.then(() => page.evaluate((js) => js.forEach((j) => window.__deliver(j)), all)).catch(() => {});
    }
    return queue;
  };
  /** What the controller logged (rejected messages): the extension's log channel, here. */
  /** @type {TestLog} */
  const log = { warnings: [], warn: (m) => void log.warnings.push(m) };
  const controller = new host.PanelController(session, post, log, (r) => {
    reports.push(r);
    for (const w of [...waiters])
      if (w.pred(r)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.ok(r);
      }
  });
  session.listeners.push((reason) => {
    if (reason === 'run') controller.runChanged();
    else if (reason === 'problems') controller.problemsChanged();
    else controller.cursorMoved();
  });
  await page.exposeFunction('__hostReceive', (/** @type {string} */ json) => controller.receive(JSON.parse(json)));
  await page.addInitScript(THEME_INIT, THEMES[theme]);
  await page.addInitScript(INIT, { state });
  /** @type {Panel['waitFor']} */
  const waitFor = (pred, timeout = 5000) => {
    const hit = reports.find(pred);
    if (hit) return Promise.resolve(hit);
    return new Promise((ok, fail) => {
      const w = { pred, ok };
      waiters.push(w);
      setTimeout(() => {
        const i = waiters.indexOf(w);
        if (i >= 0) {
          waiters.splice(i, 1);
          fail(
            new Error(`no matching report within ${timeout} ms; last: ${JSON.stringify(reports[reports.length - 1])}`),
          );
        }
      }, timeout);
    });
  };
  /** Moves the session's cursor and waits until the panel has painted that step. */
  /** @type {Panel['goTo']} */
  const goTo = async (index) => {
    const n = reports.length;
    const shown = reports.filter((r) => r.stepIndex === index).pop();
    if (!session.setCursor(index) && shown) return shown;
    return waitFor((r) => r.stepIndex === index && reports.indexOf(r) >= n);
  };
  /** @type {Panel['setTheme']} */
  const setTheme = (name) => page.evaluate((t) => window.__applyTheme(t), THEMES[name]);
  await page.goto(`${origin}/panel.html${reportPaints ? '' : '?reports=0'}`);
  return { page, reports, waitFor, goTo, setTheme, controller, log, errors, flush: () => queue, burst };
}
