// One run of the model linearized: what the Jacobians of its recurrence are made of, step by step.
// The gradient-flow and connectivity sweeps (adjointSweep.ts) multiply by these; the saturation
// (saturation.ts) reads the same forward values.
//
// The state of step k is s_k = h_k (rnn, gru) or (h_k, c_k) (lstm). Every Jacobian ∂s_k/∂s_{k−1} is
// "diagonal factors × the stacked recurrent matrix Wh" (bptt.ts derives each rule); for a row
// vector of adjoints (δh, δc) at step k, the vector–Jacobian product is
//   rnn   δa = δh ⊙ d                         d = act′(a_k)  (1 − h_k², or 1 where a_k > 0)
//         δh_{k−1} = δa · Wh
//   lstm  δc* = δh ⊙ A + δc                   A = o_k ⊙ (1 − tanh²c_k)
//         δa = [δc* ⊙ Ci, δc* ⊙ Cf, δc* ⊙ Cg, δh ⊙ Co]   Ci = g i(1−i), Cf = c_{k−1} f(1−f),
//                                                        Cg = i (1−g²), Co = tanh c_k · o(1−o)
//         δh_{k−1} = δa · Wh,   δc_{k−1} = δc* ⊙ F       F = f_k
//   gru   δa_n = δh ⊙ Cn                      Cn = (1 − z)(1 − n²)
//         δa = [δa_n ⊙ Cr, δh ⊙ Cz, δa_n ⊙ R]  Cr = m r(1−r), Cz = (h_{k−1} − n) z(1−z), R = r
//         δh_{k−1} = δa · Wh + δh ⊙ Z          Z = z
// where every gate value is the one at step k. The input side, ∂s_k/∂x_k, is δa_x · Wx with
// δa_x = δa, except for the gru, whose candidate enters through a_n (not through m): δa_x =
// [δa_r, δa_z, δa_n]. The factors are stored per step as F × H numbers (F = 1, 6, 5), in the
// order written above, so one step's factors are contiguous.

import { PARAM_NAMES, type CellKind, type Model } from '../model';
import { openPass } from '../compute/pass';
import { GATE_COUNT } from '../compute/heapLayout';
import { readSeries } from '../compute/heapSeries';

/** Factors per step and hidden unit (see the header). */
export const FACTOR_COUNT: Readonly<Record<CellKind, number>> = { rnn: 1, lstm: 6, gru: 5 };

/** The forward values of one run: each T × H (y and p: T × O), row t−1 = step t. */
export type ForwardSeries = Readonly<Record<string, Float64Array>>;

const NEEDED: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['a', 'h'],
  lstm: ['i', 'f', 'g', 'o', 'c', 'tc', 'h'],
  gru: ['r', 'z', 'n', 'hn', 'h'],
};

/** Forward pass and loss of `model` (no backward), and a copy of the series the dynamics read. */
export function forwardSeries(model: Model): ForwardSeries {
  const pass = openPass(model);
  try {
    pass.run(false);
    const { M, L } = pass;
    const out: Record<string, Float64Array> = {};
    for (const name of NEEDED[model.cell]) out[name] = readSeries(M, L, name, L.H);
    out.y = readSeries(M, L, 'y', L.O);
    out.p = readSeries(M, L, 'p', L.O);
    return out;
  } finally {
    pass.release();
  }
}

export interface Linearization {
  readonly cell: CellKind;
  readonly T: number;
  readonly H: number;
  readonly I: number;
  readonly O: number;
  /** Gates G (1, 4, 3) and G·H. */
  readonly G: number;
  readonly GH: number;
  /** T × (F·H): row k−1 holds step k's factors. */
  readonly factors: Float64Array;
  /** The recurrent matrices stacked in gate order (W_hh; W_hi W_hf W_hg W_ho; W_hr W_hz W_hn): GH × H. */
  readonly Wh: Float64Array;
  /** The input matrices stacked the same way: GH × I. */
  readonly Wx: Float64Array;
  /** W_hy: O × H. */
  readonly Why: Float64Array;
}

/** The stacked gate matrices `W_{prefix}k` of the cell, in gate order. */
export function stacked(model: Model, prefix: 'W_h' | 'W_x'): Float64Array {
  const names = PARAM_NAMES[model.cell].filter((p) => p.startsWith(prefix) && p !== 'W_hy');
  const cols = prefix === 'W_h' ? model.hiddenSize : model.inputSize;
  const out = new Float64Array(names.length * model.hiddenSize * cols);
  names.forEach((p, g) => out.set(model.params[p].data, g * model.hiddenSize * cols));
  return out;
}

export function linearize(model: Model, s: ForwardSeries): Linearization {
  const { cell, steps: T, hiddenSize: H } = model;
  const F = FACTOR_COUNT[cell];
  const factors = new Float64Array(T * F * H);
  const relu = cell === 'rnn' && model.activation === 'relu';
  for (let k = 0; k < T; k++) {
    const base = k * F * H,
      row = k * H;
    for (let j = 0; j < H; j++) {
      const q = row + j;
      switch (cell) {
        case 'rnn': {
          const h = s.h[q];
          factors[base + j] = relu ? (s.a[q] > 0 ? 1 : 0) : 1 - h * h;
          break;
        }
        case 'lstm': {
          const i = s.i[q],
            f = s.f[q],
            g = s.g[q],
            o = s.o[q],
            tc = s.tc[q];
          const cPrev = k === 0 ? (model.c0 ? model.c0[j] : 0) : s.c[q - H];
          factors[base + j] = o * (1 - tc * tc);
          factors[base + H + j] = g * i * (1 - i);
          factors[base + 2 * H + j] = cPrev * f * (1 - f);
          factors[base + 3 * H + j] = i * (1 - g * g);
          factors[base + 4 * H + j] = tc * o * (1 - o);
          factors[base + 5 * H + j] = f;
          break;
        }
        case 'gru': {
          const r = s.r[q],
            z = s.z[q],
            n = s.n[q],
            m = s.hn[q];
          const hPrev = k === 0 ? model.h0[j] : s.h[q - H];
          factors[base + j] = (1 - z) * (1 - n * n);
          factors[base + H + j] = (hPrev - n) * z * (1 - z);
          factors[base + 2 * H + j] = m * r * (1 - r);
          factors[base + 3 * H + j] = r;
          factors[base + 4 * H + j] = z;
          break;
        }
        default: {
          const never: never = cell;
          throw new Error(`unknown cell ${String(never)}`);
        }
      }
    }
  }
  const G = GATE_COUNT[cell];
  return {
    cell,
    T,
    H,
    I: model.inputSize,
    O: model.outputSize,
    G,
    GH: G * H,
    factors,
    Wh: stacked(model, 'W_h'),
    Wx: stacked(model, 'W_x'),
    Why: model.params.W_hy.data,
  };
}

/** ∂ℓ_t/∂y_t for every step with a target, NOT divided by n for mean (ℓ_t is one step's loss):
 *  p_t − onehot(target) for cross-entropy, y_t − target_t for mse. T × O, zero rows elsewhere. */
export function outputDeltas(model: Model, s: ForwardSeries): Float64Array {
  const { steps: T, outputSize: O } = model;
  const dy = new Float64Array(T * O);
  const tg = model.targets;
  for (let t = 0; t < T; t++) {
    const at = t * O;
    if (tg.kind === 'tokens' && tg.ids[t] >= 0) {
      for (let o = 0; o < O; o++) dy[at + o] = s.p[at + o];
      dy[at + tg.ids[t]] -= 1;
    } else if (tg.kind === 'vectors' && tg.mask[t] === 1) {
      for (let o = 0; o < O; o++) dy[at + o] = s.y[at + o] - tg.data[at + o];
    }
  }
  return dy;
}

/** Steps (1-based) that have a target, in ascending order. */
export function targetSteps(model: Model): number[] {
  const tg = model.targets;
  const out: number[] = [];
  for (let t = 1; t <= model.steps; t++)
    if ((tg.kind === 'tokens' && tg.ids[t - 1] >= 0) || (tg.kind === 'vectors' && tg.mask[t - 1] === 1)) out.push(t);
  return out;
}
