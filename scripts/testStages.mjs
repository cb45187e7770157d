// @ts-check
// Runs test stages one after another and counts their tests — for `npm test` (scripts/test-all.mjs)
// and the end-to-end runner (test/e2e/run-all.mjs). Each stage's output is streamed as it comes and
// its tail kept, to read the counts its runner prints at the end:
//   'mocha'  the spec reporter's "N passing" / "N failing"      (unit suite, host suite)
//   'tally'  our runners' closing "N passed, N failed"          (webview, UI, end-to-end)
//   'exit'   one test, passed when the stage exits 0            (the `npm start` smoke test)
//   'gate'   no tests (build, typecheck): when it fails, nothing after it runs
// A stage that exits non-zero without a failure among its counts (it crashed, or failed outside
// its tests) counts one failure, so a broken stage can never read as all green.
// Under a stage that failed, the summary names its failing tests (failingTests), so that the last
// lines of a long log — often all a CI report keeps — say which test failed and why.
// The closing line, alone and last, is `<label>: N passed, M failed` (CI reads it).
import { spawn } from 'node:child_process';

/** @typedef {'mocha' | 'tally' | 'exit' | 'gate'} CountKind */
/** @typedef {{ passed: number, failed: number, note?: string }} Counts */
/**
 * @typedef {{ name: string, cmd: string, args: string[], count: CountKind, cwd?: string, env?: NodeJS.ProcessEnv }}
 *   Stage
 */
/** @typedef {number | string} Status the exit code, or how the stage ended without one */

const KEEP_CHARS = 256 * 1024;
// eslint-disable-next-line no-control-regex -- matching terminal escape sequences is the point
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;

/** @param {string} text @param {RegExp} re */
function lastMatch(text, re) {
  let last = null;
  for (const m of text.matchAll(re)) last = m;
  return last;
}

/** The counts of a mocha spec-reporter summary (the last one in `text`), or null.
 *  @param {string} text @returns {Counts | null} */
export function mochaCounts(text) {
  const plain = text.replace(ANSI, '');
  const passing = lastMatch(plain, /^\s*(\d+) passing\b/gm);
  const failing = lastMatch(plain, /^\s*(\d+) failing\b/gm);
  if (!passing && !failing) return null;
  return { passed: passing ? Number(passing[1]) : 0, failed: failing ? Number(failing[1]) : 0 };
}

/** The counts of the last "N passed, N failed" line in `text`, or null.
 *  @param {string} text @returns {Counts | null} */
export function tallyCounts(text) {
  const m = lastMatch(text.replace(ANSI, ''), /(\d+) passed, (\d+) failed/g);
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

/** How many failing tests the summary names per stage; the stage's own output has the rest. */
const NAMED_FAILURES = 8;

/** The failing tests in a stage's output, each as "title — first line of its error", in order:
 *  mocha's numbered failure blocks after "N failing", and our runners' "✗"/"✘" lines.
 *  @param {string} text @returns {string[]} */
export function failingTests(text) {
  const plain = text.replace(ANSI, '');
  const failing = lastMatch(plain, /^\s*\d+ failing\b.*$/gm);
  /** @type {string[]} */
  const found = [];
  if (failing) {
    const after = plain.slice((failing.index ?? 0) + failing[0].length);
    for (const block of after.split(/^\s*\d+\) /m).slice(1)) {
      // The title's last line ends with ':'; the error follows, after a blank line or not.
      const lines = block.split('\n').map((l) => l.trim());
      const end = lines.findIndex((l) => l.endsWith(':'));
      const title = lines
        .slice(0, end < 0 ? 1 : end + 1)
        .join(' ')
        .replace(/:$/, '');
      const why = end < 0 ? undefined : lines.slice(end + 1).find((l) => l !== '');
      found.push(why ? `${title} — ${why}` : title);
    }
  }
  // A runner's failure line; its error, if any, is the next line, indented deeper.
  for (const m of plain.matchAll(/^([ \t]*)[✗✘] (.+)$/gm)) {
    const next = plain.slice((m.index ?? 0) + m[0].length).split('\n')[1] ?? '';
    const deeper = next.length - next.trimStart().length > m[1].length && next.trim() !== '';
    found.push(deeper ? `${m[2]} — ${next.trim()}` : m[2]);
  }
  return found.map((f) => (f.length > 300 ? `${f.slice(0, 299)}…` : f));
}

/** What a finished stage counts: its tests, plus one failure if it failed without saying so.
 *  @param {CountKind} count @param {string} output @param {Status} status @returns {Counts} */
export function stageCounts(count, output, status) {
  const ok = status === 0;
  let found;
  switch (count) {
    case 'mocha':
      found = mochaCounts(output);
      break;
    case 'tally':
      found = tallyCounts(output);
      break;
    case 'exit':
      found = { passed: ok ? 1 : 0, failed: ok ? 0 : 1 };
      break;
    case 'gate':
      found = { passed: 0, failed: 0 };
      break;
    default:
      throw new Error(`unknown count kind ${count}`);
  }
  if (count === 'gate') return ok ? { passed: 0, failed: 0 } : { passed: 0, failed: 1, note: `exited ${status}` };
  const counted = found ?? { passed: 0, failed: 0 };
  if (!ok && counted.failed === 0)
    return {
      ...counted,
      failed: counted.failed + 1,
      note: found ? `exited ${status} with no test failing` : `exited ${status} before reporting its tests`,
    };
  if (ok && !found) return { ...counted, note: 'reported no test count' };
  return counted;
}

/** Runs one stage, streaming its output; resolves with its status and output tail.
 *  @param {Pick<Stage, 'cmd' | 'args' | 'cwd' | 'env'>} stage
 *  @returns {Promise<{ status: Status, output: string }>} */
export function runStage({ cmd, args, cwd, env }) {
  return new Promise((resolve) => {
    let tail = '';
    /** @param {Buffer | string} chunk */
    const keep = (chunk) => {
      tail += chunk.toString('utf8');
      if (tail.length > KEEP_CHARS) tail = tail.slice(-KEEP_CHARS);
    };
    const child = spawn(cmd, args, {
      cwd,
      env: env ?? process.env,
      stdio: ['inherit', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    child.stdout.on('data', (c) => {
      process.stdout.write(c);
      keep(c);
    });
    child.stderr.on('data', (c) => {
      process.stderr.write(c);
      keep(c);
    });
    child.on('error', (err) => {
      keep(`\n${err.message}\n`);
    });
    child.on('close', (code, signal) =>
      resolve({ status: code ?? (signal ? `signal ${signal}` : 'unknown'), output: tail }),
    );
  });
}

/**
 * Runs `stages` ({name, cmd, args, count, cwd?, env?}) in order: every test stage runs even when an
 * earlier one failed; a failed 'gate' stage stops the run. Prints one summary line per stage, then
 * `<label>: N passed, M failed` last. Resolves with the exit status (1 if anything failed).
 */
export async function runStages(/** @type {Stage[]} */ stages, /** @type {string} */ label) {
  /** @type {(Counts & { name: string, status: Status, seconds: string, gate: boolean, failures: string[] })[]} */
  const results = [];
  let stopped = null;
  for (const stage of stages) {
    console.log(`\n▶ ${stage.name}`);
    const t0 = Date.now();
    const { status, output } = await runStage(stage);
    const counts = stageCounts(stage.count, output, status);
    results.push({
      name: stage.name,
      status,
      ...counts,
      failures: counts.failed > 0 ? failingTests(output) : [],
      seconds: ((Date.now() - t0) / 1000).toFixed(1),
      gate: stage.count === 'gate',
    });
    if (stage.count === 'gate' && status !== 0) {
      stopped = stage.name;
      break;
    }
  }
  console.log(`\n${label}:`);
  for (const r of results) {
    const counts = r.gate && r.status === 0 ? '' : `: ${r.passed} passed, ${r.failed} failed`;
    console.log(
      `  ${r.status === 0 && r.failed === 0 ? '✓' : '✗'} ${r.name}${counts} (${r.seconds} s)${r.note ? ` — ${r.note}` : ''}`,
    );
    for (const f of r.failures.slice(0, NAMED_FAILURES)) console.log(`      failed: ${f}`);
    if (r.failures.length > NAMED_FAILURES) console.log(`      … and ${r.failures.length - NAMED_FAILURES} more above`);
  }
  if (stopped) console.log(`  ${stopped} failed: the stages after it did not run`);
  const passed = results.reduce((a, r) => a + r.passed, 0);
  const failed = results.reduce((a, r) => a + r.failed, 0);
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  return failed > 0 || results.some((r) => r.status !== 0) ? 1 : 0;
}
