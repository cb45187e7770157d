// What every equation builder needs to talk about one step: the symbols of the math (h_{3},
// W_{hh}, δW_{hh}) and the recorded tensors as leaves of the expression tree (expr.ts), each
// carrying the reference (name, timestep) it was read from and its numbers. Shared by the forward
// and backward builders so both write the notation the same way.

import type { Model } from '../model';
import { seriesInfo, seriesRow, type Step, type TensorRef, type Trace } from '../trace/trace';
import { gradientAt, inputVector, targetVector } from '../trace/stepValues';
import { mul, select, type Expr, type TensorLeaf } from './expr';
import { texName, texText } from './latex';

export interface EqContext {
  readonly trace: Trace;
  readonly model: Model;
  readonly step: Step;
  /** The step's timestep (0 for steps without one). */
  readonly t: number;
  /** The symbol of a series at a timestep: S('h', 2) → `h_{2}`, S('dh_next', 3) → `\delta h_{3}^{\text{next}}`. */
  S(name: string, t: number): string;
  /** A recorded series at a timestep (h/c at t = 0 are the model's h0/c0), shown as `sym` if given. */
  series(name: string, t: number, sym?: string): TensorLeaf;
  /** A parameter, as the run read it. */
  param(name: string): TensorLeaf;
  /** The running gradient sum δθ as it stands after step `at`. */
  grad(name: string, at: number): TensorLeaf;
  /** Column `col` of that running sum (δW_xh[:, token] for a one-hot input). */
  gradColumn(name: string, col: number, at: number): TensorLeaf;
  /** x_t: a one-hot vector for a token, the input row otherwise. */
  input(t: number): TensorLeaf;
  /** W x_t: the column of W at x_t's token, or the product for a vector input. */
  inputTerm(param: string, t: number): Expr;
  /** The token of x_t as `\text{…}`, or null in vector mode. */
  inputToken(t: number): string | null;
  /** The target at t (one-hot for a class), or null without one. */
  target(t: number, sym: string): TensorLeaf | null;
  /** A recorded scalar: ℓ_t, L, ‖g‖, κ. */
  scalar(ref: TensorRef, sym: string, value: number): TensorLeaf;
  /** `W_{hh}` */
  pSym(name: string): string;
  /** `\delta W_{hh}`: the gradient ∂L/∂W_hh (its running sum during BPTT). */
  dSym(name: string): string;
}

export function makeContext(trace: Trace, step: Step): EqContext {
  const model = trace.model;
  const H = model.hiddenSize;
  const at = step.index;
  const S = (name: string, t: number): string => {
    const info = seriesInfo(model.cell, name);
    const tex = info ? info.tex : `${name}_{t}`;
    return tex.replace(/\{t-1\}/g, `{${t - 1}}`).replace(/\{t\}/g, `{${t}}`);
  };
  const leaf = (ref: TensorRef, sym: string, rows: number, cols: number, data: ArrayLike<number>): TensorLeaf => ({
    op: 'tensor',
    ref,
    at,
    sym,
    rows,
    cols,
    data,
  });
  const series = (name: string, t: number, sym?: string): TensorLeaf => {
    let data: Float64Array;
    if (t === 0 && name === 'h') data = model.h0;
    else if (t === 0 && name === 'c') data = model.c0 ?? new Float64Array(H);
    else data = seriesRow(trace, name, t);
    const l = leaf({ name, t }, sym ?? S(name, t), data.length, 1, data);
    // tanh c_t is recorded as its own series; its square reads as tanh²(c_t).
    return name === 'tc' && sym === undefined ? { ...l, squared: `\\tanh^{2}(${S('c', t)})` } : l;
  };
  const shapeOf = (name: string): [number, number] => {
    const s = model.params[name].shape;
    return s.length === 2 ? [s[0], s[1]] : [s[0], 1];
  };
  const param = (name: string): TensorLeaf => {
    const [r, c] = shapeOf(name);
    return leaf({ name }, texName(name), r, c, model.params[name].data);
  };
  const grad = (name: string, index: number): TensorLeaf => {
    const [r, c] = shapeOf(name);
    return {
      ...leaf({ name: `d${name}` }, `\\delta ${texName(name)}`, r, c, gradientAt(trace, name, index).data),
      at: index,
    };
  };
  const gradColumn = (name: string, col: number, index: number): TensorLeaf => {
    const [r, c] = shapeOf(name);
    const full = gradientAt(trace, name, index).data;
    const data = Float64Array.from({ length: r }, (_x, i) => full[i * c + col]);
    return { ...leaf({ name: `d${name}` }, `\\delta ${texName(name)}`, r, 1, data), at: index, column: col };
  };
  const input = (t: number): TensorLeaf => {
    const v = inputVector(trace, t);
    return leaf({ name: 'x', t }, `x_{${t}}`, v.length, 1, v);
  };
  const inputToken = (t: number): string | null =>
    model.inputs.kind === 'tokens' && model.vocab ? texText(model.vocab[model.inputs.ids[t - 1]]) : null;
  const inputTerm = (name: string, t: number): Expr => {
    const tok = inputToken(t);
    if (model.inputs.kind === 'tokens' && tok !== null)
      return select(param(name), input(t), model.inputs.ids[t - 1], tok);
    return mul(param(name), input(t));
  };
  const target = (t: number, sym: string): TensorLeaf | null => {
    const v = targetVector(trace, t);
    return v ? leaf({ name: 'target', t }, sym, v.data.length, 1, v.data) : null;
  };
  return {
    trace,
    model,
    step,
    t: step.t ?? 0,
    S,
    series,
    param,
    grad,
    gradColumn,
    input,
    inputTerm,
    inputToken,
    target,
    scalar: (ref, sym, value) => leaf(ref, sym, 1, 1, Float64Array.of(value)),
    pSym: texName,
    dSym: (name) => `\\delta ${texName(name)}`,
  };
}
