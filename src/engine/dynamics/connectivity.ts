// Connectivity: ‖∂y_t/∂x_k‖_F for t, k = 1…T (0 for k > t) — how strongly the output of step t
// depends on the input of step k, whatever the targets.
//
// ∂y_t/∂x_k is the O × I Jacobian with respect to the whole input vector x_k (for token inputs the
// one-hot vector: every column, not only the token's), through the recurrence from step k to t
// (docs/DYNAMICS.md). Row o of it is the gradient of y_t[o]: the same backward sweep as the flow
// matrix (adjointSweep.ts), started from row o of W_hy at step t, and at each step k projected onto
// the input by the gate deltas: ∂y_t[o]/∂x_k = δa_x · Wx.
//
// Cost. Each t carries r = min(O, H) rows (when O > H, W_hy is replaced by its triangular factor R,
// which has the same ‖R M‖_F for every M: triangularFactor.ts), so connectivity costs about r times
// the flow matrix: Σ_k rows(k) · GH · (H + c), with c = min(I, GH) the columns of the input
// projection (again a triangular factor when I > GH). The rows of all t are swept together; when
// they would not fit in the memory budget they are split into blocks of whole t's (same work).

import type { Model } from '../model';
import { openSweep, sweepSize } from './adjointSweep';
import { forwardSeries, linearize, type ForwardSeries, type Linearization } from './linearization';
import { transpose, triangularFactor } from './triangularFactor';
import { norm2 } from './vectorNorm';

export interface ConnectivityMatrix {
  readonly T: number;
  /** T × T row-major: value (t, k) at (t−1)·T + (k−1) is ‖∂y_t/∂x_k‖_F; 0 for k > t. */
  readonly values: Float64Array;
  readonly multiplyAdds: number;
}

/** Doubles one sweep may use (256 MB): beyond it the t's are swept in blocks. */
const MEMORY_BUDGET = 32_000_000;

/** Multiply–adds `connectivity(model)` will spend (for a caller that wants to warn or refuse). */
export function connectivityWork(model: Model): number {
  const { steps: T, hiddenSize: H, outputSize: O, inputSize: I } = model;
  const GH = (model.cell === 'rnn' ? 1 : model.cell === 'lstm' ? 4 : 3) * H;
  const r = Math.min(O, H),
    c = Math.min(I, GH);
  const pairs = (T * (T + 1)) / 2;
  return pairs * r * GH * (H + c);
}

export function connectivity(model: Model, series?: ForwardSeries): ConnectivityMatrix {
  const s = series ?? forwardSeries(model);
  const lin = linearize(model, s);
  const { T, H, O, I, GH } = lin;
  const values = new Float64Array(T * T);
  const start = O > H ? triangularFactor(lin.Why, O, H) : lin.Why; // r × H
  const r = Math.min(O, H);
  // Input side: Wx (GH × I), or Rᵀ (GH × GH) with Wxᵀ = Q R when I > GH, since ‖D Wx‖ = ‖D Rᵀ‖.
  const cols = Math.min(I, GH);
  const input = I > GH ? transpose(triangularFactor(transpose(lin.Wx, GH, I), I, GH), GH, GH) : lin.Wx;
  const perT = sweepSize(lin, r, cols) - sweepSize(lin, 0, cols);
  const tsPerBlock = Math.max(1, Math.min(T, Math.floor((MEMORY_BUDGET - sweepSize(lin, 0, cols)) / perT)));
  let multiplyAdds = 0;
  for (let top = T; top >= 1; top -= tsPerBlock) {
    const count = Math.min(tsPerBlock, top);
    multiplyAdds += sweepBlock(lin, start, r, input, cols, top, count, values);
  }
  return { T, values, multiplyAdds };
}

/** The rows of t = top, top−1, …, top−count+1 (r rows each, t descending) swept from k = top to 1. */
function sweepBlock(
  lin: Linearization,
  start: Float64Array,
  r: number,
  input: Float64Array,
  cols: number,
  top: number,
  count: number,
  values: Float64Array,
): number {
  const { T, H, GH } = lin;
  const R = count * r;
  const sweep = openSweep(lin, R, input, cols);
  let work = 0;
  try {
    const { M } = sweep;
    const dh = sweep.dh();
    for (let q = 0; q < count; q++) M.set(start, dh + q * r * H);
    if (sweep.dc >= 0) M.fill(0, sweep.dc, sweep.dc + R * H);
    for (let k = top; k >= 1; k--) {
      const aliveTs = Math.min(count, top - k + 1); // t = top … max(k, top − count + 1)
      const m = aliveTs * r;
      sweep.gateDeltas(k, m);
      sweep.projectInput(m);
      work += m * GH * cols;
      for (let q = 0; q < aliveTs; q++) {
        const t = top - q;
        values[(t - 1) * T + (k - 1)] = norm2(M, sweep.xo + q * r * cols, r * cols);
      }
      if (k > 1) {
        sweep.propagate(k, m);
        work += m * GH * H;
      }
    }
  } finally {
    sweep.release();
  }
  return work;
}
