// @ts-check
// The document panel (worked example, exercise sheet) and the dynamics panel (Compare Cells, What
// If…, Sample…) as the webview tests open them: the real panelHtml with the real webview bundle,
// served under the strict CSP in a theme, fed the views the host code builds from real engine
// results. The stepper panel has its own, fuller harness (harness.mjs openPanel).

import { build } from 'esbuild';
import { join } from 'node:path';
import { hostBundle, ROOT, THEME_INIT } from './harness.mjs';
import { THEMES } from './themes.mjs';

/** @typedef {'document' | 'dynamics'} SidePanel */

/** @type {Map<SidePanel, Promise<unknown>>} */
const hosts = new Map();

/** Builds webview/<name>/main.ts into dist/webview/<name>.js (as esbuild.mjs does) and a Node
 *  bundle of `exports` (export lines, paths from the repo root); resolves the bundle's module,
 *  built once per panel.
 *  @param {SidePanel} name @param {string} exports @returns {Promise<unknown>} */
export function sidePanelHost(name, exports) {
  let host = hosts.get(name);
  if (!host) {
    host = (async () => {
      await build({
        entryPoints: [join(ROOT, `webview/${name}/main.ts`)],
        outfile: join(ROOT, `dist/webview/${name}.js`),
        bundle: true,
        platform: 'browser',
        format: 'iife',
        target: 'es2022',
        logLevel: 'warning',
      });
      return hostBundle(`${name}-host`, exports);
    })();
    hosts.set(name, host);
  }
  return host;
}

/**
 * Opens the `name` page — `panelHtml` (the host's, from sidePanelHost) with dist/webview/<name>.js
 * and media/<name>.css — in `theme`, and waits for its `ready`. What the page posts collects in
 * `window.__posted`; `errors` collects its console errors (a CSP violation is one).
 * @param {import('./types').Ctx} ctx
 * @param {typeof import('../../src/host/panel/panelHtml').panelHtml} panelHtml
 * @param {{ name: SidePanel, title: string, width?: number, height?: number,
 *   theme?: import('./types').ThemeName, reportPaints?: boolean }} options
 */
export async function openSidePanel(ctx, panelHtml, options) {
  const { name, title, width = 1100, height = 900, theme = 'dark', reportPaints = false } = options;
  const page = await ctx.browser.newPage({ viewport: { width, height } });
  ctx.pages.push(page);
  /** @type {string[]} */
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.addInitScript(THEME_INIT, THEMES[theme]);
  await page.addInitScript(() => {
    window.__posted = [];
    window.__state = undefined;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => window.__posted.push(m),
      setState: (s) => (window.__state = s),
      getState: () => window.__state,
    });
  });
  const html = panelHtml({
    cspSource: ctx.origin,
    title,
    scriptUri: `${ctx.origin}/dist/webview/${name}.js`,
    styleUri: `${ctx.origin}/media/${name}.css`,
    katexStyleUri: `${ctx.origin}/media/katex/katex.min.css`,
    ...(reportPaints ? { reportPaints: true } : {}),
  });
  await page.route(`${ctx.origin}/${name}.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
  await page.goto(`${ctx.origin}/${name}.html`);
  await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
  return { page, errors };
}
