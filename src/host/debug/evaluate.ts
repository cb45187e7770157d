// The expressions the debugger evaluates (Watch, hovers, the Debug Console): a value of the run by
// name, at the cursor, with optional indices. Pure: parsing and lookup over the trace only.
//
//   h_3        h at timestep 3 (any per-timestep series: a, h, y, p, dy, dh, da, dh_prev, …)
//   h          h at the current step's timestep (an error in the loss / clip / update phases)
//   h_0, c_0   the initial state;  x_2, target_2, loss_2: the input, the target, ℓ₂
//   W_hh       a parameter;  dW_hh: its gradient summed so far;  W_hh': after the update
//   L, losses, gradNorm, clipFactor, dh0, dc0
//   h_3[0], W_hh[0][1], W_hh[0]   an element, or a matrix row
// Written forms are accepted too: subscripts (h₃), δ for d (δa₃, δW_hh).
// A name that exists but is not computed yet at the cursor says so, and where it will be; in
// practice mode, so does what the step asks the person to compute.

import type { Tensor } from '../../engine/model';
import { writeIndex, valueAt } from '../../engine/trace/stepValues';
import { seriesInfo, type TensorRef, type Trace } from '../../engine/trace/trace';
import { subscript } from '../../engine/trace/subscript';
import type { DebugProtocol } from '@vscode/debugprotocol';
import {
  fullNumber,
  HIDDEN_VALUE,
  isScalarRef,
  NOTHING_HIDDEN,
  refExpression,
  tensorPreview,
  tensorType,
  type TensorNode,
} from './variables';

export interface ParsedExpression {
  readonly name: string;
  /** Timestep from a `_3` suffix (or ₃). */
  readonly t?: number;
  readonly indices: readonly number[];
}

export type Evaluation =
  | {
      readonly ok: true;
      readonly ref: TensorRef;
      readonly tensor: Tensor;
      readonly indices: readonly number[];
      readonly expr: string;
    }
  | { readonly ok: false; readonly error: string };

const SUBSCRIPTS = '₀₁₂₃₄₅₆₇₈₉';
const SCALARS = new Set(['L', 'gradNorm', 'clipFactor', 'losses', 'dh0', 'dc0']);
/** Names that take a timestep but are not series of the cell. */
const TIMED = new Set(['x', 'target', 'loss']);

/** Parses `h_3[0]`, `W_hh[0][1]`, `dW_hh`, `h₃`, `δa_2`; undefined when it is not of that form. */
export function parseExpression(text: string): ParsedExpression | undefined {
  let s = text.trim();
  s = s.replace(/[₀-₉]+/g, (m) => `_${[...m].map((c) => SUBSCRIPTS.indexOf(c)).join('')}`);
  s = s.replace(/^δ/, 'd').replace(/[′’]$|[′’](?=\s*\[)/, "'");
  const m = /^([A-Za-z][A-Za-z0-9_]*?)(?:_(\d+))?(')?((?:\s*\[\s*\d+\s*\])*)$/.exec(s);
  if (!m) return undefined;
  const [, base, t, prime, index] = m;
  const indices = [...index.matchAll(/\d+/g)].map((d) => Number(d[0]));
  return { name: base + (prime ?? ''), ...(t === undefined ? {} : { t: Number(t) }), indices };
}

/** Names a person can evaluate for this model (for error messages). */
export function knownNames(trace: Trace): string[] {
  const m = trace.model;
  const params = Object.keys(m.params);
  return ['h_1', 'x_1', 'target_1', 'loss_1', ...params, ...params.map((p) => `d${p}`), 'L', 'gradNorm', 'clipFactor'];
}

/** The trace value `p` names at `stepIndex` (the timestep of the step when `h` has none). */
function refOf(trace: Trace, p: ParsedExpression, stepIndex: number): TensorRef | string {
  const m = trace.model;
  const { name } = p;
  const timed = TIMED.has(name) || seriesInfo(m.cell, name) !== undefined || (name === 'c' && m.cell === 'lstm');
  if (timed) {
    const t = p.t ?? trace.steps[stepIndex]?.t ?? null;
    if (t === null) return `${name} needs a timestep here: ${name}_1 … ${name}_${m.steps}`;
    const lowest = name === 'h' || name === 'c' ? 0 : 1;
    if (t < lowest || t > m.steps) return `${name} has timesteps ${lowest} … ${m.steps}, not ${t}`;
    return { name, t };
  }
  const untimed =
    name in m.params ||
    SCALARS.has(name) ||
    (name.startsWith('d') && name.slice(1) in m.params) ||
    (name.endsWith("'") && name.slice(0, -1) in m.params);
  if (untimed) return p.t === undefined ? { name } : `${name}_${p.t}: ${name} has no timesteps`;
  return `unknown name "${name}": try ${knownNames(trace).slice(0, 8).join(', ')} …`;
}

function stepName(trace: Trace, index: number): string {
  const s = trace.steps[index];
  return s ? `step ${index + 1} (${s.title})` : `step ${index + 1}`;
}

/** Evaluates `text` at `stepIndex`: the tensor (or the element the indices pick), or why not. A
 *  value whose expression is in `hidden` (practice mode: what the step asks) is refused. */
export function evaluateExpression(
  trace: Trace,
  stepIndex: number,
  text: string,
  hidden: ReadonlySet<string> = NOTHING_HIDDEN,
): Evaluation {
  const p = parseExpression(text);
  if (!p)
    return {
      ok: false,
      error: `cannot read "${text.trim()}": write a name with an optional timestep and indices, e.g. h_1, W_hh[0][1], dW_hh`,
    };
  const ref = refOf(trace, p, stepIndex);
  if (typeof ref === 'string') return { ok: false, error: ref };
  const tensor = valueAt(trace, ref, stepIndex);
  const expr = refExpression(ref);
  if (!tensor) {
    if (ref.name === 'target') return { ok: false, error: `timestep ${ref.t} has no target` };
    const at = writeIndex(trace, ref);
    const label = ref.t === undefined ? ref.name : `${ref.name}${subscript(ref.t)}`;
    return {
      ok: false,
      error:
        at >= 0
          ? `${label} is not computed yet at ${stepName(trace, stepIndex)}: it is computed at ${stepName(trace, at)}`
          : `${label} does not exist in this run`,
    };
  }
  if (hidden.has(expr)) {
    const label = ref.t === undefined ? ref.name : `${ref.name}${subscript(ref.t)}`;
    return { ok: false, error: `${label} is what ${stepName(trace, stepIndex)} asks you to compute: ${HIDDEN_VALUE}` };
  }
  const shape = tensor.shape;
  if (p.indices.length > shape.length) {
    return { ok: false, error: `${expr} has shape ${shape.join('×')}: ${p.indices.length} indices are too many` };
  }
  for (let k = 0; k < p.indices.length; k++) {
    if (p.indices[k] >= shape[k]) {
      return {
        ok: false,
        error: `${expr} has shape ${shape.join('×')}: index [${p.indices.join('][')}] is out of range`,
      };
    }
  }
  return { ok: true, ref, tensor, indices: p.indices, expr: expr + p.indices.map((i) => `[${i}]`).join('') };
}

/** What an evaluation picks: one number (all indices given, or a one-number scalar), or a tensor. */
export function selection(
  e: Extract<Evaluation, { ok: true }>,
): { readonly number: number } | { readonly tensor: Tensor } {
  const { tensor, indices } = e;
  if (tensor.shape.length === 2) {
    const cols = tensor.shape[1];
    if (indices.length === 2) return { number: tensor.data[indices[0] * cols + indices[1]] };
    if (indices.length === 1)
      return { tensor: { shape: [cols], data: tensor.data.subarray(indices[0] * cols, (indices[0] + 1) * cols) } };
    return { tensor };
  }
  if (indices.length === 1) return { number: tensor.data[indices[0]] };
  return { tensor };
}

/** The evaluate response's body: one number in full, or a tensor's preview that expands. */
export function evaluationResult(
  e: Extract<Evaluation, { ok: true }>,
  allocate: (node: TensorNode) => number,
): DebugProtocol.EvaluateResponse['body'] {
  const picked = selection(e);
  if ('number' in picked) return { result: fullNumber(picked.number), type: 'number', variablesReference: 0 };
  const t = picked.tensor;
  if (isScalarRef(e.ref) && t.data.length === 1)
    return { result: fullNumber(t.data[0]), type: 'number', variablesReference: 0 };
  const children = t.shape.length === 2 ? t.shape[0] : t.data.length;
  return {
    result: tensorPreview(t),
    type: tensorType(t),
    variablesReference: allocate({ expr: e.expr, tensor: t }),
    indexedVariables: children,
  };
}
