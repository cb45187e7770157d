// What every equation builder needs to talk about one step: the symbols of the math (h_{3},
// W_{hh}, δW_{hh}) and the recorded numbers as displayable terms. Shared by the forward and
// backward builders so both write the notation the same way.

import type { Model } from '../model';
import { seriesInfo, seriesRow, type Step, type Trace } from '../trace/trace';
import { gradientAt, inputVector } from '../trace/stepValues';
import { mapVec, mat, mul, sym, texName, texText, vec, type Term, type TexOptions } from './latex';

export interface EqContext {
  readonly trace: Trace;
  readonly model: Model;
  readonly step: Step;
  /** The step's timestep (0 for steps without one). */
  readonly t: number;
  readonly o: TexOptions;
  /** The symbol of a series at a timestep: S('h', 2) → `h_{2}`, S('dh_next', 3) → `\delta h_{3}^{\text{next}}`. */
  S(name: string, t: number): string;
  /** A recorded series row (h/c at t = 0 are the model's h0/c0). */
  row(name: string, t: number): Float64Array;
  /** That row as a displayed vector. */
  V(name: string, t: number): Term;
  /** A parameter as a displayed matrix or vector (transposed on request). */
  P(name: string, transpose?: boolean): Term;
  /** `W_{hh}` */
  pSym(name: string): string;
  /** `\delta W_{hh}`: the gradient ∂L/∂W_hh (its running sum during BPTT). */
  dSym(name: string): string;
  /** W x_t with the numbers: the selected column for a token input, the product for a vector. */
  inputTerm(param: string, t: number): Term;
  /** The token of x_t, as `\text{…}`, or null in vector mode. */
  inputToken(t: number): string | null;
  /** The running gradient sum of a parameter as it stands after step `index`. */
  gradAt(param: string, index: number): Float64Array;
}

export function makeContext(trace: Trace, step: Step, o: TexOptions): EqContext {
  const model = trace.model;
  const H = model.hiddenSize;
  const S = (name: string, t: number): string => {
    const info = seriesInfo(model.cell, name);
    const tex = info ? info.tex : `${name}_{t}`;
    return tex.replace(/\{t-1\}/g, `{${t - 1}}`).replace(/\{t\}/g, `{${t}}`);
  };
  const row = (name: string, t: number): Float64Array => {
    if (t === 0 && name === 'h') return model.h0;
    if (t === 0 && name === 'c') return model.c0 ?? new Float64Array(H);
    return seriesRow(trace, name, t);
  };
  const P = (name: string, transpose = false): Term => {
    const p = model.params[name];
    return p.shape.length === 2 ? mat(p.data, p.shape[0], p.shape[1], o, transpose) : vec(p.data, o);
  };
  const inputToken = (t: number): string | null =>
    model.inputs.kind === 'tokens' && model.vocab ? texText(model.vocab[model.inputs.ids[t - 1]]) : null;
  const inputTerm = (param: string, t: number): Term => {
    const tok = inputToken(t);
    if (model.inputs.kind === 'tokens' && tok !== null) {
      const w = model.params[param];
      const I = w.shape[1];
      const id = model.inputs.ids[t - 1];
      const col = mapVec(new Float64Array(w.shape[0]), (_x, r) => w.data[r * I + id]);
      return sym(`\\underbrace{${vec(col, o).tex}}_{${texName(param)}[:,\\,${tok}]}`, col.length === 1);
    }
    return mul(P(param), vec(inputVector(trace, t), o));
  };
  return {
    trace,
    model,
    step,
    t: step.t ?? 0,
    o,
    S,
    row,
    V: (name, t) => vec(row(name, t), o),
    P,
    pSym: texName,
    dSym: (name) => `\\delta ${texName(name)}`,
    inputTerm,
    inputToken,
    gradAt: (param, index) => gradientAt(trace, param, index).data,
  };
}
