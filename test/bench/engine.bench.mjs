// `npm run bench`: times the engine's training step against the numpy anchor (and PyTorch, when
// a Python with torch is present) on the models of ../shared/anchors, in one run, and checks
// that the losses agree. Per-step time is the slope between two step counts, so that start-up
// (Python's import, our parse) cancels out.
//
// Environment: RNN_ANCHORS = the anchors folder (default: ../shared/anchors beside the repo);
// RNN_BENCH_QUICK=1 skips char-rnn-512. Exit status 1 when the losses disagree (the bench broke).
// Not faster than numpy on char-rnn-128 / char-lstm-128 prints OVER BUDGET and exits 0 (a loaded
// machine is not a broken engine); --strict or BENCH_STRICT=1 exits 1 then (budget.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { findPython, relErr, timeAnchor } from './anchors.mjs';
import { budgetVerdict } from './budget.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const anchors = resolve(process.env.RNN_ANCHORS ?? join(root, '../shared/anchors'));
if (!existsSync(join(anchors, 'make_perf.py'))) {
  console.error(`bench: no anchors at ${anchors} (set RNN_ANCHORS to the folder holding make_perf.py and np_train.py)`);
  process.exit(1);
}

// The engine, compiled the way the extension ships it.
const bundle = join(root, 'dist/bench/engine.mjs');
await esbuild.build({
  entryPoints: [join(root, 'test/bench/engineEntry.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'es2022',
  outfile: bundle,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
});
const engine = await import(pathToFileURL(bundle).href);

const numpy = findPython('numpy');
const torch = findPython('torch');
const work = mkdtempSync(join(tmpdir(), 'rnn-bench-'));
const made = spawnSync(numpy?.python ?? 'python3', [join(anchors, 'make_perf.py'), work], { encoding: 'utf8' });
if (made.status !== 0) {
  console.error(`bench: make_perf.py failed: ${made.stderr}`);
  process.exit(1);
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** ms per training step of our engine, wall clock and CPU: slopes between n1 and n2 steps, each
 *  count timed `repeats` times and the smallest kept (as for the anchors). */
function timeOurs(model, n1, n2, repeats) {
  engine.train(model, 3); // warm up the JIT
  const best = { [n1]: { ms: Infinity, cpuMs: Infinity }, [n2]: { ms: Infinity, cpuMs: Infinity } };
  let losses = null;
  for (let r = 0; r < repeats; r++) {
    for (const n of [n1, n2]) {
      const t0 = performance.now(),
        c0 = cpuNow();
      const run = engine.train(model, n);
      const ms = performance.now() - t0,
        cpuMs = cpuNow() - c0;
      if (n === n2) losses = run.losses;
      best[n] = { ms: Math.min(best[n].ms, ms), cpuMs: Math.min(best[n].cpuMs, cpuMs) };
    }
  }
  return { ms: (best[n2].ms - best[n1].ms) / (n2 - n1), cpuMs: (best[n2].cpuMs - best[n1].cpuMs) / (n2 - n1), losses };
}

const MODELS = [
  { name: 'tiny-rnn-8', n: [10, 410], repeats: 3 },
  { name: 'char-rnn-128', n: [10, 60], repeats: 3, goal: true },
  { name: 'char-lstm-128', n: [10, 60], repeats: 3, goal: true },
  { name: 'char-rnn-512', n: [5, 25], repeats: 1 },
].filter((m) => !(process.env.RNN_BENCH_QUICK && m.name === 'char-rnn-512'));

console.log(`engine: ${engine.activeBackend()} kernels; node ${process.version}`);
console.log(
  numpy
    ? `numpy:  ${numpy.python} (numpy ${numpy.version}); ${numpy.envNote}`
    : 'numpy:  not found (no python3 that imports numpy): numpy columns skipped',
);
console.log(
  torch
    ? `torch:  ${torch.python} (torch ${torch.version})`
    : 'torch:  not found (no python3 that imports torch): PyTorch column skipped',
);
console.log('');

const rows = [];
let failed = false;
const over = [];
for (const spec of MODELS) {
  const file = join(work, `${spec.name}.rnn.json`);
  const parsed = engine.parseModel(readFileSync(file, 'utf8'), { fileName: file });
  if (!parsed.model) throw new Error(`${spec.name}: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  const model = parsed.model;
  const [n1, n2] = spec.n;
  const ours = timeOurs(model, n1, n2, spec.repeats);
  engine.setBackend('js');
  const oursJs = timeOurs(model, n1, n2, 1);
  engine.setBackend('auto');
  const np = numpy ? timeAnchor(numpy, join(anchors, 'np_train.py'), file, n1, n2, spec.repeats > 1 ? 2 : 1) : null;
  const th =
    torch && existsSync(join(anchors, 'torch_train.py'))
      ? timeAnchor(torch, join(anchors, 'torch_train.py'), file, n1, n2, 1)
      : null;
  let agree = 'n/a';
  if (np) {
    const first = relErr(ours.losses[0], np.losses[0]);
    const rest = Math.max(...ours.losses.map((l, k) => relErr(l, np.losses[k])));
    const ok = np.losses.length === ours.losses.length && first <= 1e-10 && rest <= 1e-6;
    agree = `${ok ? 'yes' : 'NO'} (first ${first.toExponential(1)}, max ${rest.toExponential(1)})`;
    if (!ok) failed = true;
  }
  const ratio = np ? ours.ms / np.ms : NaN;
  const cpuRatio = np ? ours.cpuMs / np.cpuMs : NaN;
  if (spec.goal && np && !(ratio < 1)) over.push(`${spec.name}: ours/numpy ${ratio.toFixed(2)}× (must be < 1.0×)`);
  const f = (x) => x.toFixed(2);
  rows.push([
    spec.name,
    f(ours.ms),
    f(oursJs.ms),
    np ? f(np.ms) : 'n/a',
    np ? `${f(ratio)}×` : 'n/a',
    np ? `${f(ours.cpuMs)} / ${f(np.cpuMs)} = ${f(cpuRatio)}×` : 'n/a',
    th ? f(th.ms) : 'n/a',
    agree,
  ]);
}
rmSync(work, { recursive: true, force: true });

const head = [
  'model',
  'ours ms/step',
  'ours, js kernels',
  'numpy ms/step',
  'ours/numpy',
  'CPU ms/step ours / numpy',
  'torch ms/step',
  'losses agree with numpy',
];
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (r) => `| ${r.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  '\nms/step: wall-clock slope between two step counts (best of the repeats); CPU: the same slope in CPU time',
);
console.log(
  'goal: ours/numpy ≤ 0.5× on char-rnn-128 and char-lstm-128 (must be < 1.0×); losses: first to 1e-10, all to 1e-6 (relative)',
);
if (failed) console.error('bench: FAILED: the losses disagree with numpy (see the table)');
const verdict = budgetVerdict({ over, broken: failed });
if (verdict.lines.length > 0) console.log(`\n${verdict.lines.join('\n')}`);
process.exit(verdict.exitCode);
