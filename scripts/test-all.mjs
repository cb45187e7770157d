// `npm test`: build, typecheck, lint, then every test stage — unit (mocha), webview (real Chromium),
// end-to-end (real VS Code web workbench), packaging, the desktop extension host — with their output
// as it comes. A failed build, typecheck or lint stops there; a failed test stage does not stop the
// next, so one broken feature does not hide the state of the others. The last line, alone, sums
// every stage: `tests: N passed, M failed` (a stage that failed without reporting its tests counts
// as one failure). Exit 1 if anything failed.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runStages } from './testStages.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (script) => ({ cmd: npm, args: ['run', '--silent', script], cwd: ROOT });

const STAGES = [
  {
    name: 'Chromium for the browser suites',
    cmd: process.execPath,
    args: [join(ROOT, 'scripts', 'ensure-chromium.mjs')],
    cwd: ROOT,
    count: 'gate',
  },
  { name: 'build (npm run build)', ...run('build'), count: 'gate' },
  { name: 'typecheck (npm run typecheck: extension, engine alone, webview, e2e)', ...run('typecheck'), count: 'gate' },
  { name: 'lint and format (npm run lint)', ...run('lint'), count: 'gate' },
  { name: 'unit tests (npm run test:unit)', ...run('test:unit'), count: 'mocha' },
  { name: 'webview tests (npm run test:webview)', ...run('test:webview'), count: 'tally' },
  { name: 'end-to-end tests (npm run test:e2e)', ...run('test:e2e'), count: 'tally' },
  // After the suites that use the development build, because it rebuilds dist/ for production: the
  // .vsix builds and holds only what runs.
  { name: 'package (npm run package)', ...run('package'), count: 'exit' },
  // The desktop (Node) extension host: VS Code server from code-server, installed once per machine
  // into ~/.cache/rnn-stepper. It makes its own production build and .vsix, so it follows package.
  {
    name: 'desktop extension host (npm run test:desktop: VS Code server 1.139 from code-server)',
    ...run('test:desktop'),
    count: 'tally',
  },
];

process.exit(await runStages(STAGES, 'tests'));
