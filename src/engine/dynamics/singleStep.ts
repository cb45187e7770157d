// One timestep of the recurrence and the output layer for a token input, with the engine's sums in
// the engine's order (forward.ts: the recurrent product Σ_s W[j][s]·h[s] with one accumulator from
// s = 0, then + the input column, then + the bias; the output Σ_s W_hy[o][s]·h[s], then + b_y), so
// that a sampled sequence, run again through runModel, gives the very same bits at every step.
// Sampling (sampling.ts) needs it because each input is known only after the previous output.

import type { Model } from '../model';
import { stacked } from './linearization';

export interface StepWeights {
  readonly cell: Model['cell'];
  readonly relu: boolean;
  readonly H: number;
  readonly I: number;
  readonly O: number;
  /** Stacked recurrent (GH × H) and input (GH × I) matrices, gate order of linearization.ts. */
  readonly Wh: Float64Array;
  readonly Wx: Float64Array;
  /** The input-side biases stacked (GH): b_h; b_i b_f b_g b_o; b_r b_z b_xn. */
  readonly b: Float64Array;
  readonly bhn: Float64Array | null;
  readonly Why: Float64Array;
  readonly by: Float64Array;
}

export function stepWeights(model: Model): StepWeights {
  const H = model.hiddenSize;
  const biasNames =
    model.cell === 'rnn' ? ['b_h'] : model.cell === 'lstm' ? ['b_i', 'b_f', 'b_g', 'b_o'] : ['b_r', 'b_z', 'b_xn'];
  const b = new Float64Array(biasNames.length * H);
  biasNames.forEach((n, g) => b.set(model.params[n].data, g * H));
  return {
    cell: model.cell,
    relu: model.activation === 'relu',
    H,
    I: model.inputSize,
    O: model.outputSize,
    Wh: stacked(model, 'W_h'),
    Wx: stacked(model, 'W_x'),
    b,
    bhn: model.cell === 'gru' ? model.params.b_hn.data : null,
    Why: model.params.W_hy.data,
    by: model.params.b_y.data,
  };
}

const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));

/** h (and c, lstm) ← the state after feeding token `id`; y ← W_hy h + b_y. `S`: GH doubles of scratch. */
export function stepToken(
  w: StepWeights,
  h: Float64Array,
  c: Float64Array | null,
  id: number,
  y: Float64Array,
  S: Float64Array,
): void {
  const { H, I, Wh, Wx, b } = w;
  const GH = Wh.length / H;
  for (let j = 0; j < GH; j++) {
    let acc = 0;
    for (let s = 0; s < H; s++) acc += Wh[j * H + s] * h[s];
    S[j] = acc;
  }
  const x = (j: number): number => Wx[j * I + id];
  switch (w.cell) {
    case 'rnn':
      for (let j = 0; j < H; j++) {
        const a = S[j] + x(j) + b[j];
        h[j] = w.relu ? (a > 0 ? a : 0) : Math.tanh(a);
      }
      break;
    case 'lstm': {
      if (!c) throw new Error('an lstm step needs its cell state');
      for (let j = 0; j < H; j++) {
        const i = sigmoid(S[j] + x(j) + b[j]),
          f = sigmoid(S[H + j] + x(H + j) + b[H + j]),
          g = Math.tanh(S[2 * H + j] + x(2 * H + j) + b[2 * H + j]),
          o = sigmoid(S[3 * H + j] + x(3 * H + j) + b[3 * H + j]);
        const cn = f * c[j] + i * g;
        c[j] = cn;
        h[j] = o * Math.tanh(cn);
      }
      break;
    }
    case 'gru': {
      const bhn = w.bhn as Float64Array;
      for (let j = 0; j < H; j++) {
        const r = sigmoid(S[j] + x(j) + b[j]),
          z = sigmoid(S[H + j] + x(H + j) + b[H + j]);
        const m = S[2 * H + j] + bhn[j];
        const n = Math.tanh(x(2 * H + j) + b[2 * H + j] + r * m);
        h[j] = (1 - z) * n + z * h[j];
      }
      break;
    }
    default: {
      const never: never = w.cell;
      throw new Error(`unknown cell ${String(never)}`);
    }
  }
  for (let o = 0; o < w.O; o++) {
    let acc = 0;
    for (let s = 0; s < H; s++) acc += w.Why[o * H + s] * h[s];
    y[o] = acc + w.by[o];
  }
}
