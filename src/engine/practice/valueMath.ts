// Small float64 helpers to build the wrong answers a learner is likely to give (mistakes*.ts) from
// the values the trace recorded: products with a parameter (plain or transposed), sums and
// element-wise maps. Display-free and allocation-light: the vectors are the size of one step.

import type { Tensor } from '../model';
import { inputVector } from '../trace/stepValues';
import { seriesRow, type Trace } from '../trace/trace';

export type Vec = Float64Array;

/** W v, or Wᵀ v; null when the shapes do not fit (a transposed non-square W, say). */
export function matVec(w: Tensor, v: ArrayLike<number>, transpose = false): Vec | null {
  const [r, c] = w.shape.length === 2 ? w.shape : [w.shape[0], 1];
  const [rows, cols] = transpose ? [c, r] : [r, c];
  if (v.length !== cols) return null;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += (transpose ? w.data[j * c + i] : w.data[i * c + j]) * v[j];
    out[i] = s;
  }
  return out;
}

/** Element-wise a + b + … (all the same length). */
export function plus(...vs: ArrayLike<number>[]): Vec {
  const out = new Float64Array(vs[0].length);
  for (const v of vs) for (let i = 0; i < out.length; i++) out[i] += v[i];
  return out;
}

export function minus(a: ArrayLike<number>, b: ArrayLike<number>): Vec {
  return map2(a, b, (x, y) => x - y);
}

export function times(a: ArrayLike<number>, b: ArrayLike<number>): Vec {
  return map2(a, b, (x, y) => x * y);
}

export function scale(a: ArrayLike<number>, k: number): Vec {
  return map(a, (x) => x * k);
}

export function map(a: ArrayLike<number>, f: (x: number, i: number) => number): Vec {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], i);
  return out;
}

export function map2(a: ArrayLike<number>, b: ArrayLike<number>, f: (x: number, y: number) => number): Vec {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f(a[i], b[i]);
  return out;
}

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const relu = (x: number): number => (x > 0 ? x : 0);

/** An activation by name, element-wise. */
export function act(name: 'tanh' | 'relu' | 'sigma'): (x: number) => number {
  return name === 'tanh' ? Math.tanh : name === 'relu' ? relu : sigmoid;
}

export function softmax(y: ArrayLike<number>): Vec {
  let m = -Infinity;
  for (let i = 0; i < y.length; i++) m = Math.max(m, y[i]);
  const e = map(y, (x) => Math.exp(x - m));
  let s = 0;
  for (let i = 0; i < e.length; i++) s += e[i];
  return scale(e, 1 / s);
}

/** The transpose of a rows×cols matrix stored row-major. */
export function transposed(data: ArrayLike<number>, rows: number, cols: number): Vec {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

/** A recorded series at t; h and c at t = 0 are the model's h0 and c0 (zeros when it has none). */
export function row(trace: Trace, name: string, t: number): Vec {
  const m = trace.model;
  if (t === 0 && name === 'h') return m.h0;
  if (t === 0 && name === 'c') return m.c0 ?? new Float64Array(m.hiddenSize);
  return seriesRow(trace, name, t);
}

/** W x_t: the column of x_t's token (one-hot) or the product with the input vector. */
export function inputTerm(trace: Trace, param: string, t: number): Vec {
  const w = trace.model.params[param];
  return matVec(w, inputVector(trace, t)) ?? new Float64Array(w.shape[0]);
}

/** An outer product u vᵀ (rows u.length, columns v.length), row-major. */
export function outer(u: ArrayLike<number>, v: ArrayLike<number>): Vec {
  const out = new Float64Array(u.length * v.length);
  for (let i = 0; i < u.length; i++) for (let j = 0; j < v.length; j++) out[i * v.length + j] = u[i] * v[j];
  return out;
}
