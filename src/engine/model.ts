// The validated, ready-to-run model: what `parseModel` (parse.ts + validate.ts) produces from a
// `.rnn.json` text and what every other part of the engine consumes. Plain data only (typed arrays,
// strings, numbers) so that it can cross a worker boundary with structured clone.
//
// Conventions (shared by the whole engine):
// - A tensor is a Float64Array in row-major order with an explicit shape: a matrix of R rows and
//   C columns stores element (r, c) at r*C + c. A vector has shape [n].
// - Timesteps are 1-based in everything a person sees (h_1 … h_T) and 0-based in arrays:
//   the value "at t" lives at index t-1. h_0 is the model's `h0`.
// - Parameter names are exactly the keys of `weights` in the file (`W_xh`, `b_h`, `W_hy`, …).

import type { PracticeSettings } from './practice/practiceSettings';

export type CellKind = 'rnn' | 'lstm' | 'gru';
export type Activation = 'tanh' | 'relu';
export type LossKind = 'cross-entropy' | 'mse';
export type Reduction = 'sum' | 'mean';

/** A dense float64 tensor, row-major. `shape` is [n] for a vector, [rows, cols] for a matrix. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

/** The parameters of every cell, in the canonical order used for init draws, clipping norms,
 *  the CLI's JSON and every listing. The output layer (`W_hy`, `b_y`) always comes last. */
export const PARAM_NAMES: Readonly<Record<CellKind, readonly string[]>> = {
  rnn: ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y'],
  lstm: ['W_xi', 'W_hi', 'b_i', 'W_xf', 'W_hf', 'b_f', 'W_xg', 'W_hg', 'b_g', 'W_xo', 'W_ho', 'b_o', 'W_hy', 'b_y'],
  gru: ['W_xr', 'W_hr', 'b_r', 'W_xz', 'W_hz', 'b_z', 'W_xn', 'W_hn', 'b_xn', 'b_hn', 'W_hy', 'b_y'],
};

/** The shape each parameter must have, given input size I, hidden size H and output size O. */
export function paramShape(name: string, I: number, H: number, O: number): [number] | [number, number] {
  if (name === 'W_hy') return [O, H];
  if (name === 'b_y') return [O];
  if (name.startsWith('W_x')) return [H, I];
  if (name.startsWith('W_h')) return [H, H];
  return [H]; // every other bias: b_h, b_i, …, b_xn, b_hn
}

/** Inputs: token ids (one-hot in the math, a column lookup in the code) or dense vectors. */
export type Inputs =
  | { readonly kind: 'tokens'; readonly ids: Int32Array /* length T, index into vocab */ }
  | { readonly kind: 'vectors'; readonly data: Float64Array /* T×I row-major */ };

/** Targets, one per timestep; a step without a target is masked out of the loss. */
export type Targets =
  | { readonly kind: 'none' }
  | { readonly kind: 'tokens'; readonly ids: Int32Array /* length T, index into classes, -1 = null */ }
  | {
      readonly kind: 'vectors';
      readonly data: Float64Array /* T×O row-major */;
      readonly mask: Uint8Array; /* 1 = has target */
    };

export interface TrainSettings {
  readonly learningRate: number;
  /** null: no clipping. Else every gradient is scaled by min(1, clipNorm / (‖g‖ + 1e-6)). */
  readonly clipNorm: number | null;
  readonly steps: number;
}

export interface Model {
  readonly name: string;
  readonly cell: CellKind;
  /** Only meaningful for `rnn`; 'tanh' otherwise. */
  readonly activation: Activation;
  /** I: input size (vocab length in token mode). */
  readonly inputSize: number;
  /** H */
  readonly hiddenSize: number;
  /** O: output size (classes length for token targets). */
  readonly outputSize: number;
  /** T */
  readonly steps: number;
  readonly vocab: readonly string[] | null;
  /** Output labels for token targets (defaults to vocab); null in vector mode. */
  readonly classes: readonly string[] | null;
  readonly inputs: Inputs;
  readonly targets: Targets;
  readonly loss: LossKind;
  readonly reduction: Reduction;
  readonly h0: Float64Array;
  /** LSTM only; null for other cells. */
  readonly c0: Float64Array | null;
  /** Every parameter of PARAM_NAMES[cell], by name. */
  readonly params: Readonly<Record<string, Tensor>>;
  /** Present when the weights were drawn from `{"init": …}` rather than written out. */
  readonly init: { readonly seed: number; readonly scale: number } | null;
  readonly train: TrainSettings;
  /** The file's `practice` section (practice/practiceSettings.ts); absent when it has none. */
  readonly practice?: PracticeSettings;
}

/** A deep copy of the parameters (the SGD update and training never mutate a Model). */
export function cloneParams(params: Readonly<Record<string, Tensor>>): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const k of Object.keys(params)) out[k] = { shape: [...params[k].shape], data: params[k].data.slice() };
  return out;
}

/** A tensor as nested arrays, the way the file writes it (vector → number[], matrix → number[][]). */
export function tensorToJson(t: Tensor): number[] | number[][] {
  if (t.shape.length === 1) return Array.from(t.data);
  const [r, c] = t.shape;
  const rows: number[][] = [];
  for (let i = 0; i < r; i++) rows.push(Array.from(t.data.subarray(i * c, (i + 1) * c)));
  return rows;
}
