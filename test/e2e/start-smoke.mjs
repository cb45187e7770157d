// @ts-check
// Proves `npm start` (the README's main-job command): runs scripts/start.mjs as a person would,
// reads the URL it prints, loads it in headless Chromium with a *default* profile (no cookie
// settings changed: the URL must work in an ordinary browser), opens the seed example from the
// Explorer, opens the stepper from the palette, takes a screenshot, then stops it with Ctrl+C
// (SIGINT) and checks that it exits cleanly. Exit 1 on any failure.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT, freePort, launchChromium } from '../../scripts/vscode-web.mjs';
import { Workbench } from './ui/workbench.mjs';

const SEED = 'hi-there-class.rnn.json';
const started = Date.now();
const port = await freePort();
const child = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-browser', '--port', String(port)], {
  cwd: ROOT,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stdout.on('data', (d) => (output += d));
child.stderr.on('data', (d) => (output += d));
const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));

const failures = [];
let context;
try {
  const url = await new Promise((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`npm start printed no URL within 30 s:\n${output}`)), 30_000);
    const look = () => {
      const m = output.match(/Open\s+(http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        found(m[1]);
      }
    };
    child.stdout.on('data', look);
    child.on('exit', () => fail(new Error(`npm start exited early:\n${output}`)));
  });
  context = await launchChromium(chromium, { viewport: { width: 1400, height: 900 } }, { thirdPartyCookies: false });
  const page = context.pages()[0] ?? (await context.newPage());
  const wb = new Workbench(page, join(ROOT, 'test-results', 'screenshots'));
  await wb.load(url, SEED);
  await wb.openFromExplorer(SEED);
  try {
    await wb.runCommand('RNN: Open Stepper');
    const title = wb.byTestId('step-title');
    await title.waitFor({ timeout: 20_000 });
    await wb.byTestId('equation-numeric').filter({ hasText: /0\.5/ }).waitFor({ timeout: 10_000 }); // a₁ = 0.5
    const first = (await title.textContent()) ?? '';
    await wb.runCommand('RNN: Step Forward');
    await title.filter({ hasNotText: first }).waitFor({ timeout: 10_000 });
  } catch (err) {
    failures.push(`the stepper panel did not show the first step: ${String(err).split('\n')[0]}`);
  }
  await wb.screenshot('npm-start');
  console.log(
    `npm start served ${url}: workbench loaded, ${SEED} opened${failures.length ? '' : ', stepper panel painted and stepped'} (default browser profile)`,
  );
} catch (err) {
  failures.push(err instanceof Error ? err.message : String(err));
} finally {
  await context?.close();
  child.kill('SIGINT');
  const { code, signal } = await Promise.race([
    exited,
    new Promise((done) => setTimeout(() => done({ code: 'still running' }), 10_000)),
  ]);
  if (code !== 0) {
    failures.push(`npm start did not stop cleanly on Ctrl+C (exit ${code}${signal ? `, signal ${signal}` : ''})`);
    child.kill('SIGKILL');
  }
}
for (const f of failures) console.log(`✗ ${f}`);
console.log(
  `npm start smoke test ${failures.length ? 'FAILED' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exit(failures.length ? 1 : 0);
