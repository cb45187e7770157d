// Why a run's first non-finite value appeared (nonFinite.ts), in words and numbers. Everything a
// first non-finite step reads is finite — else the step that wrote that would have been first —
// so the value came from an overflow (a result beyond ±1.8e308, or Infinity − Infinity inside
// one sum). Which one is told by what the step computes and by the largest number it reads:
//
//   update       θ − η·c·∂L/∂θ                      divergent-update
//   gradNorm     √Σ g² (squares beyond the range)   norm-overflow
//   ∂L/∂θ        the sum over timesteps             gradient-overflow
//   L, ℓ_t (mse) the loss                           loss-overflow
//   ℓ_t, p_t     softmax over logits too far apart  softmax-overflow
//   anything else, by its largest operand: a weight → weight-overflow, an input or a target →
//   input-overflow, a forward state → state-overflow, a backward delta → exploding-gradient.

import { PARAM_NAMES } from '../model';
import { seriesInfo, type Step } from './trace';
import type { RunValues } from './nonFinite';

export type NonFiniteCause =
  | 'weight-overflow'
  | 'input-overflow'
  | 'state-overflow'
  | 'softmax-overflow'
  | 'loss-overflow'
  | 'exploding-gradient'
  | 'gradient-overflow'
  | 'norm-overflow'
  | 'divergent-update';

/** A magnitude for a message: three significant digits, `1e+308`, `3.5e+200`, `0.25`. */
export function magnitude(v: number): string {
  return short(Math.abs(v));
}

const short = (v: number): string => String(Number(v.toPrecision(3)));

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const a = Math.abs(values[i]);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/** A tensor at a timestep the way the debugger's expressions write it: `h_3`, `dh_prev_2`. */
const at = (name: string, t: number): string => `${name}_${t}`;

/** The value a cause points at, where the file holds it: the weight (`W_hy`), or the input or target
 *  row (`x` / `target` at t) whose numbers overflowed — so the editor can mark that place. */
export interface NonFiniteOperand {
  readonly name: string;
  /** 1-based timestep of an input or target row; absent for a weight. */
  readonly t?: number;
}

export interface NonFiniteExplanation {
  readonly cause: NonFiniteCause;
  readonly reason: string;
  /** For weight-overflow, input-overflow and divergent-update: the value in the file to look at. */
  readonly operand?: NonFiniteOperand;
}

export function explainNonFinite(values: RunValues, step: Step, tensor: string): NonFiniteExplanation {
  const m = values.model;
  const t = step.t ?? 0;
  const isParam = (name: string): boolean => PARAM_NAMES[m.cell].includes(name);
  if (step.phase === 'update') {
    const p = step.kind;
    return {
      cause: 'divergent-update',
      operand: { name: p },
      reason: `divergent update: ${p} − η·c·∂L/∂${p} leaves the float64 range (η = ${m.train.learningRate}, c = ${magnitude(values.clipFactor)}, |∂L/∂${p}| up to ${magnitude(maxAbs(values.grad(p)))})`,
    };
  }
  if (tensor === 'gradNorm')
    return {
      cause: 'norm-overflow',
      reason: `gradient norm overflow: the squares of gradients up to ${magnitude(Math.max(...PARAM_NAMES[m.cell].map((p) => maxAbs(values.grad(p)))))} leave the float64 range`,
    };
  if (tensor.startsWith('d') && isParam(tensor.slice(1)))
    return {
      cause: 'gradient-overflow',
      reason: `gradient overflow: the sum over timesteps of ∂L/∂${tensor.slice(1)} leaves the float64 range`,
    };
  if (tensor === 'L')
    return { cause: 'loss-overflow', reason: 'loss overflow: the sum of the per-step losses leaves the float64 range' };
  if (tensor === 'loss' || tensor === 'p') {
    const y = values.row('y', t);
    if (m.loss === 'mse')
      return {
        cause: 'loss-overflow',
        reason: `loss overflow: ½‖y_${t} − target‖² leaves the float64 range (|y_${t}| up to ${magnitude(maxAbs(y))})`,
      };
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = 0; j < y.length; j++) {
      lo = Math.min(lo, y[j]);
      hi = Math.max(hi, y[j]);
    }
    return {
      cause: 'softmax-overflow',
      reason:
        tensor === 'p'
          ? `softmax overflow: exp of logits up to ${magnitude(hi)} in y_${t}`
          : `softmax overflow: the logits of y_${t} range from ${short(lo)} to ${short(hi)}, too far apart for log-softmax`,
    };
  }
  return largestOperand(values, step);
}

/** The cause told by the largest number the step reads. */
function largestOperand(values: RunValues, step: Step): NonFiniteExplanation {
  const m = values.model;
  let best = {
    size: -1,
    label: '',
    kind: 'state' as 'weight' | 'input' | 'state' | 'delta',
    operand: { name: '' } as NonFiniteOperand,
  };
  for (const ref of step.reads) {
    let data: ArrayLike<number> | null = null;
    let kind: typeof best.kind = 'state';
    let label = ref.name;
    if (ref.t === undefined) {
      if (!PARAM_NAMES[m.cell].includes(ref.name)) continue; // running gradients, the losses
      data = values.param(ref.name);
      kind = 'weight';
    } else if (ref.name === 'x' || ref.name === 'target') {
      data = inputRow(values, ref.name, ref.t);
      kind = 'input';
      label = at(ref.name, ref.t);
    } else if (seriesInfo(m.cell, ref.name) || ref.t === 0) {
      data = values.row(ref.name, ref.t);
      kind = seriesInfo(m.cell, ref.name)?.phase === 'backward' ? 'delta' : 'state';
      label = at(ref.name, ref.t);
    }
    if (!data) continue;
    const size = maxAbs(data);
    if (size > best.size)
      best = { size, label, kind, operand: ref.t === undefined ? { name: ref.name } : { name: ref.name, t: ref.t } };
  }
  const v = magnitude(best.size);
  switch (best.kind) {
    case 'weight':
      return {
        cause: 'weight-overflow',
        reason: `overflowing weight: ${best.label} holds values up to ${v}`,
        operand: best.operand,
      };
    case 'input':
      return {
        cause: 'input-overflow',
        reason: `overflowing input: ${best.label} holds values up to ${v}`,
        operand: best.operand,
      };
    case 'state':
      return { cause: 'state-overflow', reason: `exploding state: ${best.label} reaches ${v}` };
    case 'delta':
      return { cause: 'exploding-gradient', reason: `exploding gradient: ${best.label} reaches ${v}` };
  }
}

function inputRow(values: RunValues, name: 'x' | 'target', t: number): ArrayLike<number> {
  const m = values.model;
  if (name === 'x') {
    if (m.inputs.kind === 'tokens') return [1];
    return m.inputs.data.subarray((t - 1) * m.inputSize, t * m.inputSize);
  }
  const tg = m.targets;
  return tg.kind === 'vectors' ? tg.data.subarray((t - 1) * m.outputSize, t * m.outputSize) : [1];
}
