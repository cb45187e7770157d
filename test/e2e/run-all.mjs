// `npm run test:e2e`: the three end-to-end checks in order — the host suite (mocha inside the web
// extension host), the `npm start` smoke test, the UI suite (Playwright as a person) — each run
// even when an earlier one failed, so one broken feature does not hide the state of the others.
// Ends with one summary line per suite and exits 1 if any failed.
import { spawnSync } from 'node:child_process';
import { ROOT } from '../../scripts/vscode-web.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const suites = [
  ['host suite (mocha in the web extension host)', [npm, ['run', '--silent', 'test:e2e:host']]],
  ['npm start smoke test', [process.execPath, ['test/e2e/start-smoke.mjs']]],
  ['UI suite (Playwright in the workbench)', [npm, ['run', '--silent', 'test:e2e:ui']]],
];
const results = [];
for (const [name, [cmd, args]] of suites) {
  const t0 = Date.now();
  const { status } = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  results.push({ name, ok: status === 0, s: ((Date.now() - t0) / 1000).toFixed(1) });
}
console.log('\nend-to-end:');
for (const r of results) console.log(`  ${r.ok ? '✓' : '✗'} ${r.name} (${r.s} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`end-to-end: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
