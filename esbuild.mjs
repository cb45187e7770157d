// Builds every target from the same sources: the desktop extension (Node), the web extension
// (browser: vscode.dev and the web workbench), the CLI, and the webview panel. `--watch` rebuilds
// on change; `--production` minifies and drops source maps (used by `npm run package`).
import * as esbuild from 'esbuild';
import { cpSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  target: 'es2022',
};

/** jsonc-parser's `main` is a UMD build whose inner `require('./impl/…')` calls esbuild cannot
 *  follow; its ES module build (`module`) bundles cleanly, so Node targets prefer `module`. */
const NODE_MAIN_FIELDS = ['module', 'main'];

/** Node modules that a browser bundle gets from our shim (see src/host/debug/webNodeShims.ts). */
const WEB_NODE_SHIMS = { events: './src/host/debug/webNodeShims.ts', url: './src/host/debug/webNodeShims.ts' };

/** Every build target. Tests' bundles are added by test/e2e/build.mjs, not here. */
export const targets = [
  // Desktop extension host (Node).
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    mainFields: NODE_MAIN_FIELDS,
    format: 'cjs',
    external: ['vscode'],
    define: { __WEB__: 'false' },
  },
  // Web extension host (a web worker): no Node APIs, only `vscode`. @vscode/debugadapter requires
  // Node's `events` and `url`: the inline adapter needs only the bits in webNodeShims.ts.
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/web/extension.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    define: { __WEB__: 'true', global: 'globalThis' },
    alias: WEB_NODE_SHIMS,
  },
  // The command-line tool.
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    mainFields: NODE_MAIN_FIELDS,
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The document panel (worked example, exercise sheets): its own small bundle.
  {
    ...common,
    entryPoints: ['webview/document/main.ts'],
    outfile: 'dist/webview/document.js',
    platform: 'browser',
    format: 'iife',
  },
  // The dynamics panel (Compare Cells, What If…, Sample…): its own small bundle.
  {
    ...common,
    entryPoints: ['webview/dynamics/main.ts'],
    outfile: 'dist/webview/dynamics.js',
    platform: 'browser',
    format: 'iife',
  },
  // The webview panel (DOM).
  { ...common, entryPoints: ['webview/main.ts'], outfile: 'dist/webview/main.js', platform: 'browser', format: 'iife' },
  // "RNN: Train…" runs off the extension host's thread: a worker_threads script for desktop, a Web
  // Worker script for the web (loaded with importScripts, hence iife; the Node branch is dead there).
  {
    ...common,
    entryPoints: ['src/host/training/trainingWorker.ts'],
    outfile: 'dist/trainingWorker.js',
    platform: 'node',
    mainFields: NODE_MAIN_FIELDS,
    format: 'cjs',
    define: { __WEB__: 'false' },
  },
  {
    ...common,
    entryPoints: ['src/host/training/trainingWorker.ts'],
    outfile: 'dist/web/trainingWorker.js',
    platform: 'browser',
    format: 'iife',
    external: ['node:worker_threads'],
    define: { __WEB__: 'true', global: 'globalThis' },
  },
  // Compare Cells, What If… and Sample… compute in their own worker, built like the training one.
  {
    ...common,
    entryPoints: ['src/host/dynamics/dynamicsWorker.ts'],
    outfile: 'dist/dynamicsWorker.js',
    platform: 'node',
    mainFields: NODE_MAIN_FIELDS,
    format: 'cjs',
    define: { __WEB__: 'false' },
  },
  {
    ...common,
    entryPoints: ['src/host/dynamics/dynamicsWorker.ts'],
    outfile: 'dist/web/dynamicsWorker.js',
    platform: 'browser',
    format: 'iife',
    external: ['node:worker_threads'],
    define: { __WEB__: 'true', global: 'globalThis' },
  },
  // Every run of a model after an edit, the same way (src/host/session/runWorker.ts).
  {
    ...common,
    entryPoints: ['src/host/session/runWorker.ts'],
    outfile: 'dist/runWorker.js',
    platform: 'node',
    mainFields: NODE_MAIN_FIELDS,
    format: 'cjs',
    define: { __WEB__: 'false' },
  },
  {
    ...common,
    entryPoints: ['src/host/session/runWorker.ts'],
    outfile: 'dist/web/runWorker.js',
    platform: 'browser',
    format: 'iife',
    external: ['node:worker_threads'],
    define: { __WEB__: 'true', global: 'globalThis' },
  },
];

/** KaTeX's stylesheet and fonts ship inside the extension: the webview loads nothing remote. */
function copyKatexAssets() {
  mkdirSync('media/katex', { recursive: true });
  cpSync('node_modules/katex/dist/katex.min.css', 'media/katex/katex.min.css');
  cpSync('node_modules/katex/dist/fonts', 'media/katex/fonts', {
    recursive: true,
    filter: (src) => !/\.(ttf|woff)$/.test(src),
  });
}

copyKatexAssets();
if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
}
