// What-if: one number of a model changed — a weight element, the learning rate or clipNorm — and
// every tensor of the run compared with the run before the change. The host runs both models
// (compute/run.ts), this file names the change and lists what differs: forward values, per-step
// losses, the loss, every gradient, ‖g‖, the clip factor and the updated weights.
//
// A tensor "changed" when some element is not the same float64 (Object.is: −0 ≠ 0, NaN = NaN),
// so a change that rounds away shows as unchanged, and one that makes a value NaN shows as changed.

import { PARAM_NAMES, type Model } from '../model';
import { formatNumber } from '../interop/weightsText';
import { SERIES, type Trace } from '../trace/trace';

export type WhatIfChange =
  /** `index` as the file writes it: [i] for a bias, [row, col] for a matrix. */
  | { readonly kind: 'weight'; readonly param: string; readonly index: readonly number[]; readonly value: number }
  | { readonly kind: 'learningRate'; readonly value: number }
  /** null: no clipping. */
  | { readonly kind: 'clipNorm'; readonly value: number | null };

/** Why `change` cannot be applied to `model`, or null. */
export function whatIfProblem(model: Model, change: WhatIfChange): string | null {
  switch (change.kind) {
    case 'weight': {
      if (!PARAM_NAMES[model.cell].includes(change.param))
        return `${change.param} is not a parameter of this ${model.cell} (${PARAM_NAMES[model.cell].join(', ')})`;
      const shape = model.params[change.param].shape;
      const where = `${change.param}${change.index.map((i) => `[${i}]`).join('')}`;
      if (change.index.length !== shape.length)
        return `${change.param} is ${shape.join('×')}: give ${shape.length === 1 ? 'one index' : 'a row and a column'}, not ${where}`;
      if (change.index.some((i, d) => !Number.isInteger(i) || i < 0 || i >= shape[d]))
        return `${where} is outside ${change.param} (${shape.join('×')}; indices start at 0)`;
      if (!Number.isFinite(change.value)) return `the new value of ${where} must be a finite number`;
      return null;
    }
    case 'learningRate':
      return Number.isFinite(change.value) && change.value > 0
        ? null
        : `the learning rate must be a number > 0, not ${change.value}`;
    case 'clipNorm':
      return change.value === null || (Number.isFinite(change.value) && change.value > 0)
        ? null
        : `clipNorm must be a number > 0 (or none), not ${change.value}`;
    default: {
      const never: never = change;
      throw new Error(`unknown change ${JSON.stringify(never)}`);
    }
  }
}

/** The flat row-major position of a weight change's element. */
export function elementOffset(model: Model, change: { param: string; index: readonly number[] }): number {
  const shape = model.params[change.param].shape;
  return shape.length === 1 ? change.index[0] : change.index[0] * shape[1] + change.index[1];
}

/** The value `change` replaces. */
export function currentValue(model: Model, change: WhatIfChange): number | null {
  switch (change.kind) {
    case 'weight':
      return model.params[change.param].data[elementOffset(model, change)];
    case 'learningRate':
      return model.train.learningRate;
    case 'clipNorm':
      return model.train.clipNorm;
    default: {
      const never: never = change;
      throw new Error(`unknown change ${JSON.stringify(never)}`);
    }
  }
}

/** "W_hh[0][1]", "learningRate", "clipNorm". */
export function changeTarget(change: WhatIfChange): string {
  return change.kind === 'weight' ? `${change.param}${change.index.map((i) => `[${i}]`).join('')}` : change.kind;
}

/** "W_hh[0][1]: 0.5 → 0.7", "clipNorm: none → 1". */
export function describeChange(model: Model, change: WhatIfChange): string {
  const show = (v: number | null) => (v === null ? 'none' : formatNumber(v));
  return `${changeTarget(change)}: ${show(currentValue(model, change))} → ${show(change.value)}`;
}

/** `model` with `change` made (a new model; `model` is not touched). Throws whatIfProblem's reason. */
export function applyWhatIf(model: Model, change: WhatIfChange): Model {
  const problem = whatIfProblem(model, change);
  if (problem) throw new Error(problem);
  const name = `${model.name} (what if ${changeTarget(change)} = ${change.value === null ? 'none' : formatNumber(change.value)})`;
  switch (change.kind) {
    case 'weight': {
      const t = model.params[change.param];
      const data = t.data.slice();
      data[elementOffset(model, change)] = change.value;
      return { ...model, name, params: { ...model.params, [change.param]: { shape: [...t.shape], data } } };
    }
    case 'learningRate':
      return { ...model, name, train: { ...model.train, learningRate: change.value } };
    case 'clipNorm':
      return { ...model, name, train: { ...model.train, clipNorm: change.value } };
    default: {
      const never: never = change;
      throw new Error(`unknown change ${JSON.stringify(never)}`);
    }
  }
}

/** One tensor of a run, flat row-major. */
export interface RunTensor {
  /** Stable id: `h`, `loss-t`, `L`, `dW_hh`, `W_hh'`, `W_hh`. */
  readonly id: string;
  /** Plain text for the panel: "h_t (t = 1…T)", "∂L/∂W_hh", "W_hh after the update". */
  readonly label: string;
  readonly shape: readonly number[];
  readonly values: Float64Array;
}

/** Every tensor of a run, in the order of the run: parameters, forward series, losses, backward
 *  series, gradients, ‖g‖ and the clip factor, the updated parameters. */
export function runTensors(trace: Trace): RunTensor[] {
  const m = trace.model;
  const T = m.steps;
  const out: RunTensor[] = [];
  const params = PARAM_NAMES[m.cell];
  const series = (phase: 'forward' | 'backward') => {
    for (const s of SERIES[m.cell]) {
      const values = trace.series[s.name];
      if (s.phase !== phase || !values) continue;
      out.push({ id: s.name, label: `${s.name}_t (t = 1…${T})`, shape: [T, values.length / T], values });
    }
  };
  for (const p of params)
    out.push({ id: p, label: p, shape: m.params[p].shape, values: Float64Array.from(m.params[p].data) });
  series('forward');
  out.push({ id: 'loss-t', label: `ℓ_t (t = 1…${T})`, shape: [T], values: trace.losses });
  out.push({ id: 'L', label: 'L', shape: [1], values: Float64Array.of(trace.loss) });
  series('backward');
  out.push({ id: 'dh0', label: '∂L/∂h_0', shape: [trace.dh0.length], values: trace.dh0 });
  if (trace.dc0) out.push({ id: 'dc0', label: '∂L/∂c_0', shape: [trace.dc0.length], values: trace.dc0 });
  for (const p of params)
    out.push({ id: `d${p}`, label: `∂L/∂${p}`, shape: trace.grads[p].shape, values: trace.grads[p].data });
  out.push({ id: 'gradNorm', label: '‖g‖', shape: [1], values: Float64Array.of(trace.gradNorm) });
  out.push({ id: 'clipFactor', label: 'clip factor κ', shape: [1], values: Float64Array.of(trace.clipFactor) });
  for (const p of params)
    out.push({
      id: `${p}'`,
      label: `${p} after the update`,
      shape: trace.updated[p].shape,
      values: trace.updated[p].data,
    });
  return out;
}

/** One tensor before and after the change. */
export interface TensorDiff {
  readonly id: string;
  readonly label: string;
  readonly shape: readonly number[];
  readonly before: Float64Array;
  readonly after: Float64Array;
  /** How many elements differ (Object.is). */
  readonly changed: number;
  /** max |after − before| over the elements that differ (Infinity when one side is not finite). */
  readonly maxAbsDiff: number;
}

export interface RunDiff {
  /** Every tensor with at least one changed element, in run order. */
  readonly changed: TensorDiff[];
  /** The labels of the tensors that did not change at all. */
  readonly unchanged: string[];
}

/** Compares two runs of the same shape (the same model but for one number). */
export function diffRuns(before: Trace, after: Trace): RunDiff {
  const a = runTensors(before),
    b = runTensors(after);
  const changed: TensorDiff[] = [];
  const unchanged: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i],
      y = b[i];
    if (!y || y.id !== x.id || y.values.length !== x.values.length)
      throw new Error(`the two runs differ in shape at ${x.label}: a what-if changes numbers, not sizes`);
    let n = 0,
      max = 0;
    for (let k = 0; k < x.values.length; k++) {
      if (Object.is(x.values[k], y.values[k])) continue;
      n++;
      const d = Math.abs(y.values[k] - x.values[k]);
      max = Number.isNaN(d) ? Infinity : Math.max(max, d);
    }
    if (n === 0) unchanged.push(x.label);
    else
      changed.push({
        id: x.id,
        label: x.label,
        shape: x.shape,
        before: x.values,
        after: y.values,
        changed: n,
        maxAbsDiff: max,
      });
  }
  return { changed, unchanged };
}
