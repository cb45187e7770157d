// The forward pass and the loss as expression trees (expr.ts): each step's formula, and the same
// formula with the recorded numbers, ending in the value the engine recorded — the way a
// derivation by hand writes `a_1 = 0.5 + 0.2\cdot 0 = 0.5`, `h_1 = \tanh(0.5) = 0.462117`
// (examples/hi-there-class.rnn.json; README, "The panel").
//
// Equations (FORMAT.md): rnn  a_t = W_hh h_{t−1} + W_xh x_t + b_h,  h_t = act(a_t)
//   lstm k_t = σ(W_xk x_t + W_hk h_{t−1} + b_k) for k = i, f, o (tanh for g), c_t = f⊙c_{t−1} + i⊙g,
//        h_t = o ⊙ tanh(c_t)
//   gru  r, z gates as above, n_t = tanh(W_xn x_t + b_xn + r_t ⊙ (W_hn h_{t−1} + b_hn)),
//        h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
//   out  y_t = W_hy h_t + b_y, p_t = softmax(y_t), ℓ_t = −log p_t[target] or ½‖y_t − y*_t‖²

import type { EqContext } from './equationContext';
import {
  add,
  constant,
  div,
  fn,
  fold,
  had,
  mul,
  named,
  neg,
  norm2,
  oneMinus,
  pick,
  reciprocal,
  sub,
  type EquationTree,
  type Expr,
  type FnName,
  type Statement,
} from './expr';
import { hasTarget } from '../trace/stepDetails';
import { texText } from './latex';

const ACT: Record<string, FnName> = { i: 'sigma', f: 'sigma', o: 'sigma', g: 'tanh', r: 'sigma', z: 'sigma' };

const one = (s: Statement): EquationTree => ({ statements: [s] });

export function forwardEquation(c: EqContext): EquationTree {
  const { t, step, model } = c;
  const S = (n: string, tt = t): string => c.S(n, tt);
  const V = c.series;
  switch (step.kind) {
    case 'a': {
      const rhs = add(mul(c.param('W_hh'), V('h', t - 1)), c.inputTerm('W_xh', t), c.param('b_h'));
      return one({ lhs: S('a'), rhs, chain: [rhs, V('a', t)] });
    }
    case 'h':
      switch (model.cell) {
        case 'rnn': {
          const rhs = fn(model.activation === 'relu' ? 'relu' : 'tanh', V('a', t));
          return one({ lhs: S('h'), rhs, chain: [rhs, V('h', t)] });
        }
        case 'lstm': {
          const rhs = had(V('o', t), fn('tanh', V('c', t)));
          return one({ lhs: S('h'), rhs, chain: [rhs, had(V('o', t), V('tc', t)), V('h', t)] });
        }
        case 'gru': {
          const rhs = add(had(oneMinus(V('z', t)), V('n', t)), had(V('z', t), V('h', t - 1)));
          return one({ lhs: S('h'), rhs, chain: [rhs, V('h', t)] });
        }
      }
      break;
    case 'i':
    case 'f':
    case 'g':
    case 'o':
    case 'r':
    case 'z': {
      const k = step.kind;
      const pre = add(c.inputTerm(`W_x${k}`, t), mul(c.param(`W_h${k}`), V('h', t - 1)), c.param(`b_${k}`));
      const rhs = fn(ACT[k], pre);
      return one({ lhs: S(k), rhs, chain: [rhs, fn(ACT[k], V(`a_${k}`, t)), V(k, t)] });
    }
    case 'c': {
      const rhs = add(had(V('f', t), V('c', t - 1)), had(V('i', t), V('g', t)));
      return one({ lhs: S('c'), rhs, chain: [rhs, V('c', t)] });
    }
    case 'n': {
      const m = add(mul(c.param('W_hn'), V('h', t - 1)), c.param('b_hn'));
      const rhs = fn('tanh', add(c.inputTerm('W_xn', t), c.param('b_xn'), had(V('r', t), m)));
      const short = fn('tanh', add(c.inputTerm('W_xn', t), c.param('b_xn'), had(V('r', t), V('hn', t))));
      return one({
        lhs: S('n'),
        rhs,
        chain: [rhs, short, fn('tanh', V('a_n', t)), V('n', t)],
        note: { tex: `${S('hn')} = W_{hn} ${S('h', t - 1)} + b_{hn}`, paren: false },
      });
    }
    case 'y': {
      const rhs = add(mul(c.param('W_hy'), V('h', t)), c.param('b_y'));
      return one({ lhs: S('y'), rhs, chain: [rhs, V('y', t)] });
    }
    case 'p': {
      const rhs = fn('softmax', V('y', t));
      return one({
        lhs: S('p'),
        rhs,
        chain: [rhs, V('p', t)],
        note: { tex: `p_{${t},j} = \\frac{e^{y_{${t},j}}}{\\sum_{k} e^{y_{${t},k}}}`, paren: false },
      });
    }
    case 'loss':
      return stepLoss(c);
  }
  throw new Error(`no forward equation for ${step.kind}`);
}

/** ℓ_t: cross-entropy of the target class, or half the squared error. */
function stepLoss(c: EqContext): EquationTree {
  const { t, model, trace } = c;
  const lhs = `\\ell_{${t}}`;
  const loss = c.scalar({ name: 'loss', t }, lhs, trace.losses[t - 1]);
  if (model.loss === 'cross-entropy' && model.targets.kind === 'tokens' && model.classes) {
    const id = model.targets.ids[t - 1];
    const rhs = neg(fn('log', pick(c.series('p', t), id, texText(model.classes[id]))));
    return one({ lhs, rhs, chain: [rhs, loss] });
  }
  const target = c.target(t, `y^{*}_{${t}}`);
  if (!target) throw new Error(`step ${t} has a loss but no target`);
  const rhs = mul(constant(0.5, '\\tfrac{1}{2}', '\\tfrac{1}{2}', true), norm2(sub(c.series('y', t), target)));
  return one({ lhs, rhs, chain: [rhs, loss] });
}

/** The loss phase: L = Σ ℓ_t over the steps with a target, or their mean. */
export function totalLossEquation(c: EqContext, maxCols: number | undefined): EquationTree {
  const { model, trace } = c;
  const T = model.steps;
  const L = c.scalar({ name: 'L' }, 'L', trace.loss);
  const terms: Expr[] = [];
  for (let t = 1; t <= T; t++)
    if (hasTarget(model, t)) terms.push(c.scalar({ name: 'loss', t }, `\\ell_{${t}}`, trace.losses[t - 1]));
  if (terms.length === 0) {
    return one({ lhs: 'L', rhs: constant(0), chain: [L], note: { tex: '\\text{no step has a target}', paren: true } });
  }
  const all = terms.length === T;
  const listed: Expr = { op: 'add', terms, maxTerms: Math.max(2, maxCols ?? 6) };
  const total = all && T > 1 ? named(`\\sum_{t=1}^{${T}} \\ell_{t}`, listed) : listed;
  if (model.reduction === 'mean') {
    const n = trace.targetCount;
    const rhs = mul(reciprocal(n), total);
    return one({ lhs: 'L', rhs, chain: [rhs, div(fold(listed), constant(n)), L] });
  }
  return one({ lhs: 'L', rhs: total, chain: terms.length <= 1 ? [L] : [total, L] });
}
