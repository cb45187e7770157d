// Gradient check: the analytic gradients of BPTT against central finite differences of the loss,
// for every parameter element and every element of h0 (and c0 for lstm).
//
//   numeric = (L(θ + ε) − L(θ − ε)) / 2ε                      (ε = 1e-6 by default; the divisor is
//             the difference of the two rounded probe points, so that θ ± ε's rounding cancels)
//   error   = |analytic − numeric| / max(|analytic| + |numeric|, 1)
//
// Why this error. A pure relative error |a − n| / (|a| + |n|) is meaningless for the many
// gradient entries near zero (a weight that barely matters): there the finite difference is
// dominated by rounding, about u·|L|/ε ≈ 1e-10·|L| with u = 2⁻⁵³, and the "relative" error of an
// exact gradient of 1e-9 would be near 1. So the denominator never drops below 1: for entries of
// magnitude ≥ 1 this is the usual symmetric relative error (within a factor 2), below that it is
// the absolute error, which is what a finite difference can resolve. An analytic gradient that is
// wrong by more than one part in a million of max(|g|, 1) is reported; the rounding noise of the
// difference quotient (≈ 1e-10·|L|) stays far below that for any loss under ~1000.
//
// Sampling. Each entry costs two forward passes, so a large model is checked on a sample: at most
// `maxPerTensor` entries of each tensor — its first and last element and the rest drawn with a
// fixed seed (Mulberry32, init.ts), so the same file always checks the same entries, spread over
// rows and columns alike. A NaN error is explained (GradCheckEntry.note), and a base run that is
// not finite is named (nonFinite.ts), since a NaN says nothing about the formulas.

import { PARAM_NAMES, type Model } from '../model';
import { openPass } from './pass';
import { mulberry32 } from '../parse/init';
import { clipFactor, gradNorm } from './optimize';
import { heapValues } from './heapValues';
import { firstNonFinite, scanSteps, type NonFinite } from '../trace/nonFinite';
import { buildSteps } from '../trace/steps';

export interface GradCheckEntry {
  /** A parameter name, or 'h0' / 'c0'. */
  readonly name: string;
  /** Row-major element index within that tensor. */
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly error: number;
  /** Why the error is not a number, when it is not: "finite differences overflow at this magnitude …". */
  readonly note?: string;
}

export interface GradCheckResult {
  /** The largest error over every checked entry (0 when nothing was checked). */
  readonly maxError: number;
  /** The entry with that error. */
  readonly worst: GradCheckEntry | null;
  /** The worst entry of each tensor, by name (parameters in PARAM_NAMES order, then h0, c0). */
  readonly perTensor: Readonly<Record<string, GradCheckEntry>>;
  /** How many entries were checked, out of `total` planned (fewer when onProgress stopped it). */
  readonly checked: number;
  readonly total: number;
  /** Every entry of every tensor (what `maxPerTensor` samples from). */
  readonly entries: number;
  readonly eps: number;
  /** The loss at the weights as written. */
  readonly loss: number;
  /** The first non-finite value of the run at the weights as written (its loss or gradients are
   *  not finite), or null. */
  readonly nonFinite: NonFinite | null;
}

export interface GradCheckOptions {
  /** Finite-difference step (default 1e-6). */
  readonly eps?: number;
  /** Check at most this many entries of each tensor (default: all): the first, the last, and the
   *  rest drawn with a fixed seed (sampleIndices). */
  readonly maxPerTensor?: number;
  /** Called after each entry with the number checked and planned; false stops the check there. */
  readonly onProgress?: (checked: number, total: number) => boolean | void;
}

/** `count` distinct indices of 0…length−1 in ascending order: all of them when count ≥ length,
 *  else 0, length − 1 and count − 2 others drawn by Mulberry32 from `seed`. */
export function sampleIndices(length: number, count: number, seed: number): Int32Array {
  if (count >= length) return Int32Array.from({ length }, (_, i) => i);
  const picked = new Set<number>([0, length - 1].slice(0, count));
  const r = mulberry32(seed);
  while (picked.size < count) picked.add(1 + Math.floor(r() * (length - 2)));
  return Int32Array.from([...picked].sort((a, b) => a - b));
}

/** Is `a` a worse entry than `b`? A NaN error is worse than any number. */
function worse(a: GradCheckEntry, b: GradCheckEntry | null | undefined): boolean {
  return !b || a.error > b.error || (Number.isNaN(a.error) && !Number.isNaN(b.error));
}

/** Why an entry's error is NaN. */
function noteFor(analytic: number, numeric: number, plus: number, minus: number): string | undefined {
  if (Number.isFinite(analytic) && Number.isFinite(numeric)) return undefined;
  if (!Number.isFinite(analytic)) return 'the analytic gradient (BPTT) is not finite';
  if (!Number.isFinite(plus) || !Number.isFinite(minus))
    return `finite differences overflow at this magnitude: the loss at θ ± ε is ${plus} and ${minus}`;
  return `finite differences overflow at this magnitude: L(θ + ε) − L(θ − ε) = ${plus} − ${minus}`;
}

export function gradError(analytic: number, numeric: number): number {
  return Math.abs(analytic - numeric) / Math.max(Math.abs(analytic) + Math.abs(numeric), 1);
}

export function gradCheck(model: Model, options: GradCheckOptions = {}): GradCheckResult {
  const eps = options.eps ?? 1e-6;
  // One open pass: the probes change one number of the heap in place (a parameter, or an element
  // of h0 / c0, which are row 0 of the state regions) and rerun forward + loss.
  const pass = openPass(model);
  try {
    const { M, L } = pass;
    const base = pass.run(true);
    const grads = pass.read('grads');
    const norm = gradNorm(M, L, model.params);
    const dh0 = M.subarray(L.DHPREV, L.DHPREV + L.H);
    const finite = Number.isFinite(base.loss) && Number.isFinite(norm) && firstNonFinite(dh0) < 0;
    const nonFinite = finite
      ? null
      : scanSteps(heapValues(model, M, L, base, norm, clipFactor(norm, model.train.clipNorm)), buildSteps(model));
    const targets: [string, number, number, Float64Array][] = PARAM_NAMES[model.cell].map((n) => [
      n,
      L.P + L.rel[n],
      grads[n].data.length,
      grads[n].data,
    ]);
    targets.push(['h0', L.HP, L.H, M.slice(L.DHPREV, L.DHPREV + L.H)]);
    if (L.C >= 0) targets.push(['c0', L.C, L.H, M.slice(L.DCPREV, L.DCPREV + L.H)]);

    const plan = targets.map(([name, at, length, grad], k) => ({
      name,
      at,
      grad,
      picks: sampleIndices(length, Math.min(length, options.maxPerTensor ?? length), 0x5eed + k),
    }));
    const total = plan.reduce((n, p) => n + p.picks.length, 0);
    const entries = targets.reduce((n, t) => n + t[2], 0);
    const perTensor: Record<string, GradCheckEntry> = {};
    let worst: GradCheckEntry | null = null;
    let checked = 0;
    probe: for (const { name, at, grad, picks } of plan) {
      for (const k of picks) {
        const saved = M[at + k];
        const up = saved + eps,
          down = saved - eps;
        M[at + k] = up;
        const plus = pass.run(false).loss;
        M[at + k] = down;
        const minus = pass.run(false).loss;
        M[at + k] = saved;
        const numeric = (plus - minus) / (up - down); // the step actually taken, not 2ε
        const note = noteFor(grad[k], numeric, plus, minus);
        const entry: GradCheckEntry = {
          name,
          index: k,
          analytic: grad[k],
          numeric,
          error: gradError(grad[k], numeric),
          ...(note ? { note } : {}),
        };
        checked++;
        if (worse(entry, perTensor[name])) perTensor[name] = entry;
        if (worse(entry, worst)) worst = entry;
        if (options.onProgress?.(checked, total) === false) break probe;
      }
    }
    return {
      maxError: worst ? worst.error : 0,
      worst,
      perTensor,
      checked,
      total,
      entries,
      eps,
      loss: base.loss,
      nonFinite,
    };
  } finally {
    pass.release();
  }
}
