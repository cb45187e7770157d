// `npm run bench`: every benchmark in turn — the engine against numpy, the panel, keypress → paint
// in the real workbench, the CLI at the edges of the limits (time and memory), the dynamics, the
// editor while a model re-runs — each run even when an earlier one failed or went over budget, so
// one result never hides the other.
// Arguments after the script names (e.g. --strict) are passed to each bench. Exit 1 when any
// bench exited non-zero (broke, or was over budget with --strict / BENCH_STRICT=1).
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const named = args.filter((a) => a.endsWith('.mjs'));
const passed = args.filter((a) => !a.endsWith('.mjs'));
const benches =
  named.length > 0
    ? named.map((f) => resolve(f))
    : [
        'engine.bench.mjs',
        'panel.bench.mjs',
        'keypress.bench.mjs',
        'cli.bench.mjs',
        'dynamics.bench.mjs',
        'hostRuns.bench.mjs',
      ].map((f) => join(here, f));

const results = [];
for (const file of benches) {
  const t0 = Date.now();
  const { status, signal } = spawnSync(process.execPath, [file, ...passed], { stdio: 'inherit' });
  results.push({
    file,
    status: status ?? (signal ? `signal ${signal}` : 'unknown'),
    s: ((Date.now() - t0) / 1000).toFixed(1),
  });
}
console.log('\nbenchmarks:');
for (const r of results)
  console.log(
    `  ${r.status === 0 ? '✓' : '✗'} ${r.file.slice(r.file.lastIndexOf('/') + 1)} (${r.s} s)${r.status === 0 ? '' : ` exited ${r.status}`}`,
  );
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
