// Likely wrong answers for the forward pass and the loss, from the step's operands (FORMAT.md's
// equations): a pre-activation without one of its three terms, the previous state taken from the
// wrong timestep or multiplied by a transposed W_hh, the activation forgotten or swapped, the LSTM
// and GRU mixes the other way round, softmax without its normalization, the loss in the wrong
// logarithm or at the wrong class, the wrong reduction or a per-step loss left out of L.

import { hasTarget } from '../trace/stepDetails';
import type { Trace } from '../trace/trace';
import { subscript } from '../trace/subscript';
import type { Mistake } from './mistakes';
import type { Question } from './questions';
import { gateMistakes, gruCandidate, gruHidden, lstmCell, lstmHidden } from './mistakesGated';
import { act, inputTerm, map, matVec, minus, plus, row, scale, softmax, type Vec } from './valueMath';

const MAX_CLASS_MISTAKES = 20;
const MAX_TERM_MISTAKES = 50;

export function forwardMistakes(trace: Trace, q: Question): Mistake[] {
  const step = trace.steps[q.stepIndex];
  if (step.phase === 'loss') return totalLoss(trace);
  const m = trace.model;
  const t = step.t ?? 1;
  const name = q.target.name;
  const s = subscript(t);
  switch (name) {
    case 'a':
    case 'h':
      if (m.cell === 'rnn') return rnnMistakes(trace, t, name);
      return name === 'h' ? (m.cell === 'lstm' ? lstmHidden(trace, t) : gruHidden(trace, t)) : [];
    case 'i':
    case 'f':
    case 'g':
    case 'o':
    case 'r':
    case 'z':
      return gateMistakes(trace, t, name);
    case 'c':
      return lstmCell(trace, t);
    case 'n':
      return gruCandidate(trace, t);
    case 'y': {
      const W = m.params.W_hy;
      const b = m.params.b_y.data;
      const y = row(trace, 'y', t);
      const out: Mistake[] = [
        { kind: 'missing-term', message: `y${s} without the bias b_y`, value: minus(y, b) },
        {
          kind: 'wrong-operand',
          message: `uses h${subscript(t - 1)}; the output reads the new state h${s}`,
          value: plus(matVec(W, row(trace, 'h', t - 1))!, b),
        },
      ];
      if (m.cell === 'rnn')
        out.push({
          kind: 'wrong-operand',
          message: `uses a${s}; the output reads h${s} = ${m.activation}(a${s})`,
          value: plus(matVec(W, row(trace, 'a', t))!, b),
        });
      if (m.loss === 'cross-entropy')
        out.push({
          kind: 'wrong-function',
          message: `this is softmax(y${s}) = p${s}; y${s} is the raw scores (logits), before softmax`,
          value: softmax(y),
        });
      return out;
    }
    case 'p': {
      const y = row(trace, 'y', t);
      const total = y.reduce((a, b) => a + b, 0);
      return [
        { kind: 'wrong-function', message: `this is y${s}: p${s} is softmax(y${s})`, value: y },
        {
          kind: 'missing-term',
          message: `these are e^y not divided by their sum: softmax normalizes them to add up to 1`,
          value: map(y, Math.exp),
        },
        {
          kind: 'wrong-function',
          message: 'these are the scores divided by their sum, without e^y',
          value: scale(y, 1 / total),
        },
      ];
    }
    case 'loss':
      return stepLoss(trace, t);
  }
  return [];
}

/** a_t = W_hh h_{t−1} + W_xh x_t + b_h, and h_t = act(a_t) computed with each slip. */
function rnnMistakes(trace: Trace, t: number, name: 'a' | 'h'): Mistake[] {
  const m = trace.model;
  const s = subscript(t);
  const sp = subscript(t - 1);
  const a = row(trace, 'a', t);
  const W = m.params.W_hh;
  const hp = row(trace, 'h', t - 1);
  const rec = matVec(W, hp)!;
  const inp = inputTerm(trace, 'W_xh', t);
  const b = m.params.b_h.data;
  const f = act(m.activation);
  const F = (v: Vec): Vec => (name === 'a' ? v : map(v, f));
  const what = name === 'a' ? `a${s}` : `h${s} computed`;
  const out: Mistake[] = [
    { kind: 'missing-term', message: `${what} without the recurrent term W_hh h${sp}`, value: F(minus(a, rec)) },
    { kind: 'missing-term', message: `${what} without the input term W_xh x${s}`, value: F(minus(a, inp)) },
    { kind: 'missing-term', message: `${what} without the bias b_h`, value: F(minus(a, b)) },
    {
      kind: 'transposed',
      message: `W_hh is transposed: the recurrent term is W_hh h${sp} (row i of W_hh times h${sp})`,
      value: F(plus(matVec(W, hp, true)!, inp, b)),
    },
  ];
  if (t >= 2)
    out.push({
      kind: 'wrong-operand',
      message: `uses h${subscript(t - 2)}; the recurrent term takes the previous state h${sp}`,
      value: F(plus(matVec(W, row(trace, 'h', t - 2))!, inp, b)),
    });
  if (name === 'a') {
    out.push({
      kind: 'wrong-function',
      message: `this is ${m.activation}(a${s}) = h${s}; a${s} is the pre-activation, before ${m.activation}`,
      value: map(a, f),
    });
  } else {
    out.push({
      kind: 'wrong-function',
      message: `this is a${s}, the pre-activation: h${s} = ${m.activation}(a${s})`,
      value: a,
    });
    const other = m.activation === 'tanh' ? 'sigma' : 'tanh';
    out.push({
      kind: 'wrong-function',
      message: `this is ${other === 'sigma' ? 'σ' : 'tanh'}(a${s}); this cell's activation is ${m.activation}`,
      value: map(a, act(other)),
    });
  }
  return out;
}

/** ℓ_t = −log p_t[target], or ½‖y_t − y*_t‖² */
function stepLoss(trace: Trace, t: number): Mistake[] {
  const m = trace.model;
  const s = subscript(t);
  if (m.loss === 'cross-entropy' && m.targets.kind === 'tokens' && m.classes) {
    const classes = m.classes;
    const c = m.targets.ids[t - 1];
    const p = row(trace, 'p', t);
    const out: Mistake[] = [
      { kind: 'wrong-function', message: `this is p${s}[target] itself: ℓ${s} is −log of it`, value: [p[c]] },
      {
        kind: 'wrong-function',
        message: 'this uses log base 10: ℓ uses the natural logarithm ln',
        value: [-Math.log10(p[c])],
      },
      {
        kind: 'wrong-function',
        message: 'this uses log base 2: ℓ uses the natural logarithm ln',
        value: [-Math.log2(p[c])],
      },
    ];
    for (let j = 0; j < p.length && j < MAX_CLASS_MISTAKES; j++)
      if (j !== c)
        out.push({
          kind: 'wrong-operand',
          message: `this is −log p${s} of ${JSON.stringify(classes[j])}, but the target at t=${t} is ${JSON.stringify(classes[c])}`,
          value: [-Math.log(p[j])],
        });
    return out;
  }
  const y = row(trace, 'y', t);
  const sq = (v: ArrayLike<number>): number => Array.from(v).reduce((a, x) => a + x * x, 0);
  return [
    { kind: 'missing-term', message: `this leaves out the target: ℓ${s} = ½‖y${s} − y*${s}‖²`, value: [0.5 * sq(y)] },
  ];
}

/** L = Σ ℓ_t (or their mean) */
function totalLoss(trace: Trace): Mistake[] {
  const m = trace.model;
  const n = trace.targetCount;
  const mean = m.reduction === 'mean';
  const out: Mistake[] = [];
  if (n > 1)
    out.push({
      kind: 'factor',
      message: mean
        ? `this is the sum of the per-step losses; the reduction is mean (÷ ${n})`
        : 'this is the mean of the per-step losses; the reduction is sum',
      value: [mean ? trace.lossSum : trace.lossSum / n],
    });
  let listed = 0;
  for (let t = 1; t <= m.steps && listed < MAX_TERM_MISTAKES; t++) {
    if (!hasTarget(m, t)) continue;
    listed++;
    out.push({
      kind: 'missing-term',
      message: `this leaves out ℓ${subscript(t)}`,
      value: [trace.loss - trace.losses[t - 1] / (mean ? n : 1)],
    });
  }
  return out;
}
