// What a benchmark does with a time over its budget: it reports it, loudly ("OVER BUDGET"), and
// still exits 0 — on a loaded shared machine a slow run says more about the machine than the code.
// `--strict` (or BENCH_STRICT=1) makes over budget fail the process, for a quiet dedicated runner.
// A bench that broke (wrong numbers, a crash) always fails.

/** Whether over budget fails the process: `--strict` on the command line or BENCH_STRICT=1. */
export function isStrict(argv = process.argv, env = process.env) {
  return argv.includes('--strict') || env.BENCH_STRICT === '1';
}

/** The closing line and exit status of a bench. `over`: what went over its budget (empty: none).
 *  @param {{ over: string[], broken?: boolean, strict?: boolean }} verdict */
export function budgetVerdict({ over, broken = false, strict = isStrict() }) {
  const lines = over.map((what) => `OVER BUDGET: ${what}`);
  if (over.length > 0)
    lines.push(
      strict
        ? '(strict: over budget fails the bench)'
        : '(reported only; --strict or BENCH_STRICT=1 makes it fail the bench)',
    );
  return { lines, exitCode: broken || (strict && over.length > 0) ? 1 : 0 };
}
