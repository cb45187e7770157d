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

import { PARAM_NAMES, type Model } from '../model';
import { openPass } from './pass';

export interface GradCheckEntry {
  /** A parameter name, or 'h0' / 'c0'. */
  readonly name: string;
  /** Row-major element index within that tensor. */
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly error: number;
}

export interface GradCheckResult {
  /** The largest error over every checked entry (0 when nothing was checked). */
  readonly maxError: number;
  /** The entry with that error. */
  readonly worst: GradCheckEntry | null;
  /** The worst entry of each tensor, by name (parameters in PARAM_NAMES order, then h0, c0). */
  readonly perTensor: Readonly<Record<string, GradCheckEntry>>;
  /** How many entries were checked. */
  readonly checked: number;
  readonly eps: number;
}

export interface GradCheckOptions {
  /** Finite-difference step (default 1e-6). */
  readonly eps?: number;
  /** Check at most this many entries of each tensor, evenly spaced (default: all). */
  readonly maxPerTensor?: number;
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
    pass.run(true);
    const grads = pass.read('grads');
    const targets: [string, number, number, Float64Array][] = PARAM_NAMES[model.cell].map((n) => [
      n,
      L.P + L.rel[n],
      grads[n].data.length,
      grads[n].data,
    ]);
    targets.push(['h0', L.HP, L.H, M.slice(L.DHPREV, L.DHPREV + L.H)]);
    if (L.C >= 0) targets.push(['c0', L.C, L.H, M.slice(L.DCPREV, L.DCPREV + L.H)]);

    const perTensor: Record<string, GradCheckEntry> = {};
    let worst: GradCheckEntry | null = null;
    let checked = 0;
    for (const [name, at, length, grad] of targets) {
      const count = Math.min(length, options.maxPerTensor ?? length);
      for (let c = 0; c < count; c++) {
        const k = count === length ? c : Math.floor((c * length) / count);
        const saved = M[at + k];
        const up = saved + eps,
          down = saved - eps;
        M[at + k] = up;
        const plus = pass.run(false).loss;
        M[at + k] = down;
        const minus = pass.run(false).loss;
        M[at + k] = saved;
        const numeric = (plus - minus) / (up - down); // the step actually taken, not 2ε
        const entry: GradCheckEntry = {
          name,
          index: k,
          analytic: grad[k],
          numeric,
          error: gradError(grad[k], numeric),
        };
        checked++;
        if (!perTensor[name] || entry.error > perTensor[name].error) perTensor[name] = entry;
        if (!worst || entry.error > worst.error || Number.isNaN(entry.error)) worst = entry;
      }
    }
    return { maxError: worst ? worst.error : 0, worst, perTensor, checked, eps };
  } finally {
    pass.release();
  }
}
