// The first NaN or ±Infinity of a run: which tensor, which element, at which step, and why.
//
// A run that overflows does not fail: IEEE arithmetic carries on with Infinity and NaN, and every
// number computed from them is wrong. So every run is checked once, after it is recorded, and the
// first non-finite value is named — the first in the order a person steps through the run (the
// step list, steps.ts), since that is where the debugger stops and where the panel can go.
//
// Cost. A run without a problem costs one pass over its recorded numbers (traceAllFinite), about
// what copying them out of the heap cost. Only a run that has one walks the steps in order
// (scanSteps), and only a gradient sum that overflowed is re-summed to find the timestep at which
// it did (nonFiniteGradient.ts). Training checks even less per step (optimize.ts).

import { PARAM_NAMES, type Model } from '../model';
import { SERIES, seriesInfo, seriesRow, type Phase, type Step, type Trace } from './trace';
import { hasTarget } from './stepDetails';
import { explainNonFinite, type NonFiniteCause, type NonFiniteOperand } from './nonFiniteCause';
import { gradientBlowup, type Blowup } from './nonFiniteGradient';

export interface NonFinite {
  /** The tensor as the debugger names it: a series ('a', 'h', 'dh_prev', …), 'loss' (ℓ_t), 'L',
   *  a gradient ('dW_hh'), an updated parameter ("W_hh'"), 'gradNorm', 'clipFactor', 'dh0', 'dc0'. */
  readonly tensor: string;
  /** Row-major element index within the tensor (within its row at t for a series); 0 for a scalar. */
  readonly index: number;
  readonly phase: Phase;
  /** 1-based timestep for forward and backward steps, null for the loss, clip and update. */
  readonly t: number | null;
  /** Index into the run's step list of the step that writes it. */
  readonly step: number;
  /** NaN, Infinity or -Infinity. */
  readonly value: number;
  readonly cause: NonFiniteCause;
  /** One sentence saying why, with the numbers: "overflowing weight: W_hy holds values up to 1e+308". */
  readonly reason: string;
  /** The weight, input or target row the cause points at, when it points at one (nonFiniteCause.ts). */
  readonly operand?: NonFiniteOperand;
}

/** Every value of one run, wherever it is kept (a Trace, or a training pass's heap). */
export interface RunValues {
  readonly model: Model;
  /** Row t (1-based) of series `name`; t = 0 of 'h' / 'c' is h0 / c0. */
  row(name: string, t: number): ArrayLike<number>;
  /** ℓ_t at index t − 1 (NaN where t has no target). */
  readonly losses: ArrayLike<number>;
  readonly loss: number;
  /** The parameters the run used, its gradients, and the parameters after its update. */
  param(name: string): ArrayLike<number>;
  grad(name: string): ArrayLike<number>;
  updated(name: string): ArrayLike<number>;
  readonly gradNorm: number;
  readonly clipFactor: number;
  readonly dh0: ArrayLike<number>;
  readonly dc0: ArrayLike<number> | null;
}

/** Index of the first non-finite element, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    // v − v is 0 for every finite v and NaN for ±Infinity and NaN: one subtraction, no call.
    if (v - v !== 0) return i;
  }
  return -1;
}

/** The values of a recorded trace. */
export function traceValues(trace: Trace): RunValues {
  const m = trace.model;
  return {
    model: m,
    row: (name, t) => (t === 0 ? (name === 'c' ? (m.c0 ?? []) : m.h0) : seriesRow(trace, name, t)),
    losses: trace.losses,
    loss: trace.loss,
    param: (name) => m.params[name].data,
    grad: (name) => trace.grads[name].data,
    updated: (name) => trace.updated[name].data,
    gradNorm: trace.gradNorm,
    clipFactor: trace.clipFactor,
    dh0: trace.dh0,
    dc0: trace.dc0,
  };
}

/** True when every number the trace recorded is finite (ℓ_t of a step without a target, NaN by
 *  design, excepted). One pass over each array; this is what every run pays. */
export function traceAllFinite(trace: Trace): boolean {
  const m = trace.model;
  for (const info of SERIES[m.cell]) if (firstNonFinite(trace.series[info.name]) >= 0) return false;
  for (let t = 1; t <= m.steps; t++) if (hasTarget(m, t) && !Number.isFinite(trace.losses[t - 1])) return false;
  for (const p of PARAM_NAMES[m.cell])
    if (firstNonFinite(trace.grads[p].data) >= 0 || firstNonFinite(trace.updated[p].data) >= 0) return false;
  if (firstNonFinite(trace.dh0) >= 0 || (trace.dc0 && firstNonFinite(trace.dc0) >= 0)) return false;
  return [trace.loss, trace.lossSum, trace.gradNorm, trace.clipFactor].every(Number.isFinite);
}

/** The first non-finite value of a recorded trace, or null. */
export function traceNonFinite(trace: Trace): NonFinite | null {
  return traceAllFinite(trace) ? null : scanSteps(traceValues(trace), trace.steps);
}

/** Walks the steps in order and returns the first written value that is not finite. */
export function scanSteps(values: RunValues, steps: readonly Step[]): NonFinite | null {
  const blowups = new Map<string, Blowup | null>();
  const blowup = (param: string): Blowup | null => {
    if (!blowups.has(param))
      blowups.set(param, firstNonFinite(values.grad(param)) < 0 ? null : gradientBlowup(values, param));
    return blowups.get(param) ?? null;
  };
  for (const step of steps) {
    for (const ref of step.writes) {
      const found = writtenNonFinite(values, step, ref.name, ref.t, blowup);
      if (found)
        return {
          tensor: ref.name,
          index: found.index,
          phase: step.phase,
          t: step.t,
          step: step.index,
          value: found.value,
          ...explainNonFinite(values, step, ref.name),
        };
    }
  }
  return null;
}

interface Hit {
  readonly index: number;
  readonly value: number;
}

const scalarHit = (v: number): Hit | null => (Number.isFinite(v) ? null : { index: 0, value: v });

function arrayHit(values: ArrayLike<number>): Hit | null {
  const i = firstNonFinite(values);
  return i < 0 ? null : { index: i, value: values[i] };
}

/** The non-finite element `step` writes into `name` (at t), if any. */
function writtenNonFinite(
  values: RunValues,
  step: Step,
  name: string,
  t: number | undefined,
  blowup: (param: string) => Blowup | null,
): Hit | null {
  const m = values.model;
  if (t !== undefined) {
    if (name === 'loss') return scalarHit(values.losses[t - 1]);
    return seriesInfo(m.cell, name) ? arrayHit(values.row(name, t)) : null;
  }
  if (name.startsWith('d') && name.slice(1) in m.params) {
    // A running sum: non-finite from the timestep at which it overflowed on (nonFiniteGradient.ts).
    const b = blowup(name.slice(1));
    return b && b.t === step.t ? { index: b.index, value: values.grad(name.slice(1))[b.index] } : null;
  }
  if (name.endsWith("'") && name.slice(0, -1) in m.params) return arrayHit(values.updated(name.slice(0, -1)));
  switch (name) {
    case 'L':
      return scalarHit(values.loss);
    case 'gradNorm':
      return scalarHit(values.gradNorm);
    case 'clipFactor':
      return scalarHit(values.clipFactor);
    case 'dh0':
      return arrayHit(values.dh0);
    case 'dc0':
      return values.dc0 ? arrayHit(values.dc0) : null;
    default:
      return null;
  }
}

/** The record as a person reads it: `a[0] at forward t=3` (`L at loss` for a scalar). */
export function nonFiniteWhere(r: Pick<NonFinite, 'tensor' | 'index' | 'phase' | 't'>): string {
  const scalar = ['loss', 'L', 'gradNorm', 'clipFactor'].includes(r.tensor);
  return `${r.tensor}${scalar ? '' : `[${r.index}]`} at ${r.phase}${r.t === null ? '' : ` t=${r.t}`}`;
}

/** The sentence every view says: `non-finite value: y[0] at forward t=1 (overflowing weight: …)` —
 *  after `FILE: warning: ` on the CLI, as the editor's diagnostic, the panel's banner and the
 *  debugger's exception text. */
export function nonFiniteSentence(r: Pick<NonFinite, 'tensor' | 'index' | 'phase' | 't' | 'reason'>): string {
  return `non-finite value: ${nonFiniteWhere(r)} (${r.reason})`;
}
