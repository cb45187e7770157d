// Likely wrong answers for backpropagation through time, the clip and the update, from the step's
// operands (the derivatives in equations/backwardEquations.ts): δy_t without the −1 at the target
// (softmax + cross-entropy) or at the wrong class, the mean's ÷ n forgotten; δh_t without the part
// from the output or the part coming back from t + 1; δa_t without tanh′, with 1 − h or 1 − a², at
// the wrong timestep; W_hh instead of W_hhᵀ; a gradient that is only one timestep's term, leaves
// one out, or multiplies by h_t where h_{t−1} belongs; an update that adds, forgets η or κ.

import { PARAM_NAMES } from '../model';
import { contribution, gradientAt } from '../trace/stepValues';
import { GRAD_SOURCES, type Trace } from '../trace/trace';
import { hasTarget } from '../trace/stepDetails';
import { subscript } from '../trace/subscript';
import type { Mistake } from './mistakes';
import type { Question } from './questions';
import { map, map2, matVec, minus, outer, plus, row, scale, times, type Vec } from './valueMath';

const MAX_CLASS_MISTAKES = 20;
const MAX_TERM_MISTAKES = 50;

export function backwardMistakes(trace: Trace, q: Question): Mistake[] {
  const m = trace.model;
  const t = trace.steps[q.stepIndex].t ?? 1;
  const name = q.target.name;
  if (q.target.t === undefined && name.startsWith('d') && PARAM_NAMES[m.cell].includes(name.slice(1)))
    return accumulation(trace, name.slice(1), t, q.stepIndex);
  switch (name) {
    case 'dy':
      return outputDelta(trace, t);
    case 'dh':
      return hiddenDelta(trace, t);
    case 'da':
      return m.cell === 'rnn' ? preActivationDelta(trace, t) : [];
    case 'dh_prev':
      return m.cell === 'rnn' ? previousState(trace, t) : [];
    case 'dc':
      return m.cell === 'lstm' ? cellDelta(trace, t) : [];
  }
  return [];
}

/** δy_t = (p_t − e_target) / k or (y_t − y*_t) / k, k = n for mean, 1 for sum. */
function outputDelta(trace: Trace, t: number): Mistake[] {
  const m = trace.model;
  if (!hasTarget(m, t)) return [];
  const s = subscript(t);
  const n = trace.targetCount;
  const k = m.reduction === 'mean' ? 1 / n : 1;
  const dy = row(trace, 'dy', t);
  const out: Mistake[] = [];
  if (m.reduction === 'mean' && n > 1)
    out.push({ kind: 'factor', message: `forgot to divide by n = ${n} (the reduction is mean)`, value: scale(dy, n) });
  else if (n > 1)
    out.push({ kind: 'factor', message: `divided by n = ${n}, but the reduction is sum`, value: scale(dy, 1 / n) });
  if (m.loss === 'cross-entropy' && m.targets.kind === 'tokens' && m.classes) {
    const classes = m.classes;
    const c = m.targets.ids[t - 1];
    const p = row(trace, 'p', t);
    out.push({
      kind: 'missing-term',
      message: `forgot to subtract 1 at the target ${JSON.stringify(classes[c])}: δy${s} = p${s} − e(target)`,
      value: scale(p, k),
    });
    for (let j = 0; j < p.length && j < MAX_CLASS_MISTAKES; j++) {
      if (j === c) continue;
      out.push({
        kind: 'wrong-operand',
        message: `subtracted 1 at ${JSON.stringify(classes[j])}, but the target at t=${t} is ${JSON.stringify(classes[c])}`,
        value: scale(
          map(p, (v, i) => v - (i === j ? 1 : 0)),
          k,
        ),
      });
    }
  } else {
    out.push({
      kind: 'missing-term',
      message: `forgot to subtract the target: δy${s} = y${s} − y*${s}`,
      value: scale(row(trace, 'y', t), k),
    });
  }
  return out;
}

/** δh_t = W_hyᵀ δy_t + δh_tⁿᵉˣᵗ */
function hiddenDelta(trace: Trace, t: number): Mistake[] {
  const m = trace.model;
  const s = subscript(t);
  const next = t < m.steps;
  const fromOut = row(trace, 'dh_out', t);
  const fromNext = row(trace, 'dh_next', t);
  const later = `t=${t + 1}`;
  const out: Mistake[] = [];
  if (next) {
    out.push({
      kind: 'missing-term',
      message: `δh${s} is missing the recurrent part δh${s}ⁿᵉˣᵗ that comes back from ${later}`,
      value: fromOut,
    });
    out.push({
      kind: 'missing-term',
      message: `δh${s} is missing the part from the output, W_hyᵀ δy${s}`,
      value: fromNext,
    });
  }
  const W = m.params.W_hy;
  const plain = matVec(W, row(trace, 'dy', t));
  if (plain && plain.length === m.hiddenSize)
    out.push({
      kind: 'transposed',
      message: `W_hy is used as it is: the output part is W_hyᵀ δy${s}`,
      value: plus(plain, fromNext),
    });
  if (next && m.cell === 'rnn') {
    const W_hh = m.params.W_hh;
    out.push({
      kind: 'wrong-operand',
      message: `the part from ${later} is W_hhᵀ δa${subscript(t + 1)}, not δa${subscript(t + 1)} alone`,
      value: plus(fromOut, row(trace, 'da', t + 1)),
    });
    out.push({
      kind: 'wrong-operand',
      message: `the part from ${later} goes through the activation's derivative first: W_hhᵀ δa${subscript(t + 1)}, not W_hhᵀ δh${subscript(t + 1)}`,
      value: plus(fromOut, matVec(W_hh, row(trace, 'dh', t + 1), true)!),
    });
  }
  return out;
}

/** δa_t = δh_t ⊙ (1 − h_t²) for tanh, δh_t ⊙ 1[a_t > 0] for relu. */
function preActivationDelta(trace: Trace, t: number): Mistake[] {
  const m = trace.model;
  const [s, sp] = [subscript(t), subscript(t - 1)];
  const dh = row(trace, 'dh', t);
  const fromOut = row(trace, 'dh_out', t);
  const next = t < m.steps;
  if (m.activation === 'relu') {
    const mask = map(row(trace, 'a', t), (a) => (a > 0 ? 1 : 0));
    const out: Mistake[] = [
      { kind: 'missing-term', message: `forgot relu′: δa${s} = δh${s} ⊙ 1[a${s} > 0]`, value: dh },
    ];
    if (next)
      out.push({
        kind: 'missing-term',
        message: `δh${s} is missing the recurrent part δh${s}ⁿᵉˣᵗ from t=${t + 1}`,
        value: times(fromOut, mask),
      });
    return out;
  }
  const h = row(trace, 'h', t);
  const d = (v: Vec | Float64Array): Vec => map2(dh, v, (x, y) => x * y);
  const out: Mistake[] = [
    { kind: 'missing-term', message: `forgot tanh′: δa${s} = δh${s} ⊙ (1 − h${s}²)`, value: dh },
    { kind: 'wrong-function', message: `uses 1 − h${s}; tanh′ is 1 − h${s}²`, value: d(map(h, (x) => 1 - x)) },
    {
      kind: 'wrong-operand',
      message: `uses 1 − a${s}²; tanh′(a${s}) = 1 − h${s}², with h${s} = tanh(a${s})`,
      value: d(map(row(trace, 'a', t), (x) => 1 - x * x)),
    },
    {
      kind: 'wrong-function',
      message: `applies tanh to h${s} again: tanh′(a${s}) = 1 − h${s}²`,
      value: d(map(h, (x) => 1 - Math.tanh(x) ** 2)),
    },
    {
      kind: 'wrong-operand',
      message: `uses h${sp}; tanh′ is taken at this step's h${s}`,
      value: d(map(row(trace, 'h', t - 1), (x) => 1 - x * x)),
    },
  ];
  if (next)
    out.push({
      kind: 'missing-term',
      message: `δh${s} is missing the recurrent part δh${s}ⁿᵉˣᵗ that comes back from t=${t + 1}`,
      value: map2(fromOut, h, (x, y) => x * (1 - y * y)),
    });
  return out;
}

/** δh_{t−1} = W_hhᵀ δa_t */
function previousState(trace: Trace, t: number): Mistake[] {
  const W = trace.model.params.W_hh;
  const s = subscript(t);
  const da = row(trace, 'da', t);
  return [
    { kind: 'transposed', message: `uses W_hh; the gradient goes back through W_hhᵀ`, value: matVec(W, da)! },
    {
      kind: 'wrong-operand',
      message: `uses δh${s}: what goes back is δa${s}, after the activation's derivative`,
      value: matVec(W, row(trace, 'dh', t), true)!,
    },
    { kind: 'missing-term', message: `forgot to multiply by W_hhᵀ`, value: da },
  ];
}

/** δc_t = δh_t ⊙ o_t ⊙ (1 − tanh² c_t) + δc_tⁿᵉˣᵗ */
function cellDelta(trace: Trace, t: number): Mistake[] {
  const s = subscript(t);
  const [dh, o, tc] = [row(trace, 'dh', t), row(trace, 'o', t), row(trace, 'tc', t)];
  const next = row(trace, 'dc_next', t);
  const out: Mistake[] = [
    {
      kind: 'missing-term',
      message: `forgot tanh′ of the cell state, 1 − tanh²(c${s})`,
      value: plus(times(dh, o), next),
    },
    {
      kind: 'missing-term',
      message: `forgot the output gate o${s}`,
      value: plus(
        map2(dh, tc, (x, y) => x * (1 - y * y)),
        next,
      ),
    },
  ];
  if (t < trace.model.steps)
    out.push({
      kind: 'missing-term',
      message: `δc${s} is missing δc${s}ⁿᵉˣᵗ = f${subscript(t + 1)} ⊙ δc${subscript(t + 1)} from t=${t + 1}`,
      value: minus(row(trace, 'dc', t), next),
    });
  return out;
}

/** ∂L/∂θ after the accumulate step at t: Σ over s = T…t of delta_s ⊗ operand_s. */
function accumulation(trace: Trace, param: string, t: number, stepIndex: number): Mistake[] {
  const m = trace.model;
  const T = m.steps;
  const exact = gradientAt(trace, param, stepIndex).data;
  const out: Mistake[] = [];
  if (t < T) {
    out.push({
      kind: 'partial-sum',
      message: `this is only the term of t=${t}: ∂L/∂${param} adds one term per timestep, from t=${T} down to t=${t}`,
      value: contribution(trace, param, t).data,
    });
    for (let s = t; s <= T && s < t + MAX_TERM_MISTAKES; s++)
      out.push({
        kind: 'missing-term',
        message: `this leaves out the term of t=${s}`,
        value: minus(exact, contribution(trace, param, s).data),
      });
  }
  const src = GRAD_SOURCES[m.cell][param];
  if (src?.operand === 'hprev' || src?.operand === 'h') {
    const shift = src.operand === 'hprev' ? 0 : -1; // the wrong state: h_s for h_{s−1}, or h_{s−1} for h_s
    const acc = new Float64Array(exact.length);
    for (let s = T; s >= t; s--) {
      const term = outer(row(trace, src.delta, s), row(trace, 'h', s + shift));
      for (let i = 0; i < acc.length; i++) acc[i] += term[i];
    }
    out.push({
      kind: 'wrong-operand',
      message:
        src.operand === 'hprev'
          ? `each term multiplies by h_t; ∂L/∂${param} takes the previous state h_{t−1}`
          : `each term multiplies by h_{t−1}; ∂L/∂${param} takes the state h_t the output read`,
      value: acc,
    });
  }
  return out;
}
