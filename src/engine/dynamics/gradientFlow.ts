// Gradient flow over time: the matrix ‖∂ℓ_t/∂h_k‖₂ for t = 1…T and k = 0…T — how strongly the loss
// of step t depends on the hidden state of step k; 0 for k > t (the future cannot matter), no row
// for a step without a target.
//
// Definitions (docs/DYNAMICS.md). ℓ_t is step t's own loss, before any reduction (loss.ts: for mean
// the backpropagated loss divides every ℓ_t by n; the flow does not — it measures dependence, not
// weighting). ∂ℓ_t/∂h_k is the gradient of ℓ_t with respect to h_k as a state of the recurrence:
// h_k is perturbed, everything computed from it (h_{k+1}, c_{k+1}, …, y_t) follows, the rest of the
// state of step k (the lstm's c_k) is held. That is BPTT's δh_k for the loss ℓ_t alone — for an
// lstm it carries every path from h_k to ℓ_t, through later h's and through later c's. At k = t it
// is W_hyᵀ ∂ℓ_t/∂y_t; at k = 0 it is ∂ℓ_t/∂h_0.
//
// Cost. For each row t a backward sweep from t down to 0: Σ_t t · GH · H multiply–adds for the
// recurrence (≈ T²/2 · GH · H when every step has a target) plus n · O · H for the n starting
// vectors. One forward and backward pass of the engine (forward.ts, bptt.ts) costs about
// T · (3 · GH · H + 3 · O · H) with token inputs. For char-rnn-128 (H = 128, O = 65, T = 100) that
// is 83.6 M multiply–adds against 7.4 M: 11 passes' worth for 100 rows, a ninth of a pass per row
// — and it runs as T matrix products with up to T rows (adjointSweep.ts), at least as fast per
// multiply–add as the pass's own products (test/bench/dynamics.bench.mjs measures both).

import type { Model } from '../model';
import { openSweep } from './adjointSweep';
import { norm2 } from './vectorNorm';
import { forwardSeries, linearize, outputDeltas, targetSteps, type ForwardSeries } from './linearization';

export interface FlowMatrix {
  readonly T: number;
  /** T × (T+1) row-major: value (t, k) at (t−1)·(T+1) + k is ‖∂ℓ_t/∂h_k‖₂; 0 for k > t. */
  readonly values: Float64Array;
  /** hasRow[t−1] = 1 when step t has a target; a row without one is all zeros here (null in JSON). */
  readonly hasRow: Uint8Array;
  /** Multiply–adds spent (the recurrence and the starting vectors). */
  readonly multiplyAdds: number;
}

/** The gradient-flow matrix of one run of `model` (its own weights). `series`: the run's forward
 *  values when the caller already has them (linearization.ts forwardSeries). */
export function gradientFlow(model: Model, series?: ForwardSeries): FlowMatrix {
  const s = series ?? forwardSeries(model);
  const T = model.steps,
    H = model.hiddenSize,
    O = model.outputSize;
  const values = new Float64Array(T * (T + 1));
  const hasRow = new Uint8Array(T);
  const steps = targetSteps(model);
  const R = steps.length;
  if (R === 0) return { T, values, hasRow, multiplyAdds: 0 };
  for (const t of steps) hasRow[t - 1] = 1;
  const lin = linearize(model, s);
  const dy = outputDeltas(model, s);
  const rowT = Int32Array.from(steps).reverse(); // row r holds t = rowT[r], descending
  const sweep = openSweep(lin, R, null, 0);
  let multiplyAdds = R * O * H;
  try {
    const { M } = sweep;
    // Starting vectors: ∂ℓ_t/∂h_t = W_hyᵀ δy_t, summed over o in ascending order as bptt.ts does.
    const Why = lin.Why;
    const dh = sweep.dh();
    for (let r = 0; r < R; r++) {
      const d = (rowT[r] - 1) * O;
      for (let j = 0; j < H; j++) {
        let acc = 0;
        for (let o = 0; o < O; o++) acc += Why[o * H + j] * dy[d + o];
        M[dh + r * H + j] = acc;
      }
    }
    if (sweep.dc >= 0) M.fill(0, sweep.dc, sweep.dc + R * H);
    let alive = 0;
    for (let k = T; k >= 1; k--) {
      while (alive < R && rowT[alive] >= k) alive++;
      recordNorms(M, sweep.dh(), H, alive, rowT, values, T, k);
      sweep.gateDeltas(k, alive);
      sweep.propagate(k, alive);
      multiplyAdds += alive * lin.GH * H;
    }
    recordNorms(M, sweep.dh(), H, R, rowT, values, T, 0);
  } finally {
    sweep.release();
  }
  return { T, values, hasRow, multiplyAdds };
}

function recordNorms(
  M: Float64Array,
  at: number,
  H: number,
  m: number,
  rowT: Int32Array,
  values: Float64Array,
  T: number,
  k: number,
): void {
  for (let r = 0; r < m; r++) values[(rowT[r] - 1) * (T + 1) + k] = norm2(M, at + r * H, H);
}
