// Evaluates an equation's expression tree (expr.ts) from the numbers of its leaves, in float64,
// with code of its own — not the engine's kernels (compute/) — so that a test comparing the result
// with what the engine recorded checks two independent computations. Also used for display: a
// `fold` node shows its value, computed here.

import { assertNever, type Expr, type FnName } from './expr';

export interface Value {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

const scalar = (x: number): Value => ({ rows: 1, cols: 1, data: Float64Array.of(x) });
const isScalar = (v: Value): boolean => v.rows * v.cols === 1;

export function evaluate(e: Expr): Value {
  switch (e.op) {
    case 'tensor':
      return { rows: e.rows, cols: e.cols, data: Float64Array.from(e.data) };
    case 'const':
      return scalar(e.value);
    case 'add':
      return e.terms.map(evaluate).reduce((a, b) => zip(a, b, (x, y) => x + y));
    case 'sub':
      return zip(evaluate(e.a), evaluate(e.b), (x, y) => x - y);
    case 'had':
      return e.factors.map(evaluate).reduce((a, b) => zip(a, b, (x, y) => x * y));
    case 'mul':
      return e.factors.map(evaluate).reduce(product);
    case 'div':
      return zip(evaluate(e.num), evaluate(e.den), (x, y) => x / y);
    case 'min':
      return e.args.map(evaluate).reduce((a, b) => zip(a, b, Math.min));
    case 'neg':
      return map(evaluate(e.arg), (x) => -x);
    case 'sq':
      return map(evaluate(e.arg), (x) => x * x);
    case 'norm2': {
      const v = evaluate(e.arg);
      let s = 0;
      for (let i = 0; i < v.data.length; i++) s += v.data[i] * v.data[i];
      return scalar(s);
    }
    case 'fn':
      return applyFn(e.fn, evaluate(e.arg));
    case 'pick':
      return scalar(e.arg.data[e.index]);
    case 'select': {
      const { w, col } = e;
      const out = new Float64Array(w.rows);
      for (let r = 0; r < w.rows; r++) out[r] = w.data[r * w.cols + col];
      return { rows: w.rows, cols: 1, data: out };
    }
    case 'transpose': {
      const v = evaluate(e.arg);
      const out = new Float64Array(v.data.length);
      for (let r = 0; r < v.rows; r++) for (let c = 0; c < v.cols; c++) out[c * v.rows + r] = v.data[r * v.cols + c];
      return { rows: v.cols, cols: v.rows, data: out };
    }
    case 'fold':
    case 'named':
      return evaluate(e.arg);
    default:
      return assertNever(e);
  }
}

function map(v: Value, f: (x: number) => number): Value {
  const out = new Float64Array(v.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(v.data[i]);
  return { rows: v.rows, cols: v.cols, data: out };
}

/** Element-wise, a 1 × 1 side broadcasting over the other. */
function zip(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  if (isScalar(a) && !isScalar(b)) return map(b, (y) => f(a.data[0], y));
  if (isScalar(b)) return map(a, (x) => f(x, b.data[0]));
  if (a.rows !== b.rows || a.cols !== b.cols)
    throw new Error(`shapes ${a.rows}×${a.cols} and ${b.rows}×${b.cols} do not match`);
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[i], b.data[i]);
  return { rows: a.rows, cols: a.cols, data: out };
}

/** Matrix product; a scalar factor scales. */
function product(a: Value, b: Value): Value {
  if (isScalar(a) || isScalar(b)) return zip(a, b, (x, y) => x * y);
  if (a.cols !== b.rows) throw new Error(`cannot multiply ${a.rows}×${a.cols} by ${b.rows}×${b.cols}`);
  const out = new Float64Array(a.rows * b.cols);
  for (let r = 0; r < a.rows; r++)
    for (let c = 0; c < b.cols; c++) {
      let s = 0;
      for (let k = 0; k < a.cols; k++) s += a.data[r * a.cols + k] * b.data[k * b.cols + c];
      out[r * b.cols + c] = s;
    }
  return { rows: a.rows, cols: b.cols, data: out };
}

function applyFn(name: FnName, v: Value): Value {
  switch (name) {
    case 'tanh':
      return map(v, Math.tanh);
    case 'sigma':
      return map(v, (x) => 1 / (1 + Math.exp(-x)));
    case 'relu':
      return map(v, (x) => (x > 0 ? x : 0));
    case 'step':
      return map(v, (x) => (x > 0 ? 1 : 0));
    case 'log':
      return map(v, Math.log);
    case 'sqrt':
      return map(v, Math.sqrt);
    case 'softmax': {
      let max = -Infinity;
      for (const x of v.data) max = Math.max(max, x);
      const e = map(v, (x) => Math.exp(x - max));
      let s = 0;
      for (const x of e.data) s += x;
      return map(e, (x) => x / s);
    }
    default:
      return assertNever(name);
  }
}
