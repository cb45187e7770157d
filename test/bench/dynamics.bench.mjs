// `node test/bench/dynamics.bench.mjs` (also part of `npm run bench`): what the dynamics cost on the
// benchmark models of the anchors folder (make_perf.py there; RNN_ANCHORS, as for engine.bench.mjs),
// against the engine's own passes.
//  1. The gradient-flow matrix ‖∂ℓ_t/∂h_k‖ of char-rnn-128 (H=128, V=65, T=100) and char-lstm-128,
//     against one forward + backward pass of the same model. Budget: less than one backward pass
//     per row — the whole matrix under T forward + backward passes. Also reported: connectivity
//     ‖∂y_t/∂x_k‖_F and the spectral radii.
//  2. 1 000 training steps of char-rnn-128 with every step's statistics recorded and the curves
//     refreshed ten times a second (loss and ‖g‖ downsampled as the panel's chart is) against the
//     bare engine loop (forward, backward, ‖g‖, clip, update — nothing kept); and as Train… records
//     it for the panel: the training worker's loop with its checkpoints and, per progress message,
//     the panel's training message (trainingWorker.ts, trainingMessage.ts). Budget: within 1.5×.
// Times are the best of several runs, wall clock and CPU (a shared machine's load inflates the
// wall clock). Over budget prints OVER BUDGET and exits 0 unless --strict (budget.mjs).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { budgetVerdict } from './budget.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const anchors = resolve(process.env.RNN_ANCHORS ?? join(root, '../shared/anchors'));
if (!existsSync(join(anchors, 'make_perf.py'))) {
  console.error(`bench: no anchors at ${anchors} (set RNN_ANCHORS to the folder holding make_perf.py)`);
  process.exit(1);
}
const bundle = join(root, 'dist/bench/dynamics.mjs');
await esbuild.build({
  entryPoints: [join(root, 'test/bench/dynamicsEntry.ts')],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'es2022',
  outfile: bundle,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  // trainingWorker.ts wires itself to node:worker_threads through require (inert on the main thread).
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
});
const engine = await import(pathToFileURL(bundle).href);

const work = mkdtempSync(join(tmpdir(), 'rnn-dyn-bench-'));
const python =
  ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0) ?? 'python3';
const made = spawnSync(python, [join(anchors, 'make_perf.py'), work], { encoding: 'utf8' });
if (made.status !== 0) {
  console.error(`bench: make_perf.py failed: ${made.stderr}`);
  process.exit(1);
}
const load = (name) => {
  const parsed = engine.parseModel(readFileSync(join(work, `${name}.rnn.json`), 'utf8'));
  if (!parsed.model) throw new Error(`${name} does not parse`);
  return parsed.model;
};

const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** The best wall-clock and CPU ms of `repeats` runs of f (after one warm-up). */
function best(f, repeats) {
  f();
  let ms = Infinity,
    cpuMs = Infinity,
    value;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now(),
      c0 = cpuNow();
    value = f();
    ms = Math.min(ms, performance.now() - t0);
    cpuMs = Math.min(cpuMs, cpuNow() - c0);
  }
  return { ms, cpuMs, value };
}
const f = (x) => x.toFixed(2);
const over = [];

console.log(`engine: ${engine.activeBackend()} kernels; node ${process.version}\n`);
console.log('1. gradient-flow matrix vs one forward + backward pass');
const rows = [];
for (const name of ['char-rnn-128', 'char-lstm-128']) {
  const model = load(name);
  const pass = engine.openPass(model);
  const fb = best(() => pass.run(true), 20);
  pass.release();
  const flow = best(() => engine.gradientFlow(model), 5);
  const conn = best(() => engine.connectivity(model), 1);
  const spectra = best(() => engine.recurrentSpectra(model), 3);
  const T = model.steps;
  const passes = flow.cpuMs / fb.cpuMs;
  if (!(passes < T)) over.push(`${name}: the flow matrix costs ${f(passes)} forward+backward passes (budget < ${T})`);
  rows.push([
    name,
    `${f(fb.ms)} / ${f(fb.cpuMs)}`,
    `${f(flow.ms)} / ${f(flow.cpuMs)}`,
    `${f(passes)} (${f(passes / T)} per row)`,
    `${(flow.value.multiplyAdds / 1e6).toFixed(1)} M`,
    `${f(conn.ms)} / ${f(conn.cpuMs)}`,
    `${(conn.value.multiplyAdds / 1e9).toFixed(2)} G`,
    `${f(spectra.ms)}`,
  ]);
}
table(
  [
    'model',
    'fwd+bwd ms (wall / CPU)',
    'flow matrix ms',
    'flow in fwd+bwd passes (CPU)',
    'flow multiply-adds',
    'connectivity ms',
    'conn. multiply-adds',
    'spectra ms',
  ],
  rows,
);

console.log('\n2. 1 000 training steps of char-rnn-128: statistics recorded, curves refreshed at 10 Hz, vs bare');
const model = load('char-rnn-128');
const STEPS = 1000;
function bare() {
  const pass = engine.openPass(model);
  const { M, L } = pass;
  const { learningRate, clipNorm } = model.train;
  let last = 0;
  try {
    for (let k = 0; k < STEPS; k++) {
      last = pass.run(true).loss;
      const c = engine.clipFactor(engine.gradNorm(M, L, model.params), clipNorm);
      for (let q = 0; q < L.paramCount; q++) M[L.P + q] = M[L.P + q] - learningRate * (c * M[L.GD + q]);
    }
  } finally {
    pass.release();
  }
  return last;
}
function recorded() {
  const losses = [],
    norms = [],
    factors = [];
  let next = performance.now() + 100,
    redraws = 0;
  const r = engine.train(model, STEPS, (k, loss, s) => {
    losses.push(loss);
    norms.push(s.gradNorm);
    factors.push(s.clipFactor);
    if (performance.now() >= next) {
      engine.downsampleLosses(losses);
      engine.downsampleLosses(norms);
      redraws++;
      next = performance.now() + 100;
    }
  });
  if (r.gradNorms.length !== STEPS) throw new Error('statistics missing');
  return { last: r.losses[STEPS - 1], redraws };
}
/** What Train… runs for the panel: the training worker's loop (trainingWorker.ts runTraining: every
 *  step's statistics, checkpoints for "Step into iteration") and, for each of its progress messages,
 *  the host's panel message (trainingMessage.ts: the curves downsampled). */
function panelRecorded() {
  const losses = [],
    norms = [],
    factors = [],
    rates = [];
  let redraws = 0,
    done = null;
  engine.runTraining(
    { type: 'train', model, steps: STEPS, checkpointEvery: engine.checkpointInterval(model, STEPS) },
    (r) => {
      if (r.type === 'progress') {
        losses.push(...r.losses);
        norms.push(...r.stats.gradNorms);
        factors.push(...r.stats.clipFactors);
        rates.push(...r.stats.learningRates);
        const p = { state: 'running', step: losses.length, total: STEPS, losses };
        engine.trainingMessage({ ...p, gradNorms: norms, clipFactors: factors, learningRates: rates });
        redraws++;
      } else done = r;
    },
  );
  if (done?.type !== 'done' || done.stats.gradNorms.length !== STEPS) throw new Error('statistics missing');
  return { last: done.losses[STEPS - 1], redraws, checkpoints: done.checkpoints.size };
}
let bareBest = { ms: Infinity, cpuMs: Infinity },
  recBest = { ms: Infinity, cpuMs: Infinity },
  panelBest = { ms: Infinity, cpuMs: Infinity },
  panelRedraws = 0,
  checkpoints = 0,
  agree = true,
  redraws = 0;
for (let r = 0; r < 3; r++) {
  const a = best(bare, 1),
    b = best(recorded, 1),
    c = best(panelRecorded, 1);
  agree &&= a.value === b.value.last && a.value === c.value.last;
  panelRedraws = c.value.redraws;
  checkpoints = c.value.checkpoints;
  panelBest = { ms: Math.min(panelBest.ms, c.ms), cpuMs: Math.min(panelBest.cpuMs, c.cpuMs) };
  redraws = b.value.redraws;
  bareBest = { ms: Math.min(bareBest.ms, a.ms), cpuMs: Math.min(bareBest.cpuMs, a.cpuMs) };
  recBest = { ms: Math.min(recBest.ms, b.ms), cpuMs: Math.min(recBest.cpuMs, b.cpuMs) };
}
const ratio = recBest.cpuMs / bareBest.cpuMs;
if (!(ratio < 1.5)) over.push(`training with statistics is ${f(ratio)}× the bare engine (budget 1.5×)`);
const panelRatio = panelBest.cpuMs / bareBest.cpuMs;
if (!(panelRatio < 1.5)) over.push(`Train… as the panel records it is ${f(panelRatio)}× the bare engine (budget 1.5×)`);
table(
  ['run', 'wall ms', 'CPU ms', 'ms per step (CPU)'],
  [
    ['bare engine loop', f(bareBest.ms), f(bareBest.cpuMs), f(bareBest.cpuMs / STEPS)],
    [`train() + statistics + ${redraws} curve refreshes`, f(recBest.ms), f(recBest.cpuMs), f(recBest.cpuMs / STEPS)],
    [
      `training worker + ${checkpoints} checkpoints + ${panelRedraws} panel messages`,
      f(panelBest.ms),
      f(panelBest.cpuMs),
      f(panelBest.cpuMs / STEPS),
    ],
  ],
);
console.log(
  `ratio (CPU): ${f(ratio)}× (budget 1.5×); wall: ${f(recBest.ms / bareBest.ms)}×; last losses equal: ${agree ? 'yes' : 'NO'}`,
);
console.log(
  `Train… as the panel records it (CPU): ${f(panelRatio)}× (budget 1.5×); wall: ${f(panelBest.ms / bareBest.ms)}×`,
);
rmSync(work, { recursive: true, force: true });

const verdict = budgetVerdict({ over, broken: !agree });
if (!agree) console.error('bench: FAILED: training with statistics gave other losses than the bare loop');
if (verdict.lines.length > 0) console.log(`\n${verdict.lines.join('\n')}`);
process.exit(verdict.exitCode);

function table(head, body) {
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of body) console.log(line(r));
}
