// Likely wrong answers for the gates and states of the LSTM and the GRU (FORMAT.md's equations):
// a gate without one of its terms, with a transposed recurrent weight, without its σ (or tanh) or
// with the other one; the LSTM's gates swapped in c_t or tanh forgotten in h_t; the GRU's reset
// gate left out of n_t, and its z_t and 1 − z_t swapped in h_t.

import type { Trace } from '../trace/trace';
import { subscript } from '../trace/subscript';
import type { Mistake } from './mistakes';
import { act, inputTerm, map, matVec, minus, plus, row, times, type Vec } from './valueMath';

/** A gate k_t = act(W_xk x_t + W_hk h_{t−1} + b_k): σ, or tanh for the LSTM candidate g. */
export function gateMistakes(trace: Trace, t: number, k: string): Mistake[] {
  const m = trace.model;
  const s = subscript(t);
  const sp = subscript(t - 1);
  const pre = row(trace, `a_${k}`, t);
  const W = m.params[`W_h${k}`];
  const hp = row(trace, 'h', t - 1);
  const inp = inputTerm(trace, `W_x${k}`, t);
  const b = m.params[`b_${k}`].data;
  const own = k === 'g' ? 'tanh' : 'sigma';
  const F = (v: Vec): Vec => map(v, act(own));
  const fname = own === 'tanh' ? 'tanh' : 'σ';
  return [
    { kind: 'missing-term', message: `${k}${s} without the input term W_x${k} x${s}`, value: F(minus(pre, inp)) },
    {
      kind: 'missing-term',
      message: `${k}${s} without the recurrent term W_h${k} h${sp}`,
      value: F(minus(pre, matVec(W, hp)!)),
    },
    { kind: 'missing-term', message: `${k}${s} without the bias b_${k}`, value: F(minus(pre, b)) },
    {
      kind: 'transposed',
      message: `W_h${k} is transposed: the recurrent term is W_h${k} h${sp}`,
      value: F(plus(inp, matVec(W, hp, true)!, b)),
    },
    { kind: 'wrong-function', message: `this is the pre-activation; ${k}${s} applies ${fname} to it`, value: pre },
    {
      kind: 'wrong-function',
      message: `this applies ${own === 'tanh' ? 'σ' : 'tanh'}; ${k}${s} uses ${fname}`,
      value: map(pre, act(own === 'tanh' ? 'sigma' : 'tanh')),
    },
  ];
}

/** c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t */
export function lstmCell(trace: Trace, t: number): Mistake[] {
  const [s, sp] = [subscript(t), subscript(t - 1)];
  const [f, i, g, cp] = [row(trace, 'f', t), row(trace, 'i', t), row(trace, 'g', t), row(trace, 'c', t - 1)];
  return [
    { kind: 'missing-term', message: `c${s} without the kept old state f${s} ⊙ c${sp}`, value: times(i, g) },
    { kind: 'missing-term', message: `c${s} without the new part i${s} ⊙ g${s}`, value: times(f, cp) },
    {
      kind: 'wrong-operand',
      message: `the gates are swapped: the forget gate f${s} scales the old cell state c${sp}, the input gate i${s} the candidate g${s}`,
      value: plus(times(f, g), times(i, cp)),
    },
  ];
}

/** h_t = o_t ⊙ tanh(c_t) */
export function lstmHidden(trace: Trace, t: number): Mistake[] {
  const s = subscript(t);
  const [o, c] = [row(trace, 'o', t), row(trace, 'c', t)];
  return [
    {
      kind: 'wrong-function',
      message: `this is o${s} ⊙ c${s}: h${s} takes tanh of the cell state first`,
      value: times(o, c),
    },
    { kind: 'missing-term', message: `this is tanh(c${s}) without the output gate o${s}`, value: map(c, Math.tanh) },
  ];
}

/** n_t = tanh(W_xn x_t + b_xn + r_t ⊙ m_t), m_t = W_hn h_{t−1} + b_hn */
export function gruCandidate(trace: Trace, t: number): Mistake[] {
  const m = trace.model;
  const [s, sp] = [subscript(t), subscript(t - 1)];
  const inp = inputTerm(trace, 'W_xn', t);
  const bx = m.params.b_xn.data;
  const bh = m.params.b_hn.data;
  const r = row(trace, 'r', t);
  const mm = row(trace, 'hn', t);
  const T = (...v: ArrayLike<number>[]): Vec => map(plus(...v), Math.tanh);
  return [
    {
      kind: 'wrong-function',
      message: `this is the pre-activation; n${s} applies tanh to it`,
      value: row(trace, 'a_n', t),
    },
    {
      kind: 'missing-term',
      message: `the reset gate is left out: r${s} scales m${s} = W_hn h${sp} + b_hn`,
      value: T(inp, bx, mm),
    },
    { kind: 'missing-term', message: `m${s} without its bias b_hn`, value: T(inp, bx, times(r, minus(mm, bh))) },
    { kind: 'missing-term', message: `n${s} without the bias b_xn`, value: T(inp, times(r, mm)) },
    { kind: 'missing-term', message: `n${s} without the input term W_xn x${s}`, value: T(bx, times(r, mm)) },
  ];
}

/** h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1} */
export function gruHidden(trace: Trace, t: number): Mistake[] {
  const [s, sp] = [subscript(t), subscript(t - 1)];
  const [z, n, hp] = [row(trace, 'z', t), row(trace, 'n', t), row(trace, 'h', t - 1)];
  const oneMinus = map(z, (v) => 1 - v);
  return [
    {
      kind: 'wrong-operand',
      message: `z${s} and 1 − z${s} are swapped: in this format (PyTorch's) z${s} keeps the old state, h${s} = (1 − z${s}) ⊙ n${s} + z${s} ⊙ h${sp}`,
      value: plus(times(z, n), times(oneMinus, hp)),
    },
    { kind: 'missing-term', message: `h${s} without the kept old state z${s} ⊙ h${sp}`, value: times(oneMinus, n) },
    { kind: 'missing-term', message: `h${s} without the new part (1 − z${s}) ⊙ n${s}`, value: times(z, hp) },
    { kind: 'missing-term', message: `this is n${s}: the update gate mixes it with h${sp}`, value: n },
  ];
}
