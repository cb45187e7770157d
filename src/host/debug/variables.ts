// Tensors as Debug Adapter Protocol variables (pure: no vscode, no adapter state). What the
// Variables view, Watch and hovers show while debugging a `.rnn.json`:
//   - a tensor is one variable whose value is a compact preview — "[0.4621, −0.2046] (2)", a small
//     matrix inline "[[0.5, −0.3, 0.8, 0]] (1×4)", a larger one "3×4 matrix" — and whose children
//     are its elements (a vector) or its rows, each row's children its elements (a matrix);
//   - an element is shown at full precision (String(x): the exact shortest text of the float64),
//     with an evaluateName such as `W_hh[0][1]` so "Add to Watch" / "Copy as Expression" work;
//   - the four scopes of a frame: Step (what this step reads and writes), State (every other live
//     value of the run at this step), Parameters and Gradients (the running sums so far);
//   - in practice mode, what the step asks the person to compute shows HIDDEN_VALUE instead.
// Every value comes from the trace at the cursor (valueAt / liveTensors): stepping back shows
// exactly what was shown before.

import type { DebugProtocol } from '@vscode/debugprotocol';
import { PARAM_NAMES, type Tensor } from '../../engine/model';
import { describeRef, liveTensors } from '../../engine/trace/liveTensors';
import { valueAt } from '../../engine/trace/stepValues';
import type { TensorRef, Trace } from '../../engine/trace/trace';

/** A tensor as the adapter hands it out: what to call it, how to evaluate it again, its value. */
export interface NamedTensor {
  /** Display name (plain text): "h₁", "∂L/∂W_hh", "a₂ (computed)". */
  readonly name: string;
  /** The expression that evaluates to it (evaluate.ts): `h_1`, `dW_hh`. */
  readonly expr: string;
  readonly tensor: Tensor;
  /** Practice mode asks for it at this step: shown without its numbers (HIDDEN_VALUE). */
  readonly hidden?: boolean;
}

/** The value the debugger shows for what practice mode asks the person to compute (the panel
 *  hides the same tensors: panelMessages.ts `step`). */
export const HIDDEN_VALUE = 'hidden while you practise: answer it in the RNN Stepper panel';

/** No value hidden: the debugger outside practice mode. */
export const NOTHING_HIDDEN: ReadonlySet<string> = new Set();

/** What a variablesReference points at below a scope: a whole tensor, or one row of a matrix. */
export interface TensorNode {
  readonly expr: string;
  readonly tensor: Tensor;
  /** Set for a matrix row. */
  readonly row?: number;
}

export type ScopeKind = 'step' | 'state' | 'parameters' | 'gradients';

export const SCOPES: readonly { readonly kind: ScopeKind; readonly name: string }[] = [
  { kind: 'step', name: 'Step' },
  { kind: 'state', name: 'State' },
  { kind: 'parameters', name: 'Parameters' },
  { kind: 'gradients', name: 'Gradients' },
];

/** Digits of a preview: enough to tell values apart, few enough to fit six in a row. */
const PREVIEW_DIGITS = 4;
/** Elements of a vector (or of a small matrix) shown inline before "…". */
const PREVIEW_MAX = 6;

/** An element at full precision: the shortest text that reads back as exactly this float64. */
export function fullNumber(x: number): string {
  return String(x);
}

/** A number for a preview: four significant digits, a typographic minus. */
export function previewNumber(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const s = x.toPrecision(PREVIEW_DIGITS);
  const e = s.indexOf('e');
  const strip = (m: string): string => (m.includes('.') ? m.replace(/0+$/, '').replace(/\.$/, '') : m);
  const text = e < 0 ? strip(s) : `${strip(s.slice(0, e))}e${s.slice(e + 1)}`;
  return text.replace(/^-/, '−');
}

function listPreview(data: ArrayLike<number>, from: number, count: number): string {
  const shown: string[] = [];
  for (let i = 0; i < Math.min(count, PREVIEW_MAX); i++) shown.push(previewNumber(data[from + i]));
  if (count > PREVIEW_MAX) shown.push('…');
  return `[${shown.join(', ')}]`;
}

export function isMatrix(t: Pick<Tensor, 'shape'>): boolean {
  return t.shape.length === 2;
}

/** The compact value of a tensor: "[0.4621, −0.2046] (2)", "[[0.2]] (1×1)", "3×4 matrix". */
export function tensorPreview(t: Tensor): string {
  if (isMatrix(t)) {
    const [rows, cols] = t.shape;
    if (rows * cols > PREVIEW_MAX) return `${rows}×${cols} matrix`;
    const shown: string[] = [];
    for (let r = 0; r < rows; r++) shown.push(listPreview(t.data, r * cols, cols));
    return `[${shown.join(', ')}] (${rows}×${cols})`;
  }
  return `${listPreview(t.data, 0, t.data.length)} (${t.data.length})`;
}

/** The variable's type, shown on hover in the Variables view. */
export function tensorType(t: Tensor): string {
  return isMatrix(t) ? `matrix ${t.shape[0]}×${t.shape[1]}` : `vector (${t.data.length})`;
}

/** Values with one number and no shape to explore (L, ‖g‖, κ, ℓ_t): shown as that number. */
export function isScalarRef(ref: TensorRef): boolean {
  return ref.name === 'L' || ref.name === 'gradNorm' || ref.name === 'clipFactor' || ref.name === 'loss';
}

/** The expression (evaluate.ts) of a trace value: h@3 → `h_3`, W_hh → `W_hh`, dW_hh → `dW_hh`. */
export function refExpression(ref: TensorRef): string {
  return ref.t === undefined ? ref.name : `${ref.name}_${ref.t}`;
}

/** A tensor as one DAP variable; `allocate` hands out the reference its children are fetched by. */
export function tensorVariable(
  named: NamedTensor,
  allocate: (node: TensorNode) => number,
  scalar = false,
): DebugProtocol.Variable {
  const { name, expr, tensor } = named;
  if (named.hidden)
    return { name, value: HIDDEN_VALUE, type: tensorType(tensor), evaluateName: expr, variablesReference: 0 };
  if (scalar && tensor.data.length === 1) {
    return { name, value: fullNumber(tensor.data[0]), type: 'number', evaluateName: expr, variablesReference: 0 };
  }
  const children = isMatrix(tensor) ? tensor.shape[0] : tensor.data.length;
  return {
    name,
    value: tensorPreview(tensor),
    type: tensorType(tensor),
    evaluateName: expr,
    variablesReference: allocate({ expr, tensor }),
    indexedVariables: children,
  };
}

/** The children of a tensor (its elements, or its rows) or of a matrix row (its elements). `start`
 *  and `count` page through them (VS Code asks for big tensors in chunks of 100). */
export function childVariables(
  node: TensorNode,
  allocate: (node: TensorNode) => number,
  start = 0,
  count?: number,
): DebugProtocol.Variable[] {
  const { expr, tensor, row } = node;
  const out: DebugProtocol.Variable[] = [];
  if (isMatrix(tensor) && row === undefined) {
    const [rows, cols] = tensor.shape;
    const end = Math.min(rows, count === undefined ? rows : start + count);
    for (let r = start; r < end; r++) {
      const rowExpr = `${expr}[${r}]`;
      const rowTensor: Tensor = { shape: [cols], data: tensor.data.subarray(r * cols, (r + 1) * cols) };
      out.push({
        name: `[${r}]`,
        value: tensorPreview(rowTensor),
        type: tensorType(rowTensor),
        evaluateName: rowExpr,
        variablesReference: allocate({ expr, tensor, row: r }),
        indexedVariables: cols,
      });
    }
    return out;
  }
  const cols = isMatrix(tensor) ? tensor.shape[1] : tensor.data.length;
  const base = row === undefined ? 0 : row * cols;
  const prefix = row === undefined ? expr : `${expr}[${row}]`;
  const end = Math.min(cols, count === undefined ? cols : start + count);
  for (let i = start; i < end; i++) {
    out.push({
      name: `[${i}]`,
      value: fullNumber(tensor.data[base + i]),
      type: 'number',
      evaluateName: `${prefix}[${i}]`,
      variablesReference: 0,
    });
  }
  return out;
}

/** The tensors of one scope at `stepIndex`, in display order; those whose expression is in
 *  `hidden` (practice mode: what the step asks) are marked hidden. */
export function scopeTensors(
  trace: Trace,
  stepIndex: number,
  scope: ScopeKind,
  hidden: ReadonlySet<string> = NOTHING_HIDDEN,
): (NamedTensor & { readonly scalar: boolean })[] {
  return scopeValues(trace, stepIndex, scope).map((t) => (hidden.has(t.expr) ? { ...t, hidden: true } : t));
}

function scopeValues(
  trace: Trace,
  stepIndex: number,
  scope: ScopeKind,
): (NamedTensor & { readonly scalar: boolean })[] {
  const step = trace.steps[stepIndex];
  if (!step) return [];
  const model = trace.model;
  const named = (ref: TensorRef, suffix = ''): (NamedTensor & { scalar: boolean }) | undefined => {
    const tensor = valueAt(trace, ref, stepIndex);
    if (!tensor) return undefined;
    return { name: describeRef(model, ref).label + suffix, expr: refExpression(ref), tensor, scalar: isScalarRef(ref) };
  };
  const present = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
  switch (scope) {
    case 'step': {
      // What the equation computes first, then what it uses; a value both read and written (a
      // gradient accumulator) is listed once, as computed.
      const written = new Set(step.writes.map(refExpression));
      return present([
        ...step.writes.map((r) => named(r, ' (computed)')),
        ...step.reads.filter((r) => !written.has(refExpression(r))).map((r) => named(r)),
      ]);
    }
    case 'state':
      // Parameters and gradients have their own scopes.
      return liveTensors(trace, stepIndex)
        .filter((lt) => lt.group !== 'param' && lt.group !== 'grad')
        .map((lt) => ({
          name: lt.label,
          expr: refExpression(lt.ref),
          tensor: { shape: lt.shape, data: lt.data },
          scalar: isScalarRef(lt.ref),
        }));
    case 'parameters':
      return present(PARAM_NAMES[model.cell].map((p) => named({ name: p })));
    case 'gradients':
      return present([
        ...PARAM_NAMES[model.cell].map((p) => named({ name: `d${p}` })),
        named({ name: 'dh0' }),
        ...(model.cell === 'lstm' ? [named({ name: 'dc0' })] : []),
      ]);
    default: {
      const never: never = scope;
      throw new Error(`unknown scope ${String(never)}`);
    }
  }
}
