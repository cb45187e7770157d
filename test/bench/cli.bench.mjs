// `npm run bench` (and `node test/bench/cli.bench.mjs` after `npm run build`): wall time and peak
// resident memory of `rnn-step` at the edges of what the limits allow — rnn with H = 256…4096 at
// T = 100, H = 32 at T = 1 000…100 000, LSTM and GRU at H = 1024 — for `run`, `run --json` and
// `explain`, each a child process of dist/cli.js. Peak memory is the child's own maxRSS
// (process.resourceUsage at exit, reported through a preloaded hook), set against the memory the
// run records (the trace limit's count, src/engine/parse/sizes.ts). Then the largest model the limits
// allow (rnn H = 4096, T = 417): its peak, and the process's memory after the trace is dropped
// against its idle memory (test/unit/fixtures/memoryProbe.ts).
//
// Exit 1 when a command fails (the bench broke). Times are reported only: the machine is shared.
// RNN_BENCH_QUICK=1 leaves out the largest models (H = 4096, T = 100 000) and `run --json`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/cli.js');
const work = mkdtempSync(join(tmpdir(), 'rnn-cli-bench-'));
const quick = process.env.RNN_BENCH_QUICK === '1';

// A hook loaded into each child: at exit, its peak resident memory and CPU time into the file
// RNN_BENCH_RSS (CPU time says more than wall time on a shared, loaded machine).
const hook = join(work, 'rss-hook.cjs');
writeFileSync(
  hook,
  `process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeFileSync(process.env.RNN_BENCH_RSS, JSON.stringify({ rss: u.maxRSS * 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 })); });\n`,
);

const vocab = Array.from({ length: 65 }, (_, i) => String.fromCharCode(48 + i));
/** A char-rnn-like model: 65 tokens, next-token targets, weights drawn with init. */
function model(cell, H, T) {
  const inputs = Array.from({ length: T }, (_, i) => vocab[(i * 7) % 65]);
  const file = join(work, `${cell}-${H}-${T}.rnn.json`);
  writeFileSync(
    file,
    JSON.stringify({
      cell,
      hiddenSize: H,
      vocab,
      inputs,
      targets: [...inputs.slice(1), vocab[0]],
      weights: { init: { seed: 1 } },
    }),
  );
  return file;
}

/** Float64 values the run records (traceValueCount in src/engine/parse/sizes.ts), in bytes. */
function traceBytes(cell, H, T) {
  const G = { rnn: 1, lstm: 4, gru: 3 }[cell];
  const I = 65,
    O = 65;
  const perStep = { rnn: 7 * H + 3 * O, lstm: 22 * H + 3 * O, gru: 15 * H + 3 * O }[cell];
  const params = G * H * (I + H + 1) + (cell === 'gru' ? H : 0) + O * H + O;
  return 8 * (T * perStep + 3 * params);
}

function measure(args) {
  const rssFile = join(work, 'rss');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--require', hook, cli, ...args], {
    env: { ...process.env, RNN_BENCH_RSS: rssFile },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    timeout: 30 * 60 * 1000,
  });
  const s = (performance.now() - t0) / 1000;
  return { status: r.status, stderr: r.stderr, s, ...JSON.parse(readFileSync(rssFile, 'utf8')) };
}

const MODELS = [
  ['rnn', 256, 100],
  ['rnn', 1024, 100],
  ['rnn', 2048, 100],
  ['rnn', 4096, 100],
  ['rnn', 32, 1000],
  ['rnn', 32, 10000],
  ['rnn', 32, 100000],
  ['lstm', 1024, 100],
  ['gru', 1024, 100],
].filter(([, H, T]) => !quick || (H < 4096 && T < 100000));

const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;
const rows = [];
let broken = false;
// What Node and the CLI take before any model: subtracted to compare the rest with the trace.
const base = measure(['--version']).rss;
for (const [cell, H, T] of MODELS) {
  const file = model(cell, H, T);
  const trace = traceBytes(cell, H, T);
  const commands = [['run'], ...(quick ? [] : [['run', '--json']]), ['explain']];
  for (const args of commands) {
    const m = measure([args[0], file, ...args.slice(1)]);
    if (m.status !== 0) {
      broken = true;
      console.error(`bench: ${cell} H=${H} T=${T} ${args.join(' ')} exited ${m.status}: ${m.stderr.trim()}`);
    }
    rows.push([
      `${cell} H=${H} T=${T}`,
      `rnn-step ${args.join(' ')}`,
      `${m.s.toFixed(1)} s`,
      `${m.cpu.toFixed(1)} s`,
      mb(m.rss),
      mb(trace),
      `${((m.rss - base) / trace).toFixed(2)}×`,
    ]);
  }
}

const head = ['model', 'command', 'wall time', 'CPU time', 'peak RSS', 'trace', '(RSS − Node) / trace'];
const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
const line = (r) => `| ${r.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
console.log(`rnn-step (${cli}), node ${process.version}; output to /dev/null; Node alone: ${mb(base)}\n`);
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
console.log(
  '\ntrace: the float64 values the run records (what the trace limit counts); Node: the peak RSS of `rnn-step --version`',
);

if (!quick) {
  // The largest model the limits allow, in one process: idle, peak, and after the trace is dropped.
  const probe = join(root, 'test/unit/fixtures/memoryProbe.ts');
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', '--require', 'tsx/cjs', probe, '4096', '417'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30 * 60 * 1000,
  });
  if (r.status !== 0) {
    broken = true;
    console.error(`bench: memory probe failed: ${r.stderr}`);
  } else {
    const p = JSON.parse(r.stdout);
    console.log(
      `\nlargest allowed model (rnn H=4096, T=417, trace ${mb(p.traceBytes)}), in-process (${((performance.now() - t0) / 1000).toFixed(1)} s):` +
        `\n  idle ${mb(p.idle)}, peak ${mb(p.peak)} (${((p.peak - p.idle) / p.traceBytes).toFixed(2)}× the trace over idle),` +
        ` after the trace is dropped ${mb(p.after)} (${(p.after / p.idle).toFixed(2)}× idle)`,
    );
    if (p.after > 2 * p.idle) console.log('OVER BUDGET: memory after the largest run is more than 2× idle');
  }
}

rmSync(work, { recursive: true, force: true });
process.exit(broken ? 1 : 0);
