// @ts-check
// `npm run test:desktop`: RNN Stepper in the desktop (Node) extension host — our `main` entry
// (dist/extension.js), training in worker_threads, real files, VS Code's Markdown preview.
//
// Here, on any Linux or macOS machine with the npm registry once: VS Code server 1.139 from the
// npm package code-server (install.mjs caches it outside the repository) runs
//   1. the host suite (test/e2e/host/, mocha inside the Node extension host), and
//   2. a person's-eye smoke test in Chromium against the packaged .vsix installed into code-server
//      (uiSmoke.mjs, uiTests.mjs).
// Both run against the production build, packed here into a .vsix as `npm run package` does.
// With --electron (or DESKTOP_HOST=electron), on a machine that can download desktop VS Code, the
// host suite runs in desktop VS Code itself through @vscode/test-electron instead
// (test/e2e/host/run-desktop.mjs).
//
// Everything the servers write lives in one temporary folder per run (removed when the run passes,
// kept and named when it fails); every process runs in its own process group and is stopped with
// it, also on failure, timeout or Ctrl+C (processGroups.mjs). The first line names the host that
// ran; the last line, alone, is `N passed, M failed` (the host suite's tests and the smoke's).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../../scripts/vscode-web.mjs';
import { mochaCounts } from '../../../scripts/testStages.mjs';
import { CODE_SERVER_VERSION, InstallError, NODE_VERSION, ensureDesktopHost } from './install.mjs';
import { runHostSuite } from './hostSuite.mjs';
import { SHOTS_DIR, runUiSmoke } from './uiSmoke.mjs';

/** The whole run after the install: the host suite and the smoke take 1–2 minutes each on a busy 2-core machine. */
const RUN_TIMEOUT_MS = 15 * 60_000;

const started = Date.now();

/** Runs a build step; its output is shown only when it fails. */
/** @param {string} what @param {string} cmd @param {string[]} args */
function quietly(what, cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0)
    throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stdout}${r.stderr}`);
}
const seconds = () => ((Date.now() - started) / 1000).toFixed(1);

if (process.argv.includes('--electron') || process.env.DESKTOP_HOST === 'electron') {
  console.log('desktop host: desktop VS Code through @vscode/test-electron (downloads VS Code on first use)');
  const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const run =
    build.status === 0
      ? spawnSync(process.execPath, [join(ROOT, 'test/e2e/host/run-desktop.mjs')], { cwd: ROOT, stdio: 'inherit' })
      : build;
  console.log(
    `desktop host (desktop VS Code, @vscode/test-electron) ${run.status === 0 ? 'passed' : 'FAILED'} in ${seconds()} s`,
  );
  process.exit(run.status === 0 ? 0 : 1);
}

console.log(
  `desktop host: VS Code server from code-server ${CODE_SERVER_VERSION} ` +
    `(its Node extension host, Node ${NODE_VERSION})`,
);
let host;
try {
  host = await ensureDesktopHost((line) => console.log(`  ${line}`));
} catch (err) {
  // An InstallError is a sentence for the reader; anything else is a bug here: its stack.
  const why = err instanceof InstallError ? err.message : err instanceof Error ? err.stack : String(err);
  console.log(`desktop host could not be installed: ${why}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(
  `  VS Code ${host.vscodeVersion}, ${host.cached ? 'cached' : 'just installed'} in ${host.dir} (${seconds()} s)`,
);

const scratch = mkdtempSync(join(tmpdir(), 'rnn-stepper-desktop-'));
// Every temporary folder of the run — fixture workspaces, browser profiles, the servers' own
// temporary files — inside the scratch folder, so a run that is cut short leaves nothing elsewhere.
process.env.TMPDIR = scratch;
let finished = false;
process.on('exit', (code) => {
  if (!finished && code !== 0) console.log(`desktop stage stopped (exit ${code}); logs kept in ${scratch}`);
});
const watchdog = setTimeout(() => {
  finished = true;
  console.log(`desktop stage: timed out after ${RUN_TIMEOUT_MS / 60_000} minutes; logs kept in ${scratch}`);
  console.log('0 passed, 1 failed');
  process.exit(1); // processGroups.mjs kills every server on the way out; Playwright its browser
}, RUN_TIMEOUT_MS);

let passed = 0;
let failed = 0;
try {
  // The production build (minified, what ships) and its .vsix, packed into the scratch folder.
  console.log('\n▶ production build and .vsix');
  quietly('the production build', process.execPath, ['esbuild.mjs', '--production']);
  const require = createRequire(import.meta.url);
  const vsce = join(require.resolve('@vscode/vsce/package.json'), '..', 'vsce');
  const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
  const vsix = join(scratch, `rnn-stepper-${version}.vsix`);
  quietly('vsce package', process.execPath, [vsce, 'package', '--no-dependencies', '--out', vsix]);
  console.log(`  ${vsix}`);

  console.log(`\n▶ host suite in the Node extension host of VS Code server ${host.vscodeVersion}`);
  const suite = await runHostSuite(host, scratch, (line) => console.log(line));
  const counts = mochaCounts(suite.output) ?? { passed: 0, failed: 0 };
  passed += counts.passed;
  failed += counts.failed;
  if (suite.code !== 0 && counts.failed === 0) {
    failed++;
    console.log(`  the host suite exited ${suite.code} without a failing test (see ${suite.logs})`);
  }

  console.log(`\n▶ UI smoke: the .vsix in code-server ${CODE_SERVER_VERSION}, driven in Chromium`);
  const smoke = await runUiSmoke(host, scratch, vsix, (line) => console.log(line));
  passed += smoke.passed;
  failed += smoke.failed;
} catch (err) {
  failed++;
  console.log(`desktop stage: ${err instanceof Error ? err.message : err}`);
} finally {
  clearTimeout(watchdog);
}

finished = true;
if (failed === 0) rmSync(scratch, { recursive: true, force: true });
console.log(
  `\ndesktop host (VS Code server ${host.vscodeVersion} from code-server ${CODE_SERVER_VERSION}) ` +
    `${failed ? 'FAILED' : 'passed'} in ${seconds()} s; screenshots in ${SHOTS_DIR}` +
    (failed ? `; server logs kept in ${scratch}` : ''),
);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
