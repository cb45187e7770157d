// @ts-check
// `npm run test:e2e`: the three end-to-end checks in order — the host suite (mocha inside the web
// extension host), the `npm start` smoke test, the UI suite (Playwright as a person) — each run
// even when an earlier one failed, so one broken feature does not hide the state of the others.
// Ends with one summary line per suite and, last, `end-to-end: N passed, M failed` counting tests
// (the host suite's mocha tests, the smoke test as one, the UI suite's tests); exits 1 if any failed.
import { ROOT } from '../../scripts/vscode-web.mjs';
import { runStages } from '../../scripts/testStages.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** @type {import('../../scripts/testStages.mjs').Stage[]} */
const suites = [
  {
    name: 'host suite (mocha in the web extension host)',
    cmd: npm,
    args: ['run', '--silent', 'test:e2e:host'],
    count: 'mocha',
    cwd: ROOT,
  },
  { name: 'npm start smoke test', cmd: process.execPath, args: ['test/e2e/start-smoke.mjs'], count: 'exit', cwd: ROOT },
  {
    name: 'UI suite (Playwright in the workbench)',
    cmd: npm,
    args: ['run', '--silent', 'test:e2e:ui'],
    count: 'tally',
    cwd: ROOT,
  },
];
process.exit(await runStages(suites, 'end-to-end'));
