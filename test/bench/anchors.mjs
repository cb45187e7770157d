// Running the Python anchors (../shared/anchors/*_train.py) for the benchmark: finding an
// interpreter that has numpy / torch, and timing N steps by wall clock.
import { spawnSync } from 'node:child_process';

/** The subprocess environment for the anchors: OpenBLAS left to pick its own kernels for this CPU
 *  (a forced OPENBLAS_CORETYPE or L2 size from the parent environment would slow or skew it). */
function anchorEnv() {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  return env;
}

const removed = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'].filter((k) => process.env[k] !== undefined);

/** The first of python3 (PATH) and /usr/bin/python3 that imports `module`, with its version. */
export function findPython(module) {
  for (const python of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(python, ['-c', `import ${module}; print(${module}.__version__)`], {
      encoding: 'utf8',
      env: anchorEnv(),
    });
    if (r.status === 0) {
      let envNote = removed.length
        ? `unset ${removed.join(', ')} for the subprocess`
        : 'OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE not set';
      if (module === 'numpy') {
        const cfg = spawnSync(
          python,
          [
            '-c',
            'import numpy; c = numpy.show_config(mode="dicts"); b = c["Build Dependencies"]["blas"]; print(b["name"], b.get("version", ""))',
          ],
          { encoding: 'utf8', env: anchorEnv() },
        );
        if (cfg.status === 0) envNote = `BLAS ${cfg.stdout.trim()}; ${envNote}`;
      }
      return { python, version: r.stdout.trim(), envNote };
    }
  }
  return null;
}

// Runs the anchor script as __main__ and reports its own CPU time (all threads) on stderr, so
// that a loaded machine can be told apart from a slow program.
const WRAP =
  'import atexit, resource, runpy, sys\n' +
  'def _cpu():\n r = resource.getrusage(resource.RUSAGE_SELF); sys.stderr.write("\\nCPU-SECONDS %r\\n" % (r.ru_utime + r.ru_stime))\n' +
  'atexit.register(_cpu)\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name="__main__")\n';

function runOnce(py, script, file, steps) {
  const t0 = performance.now();
  const r = spawnSync(py.python, ['-c', WRAP, script, file, String(steps)], {
    encoding: 'utf8',
    env: anchorEnv(),
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${script} ${file} ${steps}: ${r.stderr}`);
  const cpu = /CPU-SECONDS ([0-9.e+-]+)/.exec(r.stderr);
  return { ms, cpuMs: cpu ? Number(cpu[1]) * 1000 : NaN, losses: JSON.parse(r.stdout).losses };
}

/** ms per step as the slope between n1 and n2 steps, wall clock and CPU time, each the smallest
 *  of `repeats` runs, and the n2 losses. */
export function timeAnchor(py, script, file, n1, n2, repeats) {
  let a = { ms: Infinity, cpuMs: Infinity },
    b = { ms: Infinity, cpuMs: Infinity },
    losses = null;
  for (let r = 0; r < repeats; r++) {
    const x = runOnce(py, script, file, n1);
    const y = runOnce(py, script, file, n2);
    losses = y.losses;
    a = { ms: Math.min(a.ms, x.ms), cpuMs: Math.min(a.cpuMs, x.cpuMs) };
    b = { ms: Math.min(b.ms, y.ms), cpuMs: Math.min(b.cpuMs, y.cpuMs) };
  }
  return { ms: (b.ms - a.ms) / (n2 - n1), cpuMs: (b.cpuMs - a.cpuMs) / (n2 - n1), losses };
}

export function relErr(a, b) {
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
}
