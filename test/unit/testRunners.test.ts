// The runners around the suites: `npm test` (scripts/test-all.mjs over scripts/testStages.mjs) must
// end with one line counting every test of every stage, run every test stage even after a failure,
// and stop at a failed build; `npm run test:e2e` must count tests, not suites; `npm run bench` must
// run both benches and exit 0 when a bench is only over budget (unless --strict / BENCH_STRICT=1).
// The .mjs scripts run in child processes, as npm runs them.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = join(__dirname, '..', '..');
const STAGES = pathToFileURL(join(ROOT, 'scripts', 'testStages.mjs')).href;
const BUDGET = pathToFileURL(join(ROOT, 'test', 'bench', 'budget.mjs')).href;

/** Runs an ES module snippet; resolves what it prints as JSON on its last line. */
function evalModule(code: string): { stdout: string; status: number | null } {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BENCH_STRICT: '' },
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status };
}

const lastLine = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

/** A stage that prints `out` and exits with `code`. */
const fake = (name: string, count: string, out: string, code: number) => ({
  name,
  cmd: process.execPath,
  args: ['-e', `process.stdout.write(${JSON.stringify(out)}); process.exit(${code})`],
  count,
});

function runStages(stages: object[], label = 'tests'): { stdout: string; status: number | null } {
  return evalModule(
    `import { runStages } from ${JSON.stringify(STAGES)}; process.exit(await runStages(${JSON.stringify(stages)}, ${JSON.stringify(label)}));`,
  );
}

describe('npm test: counting the tests of every stage', () => {
  it('reads mocha summaries and "N passed, N failed" lines (the last one, colours stripped)', () => {
    const { stdout } = evalModule(`
      import { mochaCounts, tallyCounts, stageCounts } from ${JSON.stringify(STAGES)};
      console.log(JSON.stringify([
        mochaCounts('  ✔ a\\n\\n  \\x1b[92m20 passing\\x1b[0m (6s)\\n  2 pending\\n'),
        mochaCounts('  3 passing (1s)\\n  1 failing\\n\\n  1) suite\\n'),
        mochaCounts('no summary'),
        tallyCounts('UI: 5 passed, 1 failed\\nend-to-end: 27 passed, 1 failed\\n'),
        tallyCounts('nothing'),
        stageCounts('exit', '', 0), stageCounts('exit', '', 1),
        stageCounts('mocha', 'crashed', 1),
        stageCounts('tally', '4 passed, 0 failed', 1),
        stageCounts('gate', '', 0), stageCounts('gate', '', 2),
      ]));`);
    assert.deepEqual(JSON.parse(lastLine(stdout)), [
      { passed: 20, failed: 0 },
      { passed: 3, failed: 1 },
      null,
      { passed: 27, failed: 1 },
      null,
      { passed: 1, failed: 0 },
      { passed: 0, failed: 1 },
      { passed: 0, failed: 1, note: 'exited 1 before reporting its tests' },
      { passed: 4, failed: 1, note: 'exited 1 with no test failing' },
      { passed: 0, failed: 0 },
      { passed: 0, failed: 1, note: 'exited 2' },
    ]);
  });

  it('runs every test stage after a failure, streams their output, and sums them on the last line', () => {
    const { stdout, status } = runStages([
      fake('build', 'gate', 'built\n', 0),
      fake('unit', 'mocha', 'UNIT-OUTPUT\n  7 passing (1s)\n  2 failing\n', 1),
      fake('webview', 'tally', 'WEBVIEW-OUTPUT\n3 passed, 0 failed\n', 0),
      fake('e2e', 'tally', 'host: 20 passing\nUI: 9 passed, 0 failed\nend-to-end: 30 passed, 1 failed\n', 1),
      fake('crash', 'mocha', 'Error: cannot start\n', 3),
    ]);
    assert.equal(status, 1);
    assert.equal(lastLine(stdout), 'tests: 40 passed, 4 failed');
    assert.ok(stdout.indexOf('UNIT-OUTPUT') < stdout.indexOf('WEBVIEW-OUTPUT'), "each stage's output, in order");
    assert.ok(stdout.indexOf('WEBVIEW-OUTPUT') < stdout.indexOf('tests: 40 passed'), 'streamed before the summary');
    assert.match(stdout, /✗ crash: 0 passed, 1 failed \([0-9.]+ s\) — exited 3 before reporting its tests/);
  });

  it("names each failing test and its error under its stage, so the log's last lines say what failed", () => {
    const mocha =
      '    1) fails here\n  1 passing (1s)\n  2 failing\n\n  1) memory\n       peaks within 2x:\n\n' +
      '      AssertionError [ERR_ASSERTION]: peak 254 MB\n      + expected - actual\n\n' +
      '  2) scheduler\n       inner\n         reports progress:\n     Error: boom\n      at Context\n';
    const tally =
      '  ✔ fine (3 ms)\n  ✘ the panel paints\n      Error: no paint\n      at x\n  ✗ ui (12 ms)\n2 passed, 2 failed\n';
    const { stdout, status } = runStages([
      fake('unit', 'mocha', mocha, 1),
      fake('webview', 'tally', tally, 1),
      fake('green', 'tally', '  ✗ not a failure of a passing stage\n1 passed, 0 failed\n', 0),
    ]);
    assert.equal(status, 1);
    const summary = stdout.slice(stdout.lastIndexOf('\ntests:\n'));
    assert.deepEqual(
      summary.split('\n').filter((l) => l.startsWith('      failed: ')),
      [
        '      failed: memory peaks within 2x — AssertionError [ERR_ASSERTION]: peak 254 MB',
        '      failed: scheduler inner reports progress — Error: boom',
        '      failed: the panel paints — Error: no paint',
        '      failed: ui (12 ms)',
      ],
    );
    assert.equal(lastLine(stdout), 'tests: 4 passed, 4 failed');
  });

  it('stops at a failed build or typecheck, and says so', () => {
    const { stdout, status } = runStages([
      fake('build', 'gate', 'built\n', 0),
      fake('typecheck', 'gate', 'error TS2322\n', 2),
      fake('unit', 'mocha', 'SHOULD-NOT-RUN\n  1 passing\n', 0),
    ]);
    assert.equal(status, 1);
    assert.ok(!stdout.includes('SHOULD-NOT-RUN'));
    assert.match(stdout, /typecheck failed: the stages after it did not run/);
    assert.equal(lastLine(stdout), 'tests: 0 passed, 1 failed');
  });

  it('exits 0 with everything green', () => {
    const { stdout, status } = runStages(
      [fake('unit', 'mocha', '  5 passing (1s)\n', 0), fake('smoke', 'exit', 'ok\n', 0)],
      'end-to-end',
    );
    assert.equal(status, 0);
    assert.equal(lastLine(stdout), 'end-to-end: 6 passed, 0 failed');
  });

  it('is what `npm test` and `npm run test:e2e` run, and CI still calls `npm test`', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.test, 'node scripts/test-all.mjs');
    const all = readFileSync(join(ROOT, 'scripts', 'test-all.mjs'), 'utf8');
    for (const s of ['build', 'typecheck', 'test:unit', 'test:webview', 'test:e2e'])
      assert.ok(all.includes(`run('${s}')`), s);
    const e2e = readFileSync(join(ROOT, 'test', 'e2e', 'run-all.mjs'), 'utf8');
    assert.match(e2e, /runStages\(suites, 'end-to-end'\)/);
    assert.match(readFileSync(join(ROOT, '.ci', 'run'), 'utf8'), /^npm test$/m);
  });
});

describe('npm run bench: a benchmark reports', () => {
  it('over budget prints OVER BUDGET and exits 0; --strict or BENCH_STRICT=1 exits 1; a broken bench exits 1', () => {
    const { stdout } = evalModule(`
      import { budgetVerdict, isStrict } from ${JSON.stringify(BUDGET)};
      console.log(JSON.stringify([
        budgetVerdict({ over: ['stepping takes more than 16 ms'], strict: false }),
        budgetVerdict({ over: ['stepping takes more than 16 ms'], strict: true }),
        budgetVerdict({ over: [], strict: true }),
        budgetVerdict({ over: [], broken: true, strict: false }),
        isStrict(['node', 'x.mjs', '--strict'], {}), isStrict(['node', 'x.mjs'], { BENCH_STRICT: '1' }), isStrict(['node', 'x.mjs'], {}),
      ]));`);
    const [over, strict, within, broken, flag, env, neither] = JSON.parse(lastLine(stdout));
    assert.equal(over.exitCode, 0);
    assert.equal(over.lines[0], 'OVER BUDGET: stepping takes more than 16 ms');
    assert.equal(strict.exitCode, 1);
    assert.deepEqual(within, { lines: [], exitCode: 0 });
    assert.equal(broken.exitCode, 1);
    assert.deepEqual([flag, env, neither], [true, true, false]);
  });

  it('runs every bench even when one fails, and fails when any did', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rnn-bench-run-'));
    try {
      const a = join(dir, 'a.bench.mjs');
      const b = join(dir, 'b.bench.mjs');
      writeFileSync(a, "console.log('A RAN', process.argv.slice(2).join(' ')); process.exit(1);\n");
      writeFileSync(b, "console.log('B RAN', process.argv.slice(2).join(' '));\n");
      const r = spawnSync(process.execPath, [join(ROOT, 'test', 'bench', 'run.mjs'), a, b, '--strict'], {
        encoding: 'utf8',
      });
      assert.match(r.stdout, /A RAN --strict/);
      assert.match(r.stdout, /B RAN --strict/);
      assert.equal(r.status, 1);
      const ok = spawnSync(process.execPath, [join(ROOT, 'test', 'bench', 'run.mjs'), b], { encoding: 'utf8' });
      assert.equal(ok.status, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    assert.equal(pkg.scripts.bench, 'npm run build && node test/bench/run.mjs');
  });
});
