// What a bad file gets: one Problem per thing wrong, each anchored to a JSON node of the text.
// The same records become editor diagnostics (host), `FILE:LINE:COL: error: MESSAGE` lines (CLI)
// and the panel's "stale" banner, so they carry everything each of those needs.

export type Severity = 'error' | 'warning';

export interface Problem {
  readonly severity: Severity;
  /** JSON path as a person writes it: `weights.W_xh[1]`, `inputs[3]`, `` (the whole document). */
  readonly path: string;
  /** Offset and length (UTF-16 code units) of the offending node in the text. */
  readonly offset: number;
  readonly length: number;
  /** 1-based line and column of `offset` (column counts UTF-16 code units, as editors do). */
  readonly line: number;
  readonly column: number;
  /** A sentence a person understands: what is wrong and what was expected. */
  readonly message: string;
}

/** Limits checked before anything is allocated; a file beyond them is refused with a Problem. */
export interface Limits {
  readonly maxHidden: number;
  readonly maxInput: number;
  readonly maxOutput: number;
  readonly maxSteps: number;
  readonly maxParams: number;
  /** Float64 values a run records (trace.ts: every series at every timestep, plus the parameters,
   *  their gradients and the update) — the memory the stepper keeps to step back without recomputing. */
  readonly maxTraceValues: number;
  /** Nesting depth of arrays/objects; deeper text is refused before building a tree (no stack overflow). */
  readonly maxDepth: number;
  /** Training steps, from `train.steps` or the CLI's `--steps`. */
  readonly maxTrainSteps: number;
  /** Length of the text: parsing keeps a tree of about 100 bytes per written number, so a text of
   *  64 MB already takes most of a gigabyte. The CLI refuses a longer file before reading it. */
  readonly maxFileBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxHidden: 4096,
  maxInput: 100_000,
  maxOutput: 100_000,
  maxSteps: 100_000,
  maxParams: 50_000_000,
  maxTraceValues: 64_000_000, // 512 MB of float64
  maxDepth: 64,
  maxTrainSteps: 10_000_000,
  maxFileBytes: 64_000_000,
};

/** Formats a problem the way compilers print them, so VS Code problem matchers read it. */
export function formatProblem(file: string, p: Problem): string {
  return `${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
