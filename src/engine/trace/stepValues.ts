// Values as they are at a step of the timeline, derived exactly from the recorded trace — never by
// re-running the forward or backward pass. Stepping backwards asks these for an earlier index and
// gets exactly what was there then.
//
// The running gradient sums are the one thing the trace does not store per step (it would cost
// T × every parameter). They are rebuilt from the recorded deltas in the engine's own order —
// t = T…1, one accumulator per element starting at 0, `acc += delta_i * operand_j` (a column
// lookup for one-hot inputs) — so the sum after t = 1 equals `trace.grads` bit for bit. A small
// per-trace cache continues a sum when the cursor moves further into BPTT, so stepping costs
// one timestep's outer product, not T of them.

import { paramShape, type Tensor } from '../model';
import { GRAD_SOURCES, seriesInfo, seriesRow, type TensorRef, type Trace } from './trace';
import { hasTarget } from './stepDetails';
import { firstWriter } from './writers';

/** Step index of the accumulate step ('dWy' / 'dW') of each backward timestep, per trace. */
const accumulators = new WeakMap<Trace, { dWy: Int32Array; dW: Int32Array }>();
/** Partial gradient sums: `acc` holds Σ over t = lo…T, `prev` the sum one timestep earlier
 *  (lo + 1…T) — so an equation's "before + term = after" and a single step back cost nothing. */
interface Partial {
  lo: number;
  readonly acc: Float64Array;
  prevLo: number;
  readonly prev: Float64Array;
}
const partials = new WeakMap<Trace, Map<string, Partial>>();

export function refKey(ref: TensorRef): string {
  return ref.t === undefined ? ref.name : `${ref.name}@${ref.t}`;
}

function accumulatorIndex(trace: Trace): { dWy: Int32Array; dW: Int32Array } {
  let a = accumulators.get(trace);
  if (!a) {
    const T = trace.model.steps;
    a = { dWy: new Int32Array(T + 2).fill(-1), dW: new Int32Array(T + 2).fill(-1) };
    for (const s of trace.steps)
      if (s.phase === 'backward' && s.t !== null && (s.kind === 'dWy' || s.kind === 'dW')) a[s.kind][s.t] = s.index;
    accumulators.set(trace, a);
  }
  return a;
}

function isOutputParam(name: string): boolean {
  return name === 'W_hy' || name === 'b_y';
}

/** The smallest backward timestep whose contribution to `param` is in the sum at `stepIndex`
 *  (T + 1 when none is yet). */
export function gradientLowT(trace: Trace, param: string, stepIndex: number): number {
  const idx = accumulatorIndex(trace)[isOutputParam(param) ? 'dWy' : 'dW'];
  let t = trace.model.steps;
  while (t >= 1 && idx[t] >= 0 && idx[t] <= stepIndex) t--;
  return t + 1;
}

function paramShapeOf(trace: Trace, param: string): [number] | [number, number] {
  const m = trace.model;
  return paramShape(param, m.inputSize, m.hiddenSize, m.outputSize);
}

/** acc += delta_t ⊗ operand_t for one timestep, exactly as the engine accumulates. */
function accumulate(trace: Trace, param: string, t: number, acc: Float64Array): void {
  const m = trace.model;
  const src = GRAD_SOURCES[m.cell][param];
  if (!src) throw new Error(`no parameter ${param} for cell ${m.cell}`);
  const delta = seriesRow(trace, src.delta, t);
  if (src.operand === null) {
    for (let i = 0; i < delta.length; i++) acc[i] += delta[i];
    return;
  }
  if (src.operand === 'x' && m.inputs.kind === 'tokens') {
    const I = m.inputSize;
    const id = m.inputs.ids[t - 1];
    for (let i = 0; i < delta.length; i++) acc[i * I + id] += delta[i];
    return;
  }
  const v = operandRow(trace, src.operand, t);
  const n = v.length;
  for (let i = 0; i < delta.length; i++) {
    const d = delta[i];
    const row = i * n;
    for (let j = 0; j < n; j++) acc[row + j] += d * v[j];
  }
}

function operandRow(trace: Trace, operand: 'x' | 'hprev' | 'h', t: number): Float64Array {
  switch (operand) {
    case 'x':
      return inputVector(trace, t);
    case 'hprev':
      return t === 1 ? trace.model.h0 : seriesRow(trace, 'h', t - 1);
    case 'h':
      return seriesRow(trace, 'h', t);
  }
}

/** x_t as a vector: the one-hot of its token, or a view of the input row. */
export function inputVector(trace: Trace, t: number): Float64Array {
  const m = trace.model;
  if (m.inputs.kind === 'tokens') {
    const v = new Float64Array(m.inputSize);
    v[m.inputs.ids[t - 1]] = 1;
    return v;
  }
  return m.inputs.data.subarray((t - 1) * m.inputSize, t * m.inputSize);
}

/** This timestep's term of ∂L/∂param: delta_t ⊗ operand_t (per GRAD_SOURCES), or delta_t for a bias. */
export function contribution(trace: Trace, param: string, t: number): Tensor {
  const shape = paramShapeOf(trace, param);
  const data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  accumulate(trace, param, t, data);
  return { shape, data };
}

/** Σ over t = T…lo of the contributions, in that order (lo = 1 gives the full gradient). */
export function runningGradient(trace: Trace, param: string, lo: number): Tensor {
  const shape = paramShapeOf(trace, param);
  const T = trace.model.steps;
  lo = Math.max(1, Math.min(T + 1, lo));
  let cache = partials.get(trace);
  if (!cache) partials.set(trace, (cache = new Map()));
  let p = cache.get(param);
  if (p && lo === p.prevLo && lo > p.lo) return { shape, data: p.prev.slice() };
  if (!p || p.lo < lo) {
    const n = shape.reduce((a, b) => a * b, 1);
    p = { lo: T + 1, acc: new Float64Array(n), prevLo: -1, prev: new Float64Array(n) };
    cache.set(param, p);
  }
  for (let t = p.lo - 1; t >= lo; t--) {
    if (t === lo) {
      p.prev.set(p.acc);
      p.prevLo = t + 1;
    }
    accumulate(trace, param, t, p.acc);
  }
  p.lo = lo;
  return { shape, data: p.acc.slice() };
}

/** The running sum ∂L/∂param as it stands at `stepIndex` (zeros before BPTT reaches it; equal to
 *  `trace.grads[param]` bit for bit once t = 1 has been accumulated). */
export function gradientAt(trace: Trace, param: string, stepIndex: number): Tensor {
  return runningGradient(trace, param, gradientLowT(trace, param, stepIndex));
}

/** A value as it is at `stepIndex`, or null when it does not exist or is not yet computed there.
 *  Scalars have shape [1]; x_t and token targets are one-hot vectors. */
export function valueAt(trace: Trace, ref: TensorRef, stepIndex: number): Tensor | null {
  const m = trace.model;
  const T = m.steps;
  const { name, t } = ref;
  const scalar = (v: number): Tensor => ({ shape: [1], data: Float64Array.of(v) });
  const written = (): boolean => {
    const w = firstWriter(trace, ref);
    return w >= 0 && w <= stepIndex;
  };
  if (t !== undefined) {
    if (!Number.isInteger(t) || t < 0 || t > T) return null;
    if (t === 0) {
      if (name === 'h') return { shape: [m.hiddenSize], data: m.h0 };
      if (name === 'c' && m.c0) return { shape: [m.hiddenSize], data: m.c0 };
      return null;
    }
    if (name === 'x') return { shape: [m.inputSize], data: inputVector(trace, t) };
    if (name === 'target') return targetVector(trace, t);
    if (name === 'loss') return written() ? scalar(trace.losses[t - 1]) : null;
    const info = seriesInfo(m.cell, name);
    if (!info || !written()) return null;
    const row = seriesRow(trace, name, t);
    return { shape: [row.length], data: row };
  }
  if (name in m.params) return m.params[name];
  if (name.startsWith('d') && name.slice(1) in m.params) return gradientAt(trace, name.slice(1), stepIndex);
  if (name.endsWith("'") && name.slice(0, -1) in m.params) return written() ? trace.updated[name.slice(0, -1)] : null;
  switch (name) {
    case 'losses': {
      const data = new Float64Array(T).fill(NaN);
      for (let s = 1; s <= T; s++) {
        const w = firstWriter(trace, { name: 'loss', t: s });
        if (w >= 0 && w <= stepIndex) data[s - 1] = trace.losses[s - 1];
      }
      return { shape: [T], data };
    }
    case 'L':
      return written() ? scalar(trace.loss) : null;
    case 'gradNorm':
      return written() ? scalar(trace.gradNorm) : null;
    case 'clipFactor':
      return written() ? scalar(trace.clipFactor) : null;
    case 'dh0':
      return written() ? { shape: [m.hiddenSize], data: trace.dh0 } : null;
    case 'dc0':
      return written() && trace.dc0 ? { shape: [m.hiddenSize], data: trace.dc0 } : null;
    default:
      return null;
  }
}

/** The target at t as a vector (one-hot over the classes, or the target row); null without one. */
export function targetVector(trace: Trace, t: number): Tensor | null {
  const m = trace.model;
  if (!hasTarget(m, t)) return null;
  const tg = m.targets;
  if (tg.kind === 'tokens') {
    const v = new Float64Array(m.outputSize);
    v[tg.ids[t - 1]] = 1;
    return { shape: [m.outputSize], data: v };
  }
  if (tg.kind === 'vectors')
    return { shape: [m.outputSize], data: tg.data.subarray((t - 1) * m.outputSize, t * m.outputSize) };
  return null;
}

/** Index of the step that first writes `ref`, or -1 (inputs, parameters and h_0 are never written). */
export function writeIndex(trace: Trace, ref: TensorRef): number {
  return firstWriter(trace, ref);
}

/** ‖∂L/∂h_t‖ for t = 0…T as BPTT has computed it by `stepIndex` (null where not yet): entry t ≥ 1
 *  is ‖δh_t‖ once the 'dh' step at t is done, entry 0 is ‖∂L/∂h_0‖ once t = 1's 'dhprev' is. */
export function hiddenGradNorms(trace: Trace, stepIndex: number): (number | null)[] {
  const T = trace.model.steps;
  const out: (number | null)[] = new Array(T + 1).fill(null);
  const written = (ref: TensorRef): boolean => {
    const w = firstWriter(trace, ref);
    return w >= 0 && w <= stepIndex;
  };
  for (let t = 1; t <= T; t++) if (written({ name: 'dh', t })) out[t] = norm(seriesRow(trace, 'dh', t));
  if (written({ name: 'dh0' })) out[0] = norm(trace.dh0);
  return out;
}

export function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
