// The forward pass over all timesteps, recording every forward series (trace.ts SERIES) in the
// heap, then the output layer y_t = W_hy h_t + b_y for all t at once. Both work on a range of
// timesteps, so a run can be done in slices (runTask.ts); the numbers do not depend on the slicing
// (every row of a product is summed on its own, in the same order).
//
// PyTorch's equations (FORMAT.md). Per timestep the only sequential work is the recurrent
// product W_h h_{t−1}, done for all gates of the cell at once (one m = 1 product with the stacked,
// packed, transposed Wh). The input term W_x x_t is a column lookup in token mode (row `id` of WxT) and,
// for vector inputs, one product X · WxT over all timesteps before the loop. Every pre-activation
// is summed as (W_h h_{t−1} + W_x x_t) + b. The output layer waits until every h_t is known and
// is then a single matrix product.

import type { Heap } from './linalg';
import type { Model } from '../model';
import type { Layout } from './heapLayout';

const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));

/** The whole forward pass (packForward must have run). */
export function forward(heap: Heap, L: Layout, model: Model): void {
  forwardSteps(heap, L, model, 0, L.T);
  outputRows(heap, L, 0, L.T);
}

/** The recurrence for the 0-based timesteps t0 ≤ t < t1, in order (t0 must follow the last range). */
export function forwardSteps(heap: Heap, L: Layout, model: Model, t0: number, t1: number): void {
  const { M, gemm } = heap;
  const { H, I, GH } = L;
  const ids = model.inputs.kind === 'tokens' ? model.inputs.ids : null;
  if (!ids) gemm(L.XP + t0 * GH, GH, L.X + t0 * I, I, 1, L.WxT, 8, 8 * I, t1 - t0, GH, I);
  const b = L.P + L.bx;
  const relu = model.activation === 'relu';

  for (let t = t0; t < t1; t++) {
    const hp = L.HP + t * H; // h_{t−1}
    const hn = hp + H; // h_t
    const x = ids ? L.WxT + ids[t] * GH : L.XP + t * GH; // W_x x_t for every gate
    const row = t * H;
    switch (L.cell) {
      case 'rnn': {
        const A = L.fwd.a + row;
        gemm(A, 0, hp, 0, 1, L.WhF, 8, 8 * H, 1, GH, H);
        for (let j = 0; j < H; j++) {
          const a = M[A + j] + M[x + j] + M[b + j];
          M[A + j] = a;
          M[hn + j] = relu ? (a > 0 ? a : 0) : Math.tanh(a);
        }
        break;
      }
      case 'lstm': {
        const S = L.S;
        gemm(S, 0, hp, 0, 1, L.WhF, 8, 8 * H, 1, GH, H);
        const f = L.fwd;
        const cp = L.C + t * H; // c_{t−1}
        const cn = cp + H;
        for (let j = 0; j < H; j++) {
          const ai = M[S + j] + M[x + j] + M[b + j];
          const af = M[S + H + j] + M[x + H + j] + M[b + H + j];
          const ag = M[S + 2 * H + j] + M[x + 2 * H + j] + M[b + 2 * H + j];
          const ao = M[S + 3 * H + j] + M[x + 3 * H + j] + M[b + 3 * H + j];
          const i = sigmoid(ai),
            fg = sigmoid(af),
            g = Math.tanh(ag),
            o = sigmoid(ao);
          const c = fg * M[cp + j] + i * g;
          const tc = Math.tanh(c);
          const k = row + j;
          M[f.a_i + k] = ai;
          M[f.a_f + k] = af;
          M[f.a_g + k] = ag;
          M[f.a_o + k] = ao;
          M[f.i + k] = i;
          M[f.f + k] = fg;
          M[f.g + k] = g;
          M[f.o + k] = o;
          M[cn + j] = c;
          M[f.tc + k] = tc;
          M[hn + j] = o * tc;
        }
        break;
      }
      case 'gru': {
        const S = L.S;
        gemm(S, 0, hp, 0, 1, L.WhF, 8, 8 * H, 1, GH, H);
        const f = L.fwd;
        const bhn = L.P + L.bhn;
        for (let j = 0; j < H; j++) {
          const ar = M[S + j] + M[x + j] + M[b + j];
          const az = M[S + H + j] + M[x + H + j] + M[b + H + j];
          const r = sigmoid(ar),
            z = sigmoid(az);
          const m = M[S + 2 * H + j] + M[bhn + j]; // W_hn h_{t−1} + b_hn
          const an = M[x + 2 * H + j] + M[b + 2 * H + j] + r * m;
          const n = Math.tanh(an);
          const k = row + j;
          M[f.a_r + k] = ar;
          M[f.a_z + k] = az;
          M[f.r + k] = r;
          M[f.z + k] = z;
          M[f.hn + k] = m;
          M[f.a_n + k] = an;
          M[f.n + k] = n;
          M[hn + j] = (1 - z) * n + z * M[hp + j];
        }
        break;
      }
      default: {
        const never: never = L.cell;
        throw new Error(`unknown cell ${String(never)}`);
      }
    }
  }
}

/** The output layer for the 0-based timesteps t0 ≤ t < t1: Y = H · W_hyᵀ, then + b_y. */
export function outputRows(heap: Heap, L: Layout, t0: number, t1: number): void {
  const { M, gemm } = heap;
  const { H, O } = L;
  gemm(L.Y + t0 * O, O, L.HP + H + t0 * H, H, 1, L.WyF, 8, 8 * H, t1 - t0, O, H);
  const by = L.P + L.by;
  for (let t = t0; t < t1; t++) {
    const y = L.Y + t * O;
    for (let o = 0; o < O; o++) M[y + o] += M[by + o];
  }
}
