// The trace: everything one run computes, recorded once — the contract that the panel, the hover,
// the debugger, the exporter and the CLI all read. Stepping backwards moves a cursor over this
// record; nothing is recomputed (Python Tutor's lesson: record, then navigate).
//
// A run is: forward t = 1…T, the loss, backward (BPTT) t = T…1, gradient clipping, the SGD update.
//
// Storage. Every per-timestep quantity is a *series*: a Float64Array of T rows × `size` columns,
// row t-1 holding the value at timestep t (h_0 and c_0 are the model's h0/c0, not rows of a
// series). Names are fixed per cell (SERIES below) so that views can be generic. Parameter
// gradients are accumulated over t = T…1 in that order, one accumulator per element, starting at 0
// — so `runningGradient(trace, name, lo)` (stepValues.ts), summing t = T…lo in the same order, equals
// the final `grads[name]` bit for bit at lo = 1.
//
// Steps. The ordered list of what a person steps through; each names the equation it evaluates
// (`kind`), its timestep, and the tensors it reads and writes. Steps nest timestep ⊃ equation:
// consecutive steps with the same (phase, t) form one timestep group. LaTeX for a step is produced
// on demand by equations.ts (symbolic, and with the numbers substituted), never stored, so a
// trace of 100 000 steps stays small.

import type { CellKind, Model, Tensor } from '../model';
import type { NonFinite } from './nonFinite';

export type Phase = 'forward' | 'loss' | 'backward' | 'clip' | 'update';

/** A reference to a value a step reads or writes.
 *  - a series at a timestep: { name: 'h', t: 3 } (t = 0 with 'h'/'c' means the model's h0/c0)
 *  - the input x_t: { name: 'x', t } ; the target: { name: 'target', t }
 *  - a parameter: { name: 'W_hh' } ; its gradient (running sum at this step): { name: 'dW_hh' }
 *  - the updated parameter: { name: "W_hh'" }
 *  - scalars: { name: 'L' } (loss after reduction), { name: 'gradNorm' }, { name: 'clipFactor' },
 *    { name: 'dh0' }, { name: 'dc0' } */
export interface TensorRef {
  readonly name: string;
  readonly t?: number;
}

export interface Step {
  /** Position in `Trace.steps`. */
  readonly index: number;
  readonly phase: Phase;
  /** 1-based timestep for forward/backward steps, null for loss/clip/update. */
  readonly t: number | null;
  /** Which equation: forward 'a' | 'h' | 'gates' … (see STEP_KINDS), or a parameter name for update. */
  readonly kind: string;
  /** Stable logical id, e.g. `backward:3:da`, `update::W_hh`; used to keep the cursor across edits. */
  readonly id: string;
  /** Short human title, plain text: "pre-activation a₃". */
  readonly title: string;
  readonly reads: readonly TensorRef[];
  readonly writes: readonly TensorRef[];
}

export interface Trace {
  readonly model: Model;
  /** Per-timestep values, name → T×size row-major (see SERIES for the names and sizes). */
  readonly series: Readonly<Record<string, Float64Array>>;
  /** ℓ_t per timestep; NaN where the step has no target. */
  readonly losses: Float64Array;
  /** Number of timesteps with a target (the divisor of `mean`). */
  readonly targetCount: number;
  /** Sum of the per-step losses. */
  readonly lossSum: number;
  /** The loss after reduction (sum, or sum / targetCount for mean): what is backpropagated. */
  readonly loss: number;
  /** ∂L/∂θ for every parameter, before clipping. */
  readonly grads: Readonly<Record<string, Tensor>>;
  /** ∂L/∂h_0 (and ∂L/∂c_0 for lstm, else null). Not parameters: never clipped or updated. */
  readonly dh0: Float64Array;
  readonly dc0: Float64Array | null;
  /** ‖g‖: L2 norm of all parameter gradients together. */
  readonly gradNorm: number;
  /** min(1, clipNorm / (‖g‖ + 1e-6)), or 1 without clipping. */
  readonly clipFactor: number;
  /** Every parameter after one clipped SGD step: θ − η · clipFactor · ∂L/∂θ. */
  readonly updated: Readonly<Record<string, Tensor>>;
  readonly steps: readonly Step[];
  /** The first NaN or ±Infinity of the run in step order (nonFinite.ts), or null when every
   *  number is finite. */
  readonly nonFinite: NonFinite | null;
}

export type SeriesSize = 'H' | 'O';

export interface SeriesInfo {
  readonly name: string;
  readonly size: SeriesSize;
  readonly phase: 'forward' | 'backward';
  /** TeX for the value at timestep t, with `{t}` to be replaced by the timestep: `h_{t}`. */
  readonly tex: string;
  /** One line for tooltips. */
  readonly description: string;
}

const fwd = (name: string, size: SeriesSize, tex: string, description: string): SeriesInfo => ({
  name,
  size,
  phase: 'forward',
  tex,
  description,
});
const bwd = (name: string, size: SeriesSize, tex: string, description: string): SeriesInfo => ({
  name,
  size,
  phase: 'backward',
  tex,
  description,
});

const OUTPUT_FWD = [
  fwd('y', 'O', 'y_{t}', 'output (logits): W_hy h_t + b_y'),
  fwd('p', 'O', 'p_{t}', 'softmax(y_t) (cross-entropy only; zeros for mse)'),
];
const OUTPUT_BWD_HEAD = [
  bwd('dy', 'O', '\\delta y_{t}', '∂L/∂y_t: (p_t − onehot) or (y_t − target), ÷ n for mean, 0 without target'),
  bwd('dh_next', 'H', '\\delta h_{t}^{\\text{next}}', 'gradient reaching h_t from timestep t+1 (0 at t = T)'),
  bwd('dh_out', 'H', '\\delta h_{t}^{\\text{out}}', 'W_hyᵀ δy_t: gradient reaching h_t from the output'),
  bwd('dh', 'H', '\\delta h_{t}', '∂L/∂h_t = δh_t^out + δh_t^next'),
];
const DH_PREV = bwd('dh_prev', 'H', '\\delta h_{t-1}', 'gradient sent to h_{t−1} (at t = 1 this is ∂L/∂h_0)');

/** Series recorded for each cell, in display order. */
export const SERIES: Readonly<Record<CellKind, readonly SeriesInfo[]>> = {
  rnn: [
    fwd('a', 'H', 'a_{t}', 'pre-activation: W_hh h_{t−1} + W_xh x_t + b_h'),
    fwd('h', 'H', 'h_{t}', 'hidden state: act(a_t)'),
    ...OUTPUT_FWD,
    ...OUTPUT_BWD_HEAD,
    bwd('da', 'H', '\\delta a_{t}', '∂L/∂a_t = δh_t ⊙ act′(a_t)'),
    DH_PREV,
  ],
  lstm: [
    fwd('a_i', 'H', 'a^{i}_{t}', 'input gate pre-activation'),
    fwd('a_f', 'H', 'a^{f}_{t}', 'forget gate pre-activation'),
    fwd('a_g', 'H', 'a^{g}_{t}', 'candidate pre-activation'),
    fwd('a_o', 'H', 'a^{o}_{t}', 'output gate pre-activation'),
    fwd('i', 'H', 'i_{t}', 'input gate σ(a^i_t)'),
    fwd('f', 'H', 'f_{t}', 'forget gate σ(a^f_t)'),
    fwd('g', 'H', 'g_{t}', 'candidate tanh(a^g_t)'),
    fwd('o', 'H', 'o_{t}', 'output gate σ(a^o_t)'),
    fwd('c', 'H', 'c_{t}', 'cell state f_t ⊙ c_{t−1} + i_t ⊙ g_t'),
    fwd('tc', 'H', '\\tanh(c_{t})', 'tanh of the cell state'),
    fwd('h', 'H', 'h_{t}', 'hidden state o_t ⊙ tanh(c_t)'),
    ...OUTPUT_FWD,
    ...OUTPUT_BWD_HEAD,
    bwd('dc_next', 'H', '\\delta c_{t}^{\\text{next}}', 'gradient reaching c_t from timestep t+1 (f_{t+1} ⊙ δc_{t+1})'),
    bwd('dc', 'H', '\\delta c_{t}', '∂L/∂c_t = δh_t ⊙ o_t ⊙ (1 − tanh²c_t) + δc_t^next'),
    bwd('da_o', 'H', '\\delta a^{o}_{t}', '∂L/∂a^o_t'),
    bwd('da_i', 'H', '\\delta a^{i}_{t}', '∂L/∂a^i_t'),
    bwd('da_f', 'H', '\\delta a^{f}_{t}', '∂L/∂a^f_t'),
    bwd('da_g', 'H', '\\delta a^{g}_{t}', '∂L/∂a^g_t'),
    DH_PREV,
    bwd('dc_prev', 'H', '\\delta c_{t-1}', 'gradient sent to c_{t−1}: δc_t ⊙ f_t (at t = 1 this is ∂L/∂c_0)'),
  ],
  gru: [
    fwd('a_r', 'H', 'a^{r}_{t}', 'reset gate pre-activation'),
    fwd('a_z', 'H', 'a^{z}_{t}', 'update gate pre-activation'),
    fwd('r', 'H', 'r_{t}', 'reset gate σ(a^r_t)'),
    fwd('z', 'H', 'z_{t}', 'update gate σ(a^z_t)'),
    fwd('hn', 'H', 'm_{t}', 'W_hn h_{t−1} + b_hn (the part the reset gate scales)'),
    fwd('a_n', 'H', 'a^{n}_{t}', 'candidate pre-activation W_xn x_t + b_xn + r_t ⊙ m_t'),
    fwd('n', 'H', 'n_{t}', 'candidate tanh(a^n_t)'),
    fwd('h', 'H', 'h_{t}', 'hidden state (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}'),
    ...OUTPUT_FWD,
    ...OUTPUT_BWD_HEAD,
    bwd('da_n', 'H', '\\delta a^{n}_{t}', '∂L/∂a^n_t = δh_t ⊙ (1 − z_t) ⊙ (1 − n_t²)'),
    bwd('da_z', 'H', '\\delta a^{z}_{t}', '∂L/∂a^z_t = δh_t ⊙ (h_{t−1} − n_t) ⊙ z_t(1 − z_t)'),
    bwd('dhn', 'H', '\\delta m_{t}', '∂L/∂m_t = δa^n_t ⊙ r_t'),
    bwd('da_r', 'H', '\\delta a^{r}_{t}', '∂L/∂a^r_t = δa^n_t ⊙ m_t ⊙ r_t(1 − r_t)'),
    DH_PREV,
  ],
};

/** How each parameter's gradient is built: ∂L/∂θ = Σ_t delta_t ⊗ operand_t, summed t = T…1.
 *  operand 'x' = x_t (a column lookup in token mode), 'hprev' = h_{t−1}, 'h' = h_t,
 *  null = a bias (∂L/∂b = Σ_t delta_t). The engine and `contribution()` both read this table. */
export interface GradSource {
  readonly delta: string;
  readonly operand: 'x' | 'hprev' | 'h' | null;
}

const OUT: Record<string, GradSource> = { W_hy: { delta: 'dy', operand: 'h' }, b_y: { delta: 'dy', operand: null } };
const gate = (k: string): Record<string, GradSource> => ({
  [`W_x${k}`]: { delta: `da_${k}`, operand: 'x' },
  [`W_h${k}`]: { delta: `da_${k}`, operand: 'hprev' },
  [`b_${k}`]: { delta: `da_${k}`, operand: null },
});

export const GRAD_SOURCES: Readonly<Record<CellKind, Readonly<Record<string, GradSource>>>> = {
  rnn: {
    W_xh: { delta: 'da', operand: 'x' },
    W_hh: { delta: 'da', operand: 'hprev' },
    b_h: { delta: 'da', operand: null },
    ...OUT,
  },
  lstm: { ...gate('i'), ...gate('f'), ...gate('g'), ...gate('o'), ...OUT },
  gru: {
    ...gate('r'),
    ...gate('z'),
    W_xn: { delta: 'da_n', operand: 'x' },
    W_hn: { delta: 'dhn', operand: 'hprev' },
    b_xn: { delta: 'da_n', operand: null },
    b_hn: { delta: 'dhn', operand: null },
    ...OUT,
  },
};

export function seriesInfo(cell: CellKind, name: string): SeriesInfo | undefined {
  return SERIES[cell].find((s) => s.name === name);
}

/** The row of a series at 1-based timestep t (a view, not a copy). */
export function seriesRow(trace: Trace, name: string, t: number): Float64Array {
  const m = trace.model;
  const info = seriesInfo(m.cell, name);
  if (!info) throw new Error(`no series ${name} for cell ${m.cell}`);
  const size = info.size === 'H' ? m.hiddenSize : m.outputSize;
  return trace.series[name].subarray((t - 1) * size, t * size);
}
