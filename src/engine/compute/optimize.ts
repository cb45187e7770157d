// Gradient clipping, the SGD update, and training for N steps.
//
// Clipping is PyTorch's clip_grad_norm_: ‖g‖ is the L2 norm of every parameter gradient taken
// together (h0/c0 are not parameters), and every gradient is scaled by
//   c = min(1, clipNorm / (‖g‖ + 1e-6))          (c = 1 without clipNorm).
// The update is torch.optim.SGD's on the clipped gradient: θ′ = θ − η · (c · g).
// ‖g‖² is summed with one accumulator over the parameters in PARAM_NAMES order, each row-major.

import { PARAM_NAMES, type Model, type Tensor } from '../model';
import { openPass } from './pass';
import type { Layout } from './heapLayout';
import { heapValues } from './heapValues';
import { scanSteps, type NonFinite } from '../trace/nonFinite';
import { buildSteps } from '../trace/steps';

/** ‖g‖ over the gradient block of the heap. */
export function gradNorm(M: Float64Array, L: Layout, sizes: Readonly<Record<string, Tensor>>): number {
  let ss = 0;
  for (const name of PARAM_NAMES[L.cell]) {
    const at = L.GD + L.rel[name];
    const end = at + sizes[name].data.length;
    for (let k = at; k < end; k++) ss += M[k] * M[k];
  }
  return Math.sqrt(ss);
}

export function clipFactor(norm: number, clipNorm: number | null): number {
  return clipNorm === null ? 1 : Math.min(1, clipNorm / (norm + 1e-6));
}

/** dst[name] = src[name] − lr · (factor · g[name]) for every parameter (dst may be src). */
export function sgdInto(
  M: Float64Array,
  L: Layout,
  src: Readonly<Record<string, Tensor>>,
  dst: Record<string, Tensor>,
  lr: number,
  factor: number,
): void {
  for (const name of PARAM_NAMES[L.cell]) {
    const g = L.GD + L.rel[name];
    const s = src[name].data,
      d = dst[name].data;
    for (let k = 0; k < s.length; k++) d[k] = s[k] - lr * (factor * M[g + k]);
  }
}

/** θ − lr · (factor · g) for every parameter, as fresh tensors: the arithmetic of sgdInto, from
 *  gradients already copied out of the heap (runModel computes its update after freeing the heap). */
export function updatedParams(
  params: Readonly<Record<string, Tensor>>,
  grads: Readonly<Record<string, Tensor>>,
  lr: number,
  factor: number,
): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const name of Object.keys(params)) {
    const s = params[name].data,
      g = grads[name].data;
    const d = new Float64Array(s.length);
    for (let k = 0; k < s.length; k++) d[k] = s[k] - lr * (factor * g[k]);
    out[name] = { shape: [...params[name].shape], data: d };
  }
  return out;
}

/** The same model with other parameters (what training produced, or a finite-difference probe). */
export function withParams(model: Model, params: Readonly<Record<string, Tensor>>): Model {
  return { ...model, params };
}

/** What one training step did besides its loss: ‖g‖ before clipping, the factor c the gradient
 *  was multiplied by, and the learning rate of its update θ′ = θ − η · (c · g). */
export interface StepStats {
  readonly gradNorm: number;
  readonly clipFactor: number;
  readonly learningRate: number;
}

export interface TrainOptions {
  /** Stop at the first divergent step (see TrainResult.divergence) instead of going on with
   *  non-finite numbers. Default false. */
  readonly stopOnNonFinite?: boolean;
}

/** The first training step whose loss, gradient norm or update is not finite, and its first
 *  non-finite value in step order (as runModel would report it for that step's weights). */
export interface TrainDivergence {
  /** 0-based training step. */
  readonly step: number;
  readonly nonFinite: NonFinite;
}

export interface TrainResult {
  /** losses[k]: the loss L (after reduction) computed before step k's update. */
  readonly losses: number[];
  /** gradNorms[k], clipFactors[k], learningRates[k]: step k's StepStats, one array each. */
  readonly gradNorms: number[];
  readonly clipFactors: number[];
  readonly learningRates: number[];
  /** The parameters after the last update — when training stopped at a divergent step, the
   *  parameters before it (that step's update is not applied). */
  readonly params: Record<string, Tensor>;
  /** The first divergent step, or null when every step stayed finite. */
  readonly divergence: TrainDivergence | null;
}

/** `steps` full passes of forward, BPTT, clipping and SGD, each on the previous step's weights.
 *  `onStep(k, loss, stats)` is called after step k (0-based); returning false stops training early.
 *  The weights stay in one heap throughout and are updated there in place — the same arithmetic,
 *  element by element, as runModel's `updated`, so one step gives exactly the same numbers.
 *
 *  Each step is checked before its update is written, cheaply: its loss, ‖g‖ (finite only when
 *  every gradient is) and the values the update would write. The first step that fails is then
 *  diagnosed in full from the heap (scanSteps). */
export function train(
  model: Model,
  steps: number,
  onStep?: (step: number, loss: number, stats: StepStats) => boolean | void,
  options: TrainOptions = {},
): TrainResult {
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const clipFactors: number[] = [];
  const learningRates: number[] = [];
  const { learningRate, clipNorm } = model.train;
  const pass = openPass(model);
  let divergence: TrainDivergence | null = null;
  try {
    const { M, L } = pass;
    for (let k = 0; k < steps; k++) {
      const result = pass.run(true);
      const { loss } = result;
      const norm = gradNorm(M, L, model.params);
      const factor = clipFactor(norm, clipNorm);
      if (divergence === null && !stepFinite(M, L, loss, norm, learningRate, factor)) {
        const nonFinite = scanSteps(heapValues(model, M, L, result, norm, factor), buildSteps(model));
        if (!nonFinite) throw new Error(`training step ${k + 1} is not finite, but no value of it is`);
        divergence = { step: k, nonFinite };
        if (options.stopOnNonFinite) {
          losses.push(loss);
          gradNorms.push(norm);
          clipFactors.push(factor);
          learningRates.push(learningRate);
          onStep?.(k, loss, { gradNorm: norm, clipFactor: factor, learningRate });
          break;
        }
      }
      // θ ← θ − η·(c·g) over the whole parameter block (gradients share its layout)
      for (let q = 0; q < L.paramCount; q++) M[L.P + q] = M[L.P + q] - learningRate * (factor * M[L.GD + q]);
      losses.push(loss);
      gradNorms.push(norm);
      clipFactors.push(factor);
      learningRates.push(learningRate);
      if (onStep && onStep(k, loss, { gradNorm: norm, clipFactor: factor, learningRate }) === false) break;
    }
    return { losses, gradNorms, clipFactors, learningRates, params: pass.read('params'), divergence };
  } finally {
    pass.release();
  }
}

/** The loss, ‖g‖ and every value θ − η·(c·g) the update would write are finite. */
function stepFinite(M: Float64Array, L: Layout, loss: number, norm: number, lr: number, factor: number): boolean {
  if (!Number.isFinite(loss) || !Number.isFinite(norm)) return false;
  let acc = 0;
  for (let q = 0; q < L.paramCount; q++) {
    const v = M[L.P + q] - lr * (factor * M[L.GD + q]);
    acc += v - v; // 0 while every value is finite, NaN from the first that is not
  }
  return acc === 0;
}
