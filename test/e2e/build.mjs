// @ts-check
// Bundles the host suite twice from the same sources: for the web extension host (browser, mocha's
// browser build inside, only `vscode` external) and for desktop VS Code (Node, mocha external).
// Output goes to dist/test/, which `npm run package` leaves out of the .vsix (.vscodeignore).
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// HOST_GREP=<regex> runs only the matching tests (baked into the bundle: the web worker has no env).
const grep = JSON.stringify(process.env.HOST_GREP ?? '');
// RUNS_MODEL=<H>x<T> sizes the large model of runs.test.ts (test/bench/hostRuns.bench.mjs sets it).
const runsModel = JSON.stringify(process.env.RUNS_MODEL ?? '2048x100');
/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  format: 'cjs',
  target: 'es2022',
  sourcemap: 'inline',
  logLevel: 'warning',
  absWorkingDir: root,
};

export const HOST_WEB_BUNDLE = join(root, 'dist/test/e2e/host.web.js');
export const HOST_NODE_BUNDLE = join(root, 'dist/test/e2e/host.node.js');

export async function buildHostSuite() {
  await Promise.all([
    esbuild.build({
      ...common,
      entryPoints: ['test/e2e/host/index.web.ts'],
      outfile: HOST_WEB_BUNDLE,
      platform: 'browser',
      external: ['vscode'],
      define: { global: 'globalThis', __WEB__: 'true', __HOST_GREP__: grep, __RUNS_MODEL__: runsModel },
    }),
    esbuild.build({
      ...common,
      entryPoints: ['test/e2e/host/index.node.ts'],
      outfile: HOST_NODE_BUNDLE,
      platform: 'node',
      external: ['vscode', 'mocha'],
      define: { __WEB__: 'false', __HOST_GREP__: grep, __RUNS_MODEL__: runsModel },
    }),
  ]);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildHostSuite();
