// The forward pass and the loss as equations: each step's formula (symbolic LaTeX) and the same
// formula with the recorded numbers substituted, ending in the value the engine recorded — the
// way a derivation by hand writes `a_1 = 0.5 + 0.2\cdot 0 = 0.5`, `h_1 = \tanh(0.5) = 0.462117`
// (examples/hi-there-class.rnn.json; README, "The panel").
//
// Equations (FORMAT.md): rnn  a_t = W_hh h_{t−1} + W_xh x_t + b_h,  h_t = act(a_t)
//   lstm k_t = σ(W_xk x_t + W_hk h_{t−1} + b_k) for k = i, f, o (tanh for g), c_t = f⊙c_{t−1} + i⊙g,
//        h_t = o ⊙ tanh(c_t)
//   gru  r, z gates as above, n_t = tanh(W_xn x_t + b_xn + r_t ⊙ (W_hn h_{t−1} + b_hn)),
//        h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
//   out  y_t = W_hy h_t + b_y, p_t = softmax(y_t), ℓ_t = −log p_t[target] or ½‖y_t − y*_t‖²

import type { EqContext } from './equationContext';
import type { StepEquation } from './equations';
import { hasTarget } from '../trace/steps';
import { targetVector } from '../trace/stepValues';
import { add, chain, fmtNum, fn, had, mapVec, mul, num, paren, sub, sym, texText, vec, type Term } from './latex';

const ACT: Record<string, string> = {
  i: '\\sigma',
  f: '\\sigma',
  o: '\\sigma',
  g: '\\tanh',
  r: '\\sigma',
  z: '\\sigma',
};

export function forwardEquation(c: EqContext): StepEquation {
  const { t, step, model } = c;
  const S = (n: string, tt = t): string => c.S(n, tt);
  switch (step.kind) {
    case 'a': {
      const symbolic = `${S('a')} = W_{hh} ${S('h', t - 1)} + W_{xh} x_{${t}} + b_{h}`;
      const numeric = chain(
        S('a'),
        add(mul(c.P('W_hh'), c.V('h', t - 1)), c.inputTerm('W_xh', t), c.P('b_h')),
        c.V('a', t),
      );
      return { symbolic, numeric };
    }
    case 'h':
      switch (model.cell) {
        case 'rnn': {
          const act = model.activation === 'relu' ? '\\max' : '\\tanh';
          const arg = (x: Term): Term =>
            model.activation === 'relu'
              ? sym(x.scalar ? `\\max(0, ${x.tex})` : `\\max\\left(0, ${x.tex}\\right)`, x.scalar)
              : fn(act, x);
          return {
            symbolic: `${S('h')} = ${arg(sym(S('a'), true)).tex}`,
            numeric: chain(S('h'), arg(c.V('a', t)), c.V('h', t)),
          };
        }
        case 'lstm':
          return {
            symbolic: `${S('h')} = ${S('o')} \\odot \\tanh(${S('c')})`,
            numeric: chain(
              S('h'),
              had(c.V('o', t), fn('\\tanh', c.V('c', t))),
              had(c.V('o', t), c.V('tc', t)),
              c.V('h', t),
            ),
          };
        case 'gru':
          return {
            symbolic: `${S('h')} = (1 - ${S('z')}) \\odot ${S('n')} + ${S('z')} \\odot ${S('h', t - 1)}`,
            numeric: chain(
              S('h'),
              add(had(paren(sub(num(1), c.V('z', t))), c.V('n', t)), had(c.V('z', t), c.V('h', t - 1))),
              c.V('h', t),
            ),
          };
      }
      break;
    case 'i':
    case 'f':
    case 'g':
    case 'o':
    case 'r':
    case 'z': {
      const k = step.kind;
      const act = ACT[k];
      const symbolic = `${S(k)} = ${act}(W_{x${k}} x_{${t}} + W_{h${k}} ${S('h', t - 1)} + b_{${k}})`;
      const pre = add(c.inputTerm(`W_x${k}`, t), mul(c.P(`W_h${k}`), c.V('h', t - 1)), c.P(`b_${k}`));
      return { symbolic, numeric: chain(S(k), fn(act, pre), fn(act, c.V(`a_${k}`, t)), c.V(k, t)) };
    }
    case 'c': {
      const symbolic = `${S('c')} = ${S('f')} \\odot ${S('c', t - 1)} + ${S('i')} \\odot ${S('g')}`;
      const numeric = chain(S('c'), add(had(c.V('f', t), c.V('c', t - 1)), had(c.V('i', t), c.V('g', t))), c.V('c', t));
      return { symbolic, numeric };
    }
    case 'n': {
      const symbolic = `${S('n')} = \\tanh(W_{xn} x_{${t}} + b_{xn} + ${S('r')} \\odot (W_{hn} ${S('h', t - 1)} + b_{hn}))`;
      const m = paren(add(mul(c.P('W_hn'), c.V('h', t - 1)), c.P('b_hn')));
      const full = add(c.inputTerm('W_xn', t), c.P('b_xn'), had(c.V('r', t), m));
      const short = add(c.inputTerm('W_xn', t), c.P('b_xn'), had(c.V('r', t), c.V('hn', t)));
      return {
        symbolic: `${symbolic}, \\quad ${S('hn')} = W_{hn} ${S('h', t - 1)} + b_{hn}`,
        numeric: chain(S('n'), fn('\\tanh', full), fn('\\tanh', short), fn('\\tanh', c.V('a_n', t)), c.V('n', t)),
      };
    }
    case 'y': {
      const symbolic = `${S('y')} = W_{hy} ${S('h')} + b_{y}`;
      return { symbolic, numeric: chain(S('y'), add(mul(c.P('W_hy'), c.V('h', t)), c.P('b_y')), c.V('y', t)) };
    }
    case 'p':
      return {
        symbolic: `${S('p')} = \\operatorname{softmax}(${S('y')}), \\quad p_{${t},j} = \\frac{e^{y_{${t},j}}}{\\sum_{k} e^{y_{${t},k}}}`,
        numeric: chain(S('p'), fn('\\operatorname{softmax}', c.V('y', t)), c.V('p', t)),
      };
    case 'loss':
      return stepLoss(c);
  }
  throw new Error(`no forward equation for ${step.kind}`);
}

/** ℓ_t: cross-entropy of the target class, or half the squared error. */
function stepLoss(c: EqContext): StepEquation {
  const { t, model, trace } = c;
  const lossVal = num(trace.losses[t - 1], c.o).tex;
  if (model.loss === 'cross-entropy' && model.targets.kind === 'tokens' && model.classes) {
    const id = model.targets.ids[t - 1];
    const cls = texText(model.classes[id]);
    const pj = c.row('p', t)[id];
    return {
      symbolic: `\\ell_{${t}} = -\\log ${c.S('p', t)}[${cls}]`,
      numeric: `\\ell_{${t}} = -\\log(${fmtNum(pj, c.o.digits)}) = ${lossVal}`,
    };
  }
  const target = targetVector(trace, t);
  const tv = target ? vec(target.data, c.o) : num(0);
  return {
    symbolic: `\\ell_{${t}} = \\tfrac{1}{2}\\lVert ${c.S('y', t)} - y^{*}_{${t}} \\rVert^{2}`,
    numeric: `\\ell_{${t}} = \\tfrac{1}{2}\\left\\lVert ${sub(c.V('y', t), tv).tex} \\right\\rVert^{2} = ${lossVal}`,
  };
}

/** The loss phase: L = Σ ℓ_t over the steps with a target, or their mean. */
export function totalLossEquation(c: EqContext): StepEquation {
  const { model, trace } = c;
  const T = model.steps;
  const ts: number[] = [];
  for (let t = 1; t <= T; t++) if (hasTarget(model, t)) ts.push(t);
  const maxTerms = Math.max(2, c.o.maxCols ?? 6);
  const shown = ts.length <= maxTerms ? ts : [...ts.slice(0, maxTerms - 2), -1, ...ts.slice(-1)];
  const terms = (f: (t: number) => string): string =>
    shown.length === 0 ? '0' : shown.map((t) => (t < 0 ? '\\cdots' : f(t))).join(' + ');
  const all = ts.length === T && T > 0;
  const sumSym = all ? `\\sum_{t=1}^{${T}} \\ell_{t}` : terms((t) => `\\ell_{${t}}`);
  const sumNum = terms((t) => fmtNum(trace.losses[t - 1], c.o.digits));
  const L = num(trace.loss, c.o).tex;
  if (ts.length === 0) return { symbolic: 'L = 0 \\quad (\\text{no step has a target})', numeric: `L = ${L}` };
  if (model.reduction === 'mean') {
    const n = trace.targetCount;
    return {
      symbolic: `L = \\frac{1}{${n}} ${all ? sumSym : `(${sumSym})`}`,
      numeric: `L = \\frac{1}{${n}}(${sumNum}) = \\frac{${fmtNum(trace.lossSum, c.o.digits)}}{${n}} = ${L}`,
    };
  }
  return { symbolic: `L = ${sumSym}`, numeric: ts.length <= 1 ? `L = ${L}` : `L = ${sumNum} = ${L}` };
}

/** The one-hot of a token target, for δy = p − e. */
export function targetTerm(c: EqContext, t: number): Term {
  const target = targetVector(c.trace, t);
  return target
    ? vec(target.data, c.o)
    : vec(
        mapVec(new Float64Array(c.model.outputSize), () => 0),
        c.o,
      );
}
