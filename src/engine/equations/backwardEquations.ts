// Backpropagation through time as expression trees (expr.ts), each with the recorded numbers —
// the BPTT walk-through of a derivation by hand (dz, dh_out + dh_next, da, the contributions, dh_next) for every
// cell. δX stands for ∂L/∂X. The derivatives, per cell:
//   all   δy_t = p_t − e_{target} (cross-entropy) or y_t − y*_t (mse), ÷ n for mean, 0 without target
//         δh_t = W_hyᵀ δy_t + δh_t^next, where δh_t^next is what step t+1 sent back to h_t
//   rnn   δa_t = δh_t ⊙ (1 − h_t²) (tanh) or δh_t ⊙ 1[a_t > 0] (relu);  δh_{t−1} = W_hhᵀ δa_t
//   lstm  δc_t = δh_t ⊙ o_t ⊙ (1 − tanh² c_t) + δc_t^next;  δa^o = δh ⊙ tanh c ⊙ o(1−o);
//         δa^i = δc ⊙ g ⊙ i(1−i);  δa^f = δc ⊙ c_{t−1} ⊙ f(1−f);  δa^g = δc ⊙ i ⊙ (1−g²);
//         δh_{t−1} = Σ_k W_hkᵀ δa^k;  δc_{t−1} = δc_t ⊙ f_t
//   gru   δa^n = δh ⊙ (1−z) ⊙ (1−n²);  δa^z = δh ⊙ (h_{t−1} − n) ⊙ z(1−z);  δm = δa^n ⊙ r;
//         δa^r = δa^n ⊙ m ⊙ r(1−r);  δh_{t−1} = δh ⊙ z + W_hzᵀ δa^z + W_hrᵀ δa^r + W_hnᵀ δm
//   every parameter: δθ += delta_t ⊗ operand_t (GRAD_SOURCES), shown as  before + term = after.
// The gradient a step receives from step t+1 is a leaf of step t+1's own record (dh_prev at t+1),
// so an equation that read the wrong timestep would not add up.

import type { EqContext } from './equationContext';
import {
  add,
  constant,
  fn,
  fold,
  had,
  mul,
  oneMinus,
  reciprocal,
  sigmaPrime,
  sq,
  sub,
  transpose,
  type EquationTree,
  type Expr,
  type Statement,
} from './expr';
import { accumulatedParams, hasTarget } from '../trace/stepDetails';
import { GRAD_SOURCES } from '../trace/trace';
import { texText } from './latex';

const one = (s: Statement): EquationTree => ({ statements: [s] });

export function backwardEquation(c: EqContext, maxShown: number): EquationTree {
  const { t, step, model } = c;
  const S = (n: string, tt = t): string => c.S(n, tt);
  const V = c.series;
  /** lhs = rhs = result, where the result is the series the step writes. */
  const simple = (name: string, rhs: Expr, ...middle: Expr[]): EquationTree =>
    one({ lhs: S(name), rhs, chain: [rhs, ...middle, V(name, t)] });
  switch (step.kind) {
    case 'dy':
      return outputDelta(c);
    case 'dWy':
    case 'dW':
      return accumulation(c, step.kind, maxShown);
    case 'dh': {
      const out = mul(transpose(c.param('W_hy')), V('dy', t));
      const first: Statement = { lhs: S('dh_out'), rhs: out, chain: [out, V('dh_out', t)] };
      if (t === model.steps) {
        const only = V('dh_out', t);
        return {
          statements: [
            first,
            {
              lhs: S('dh'),
              rhs: only,
              chain: [V('dh', t)],
              note: { tex: `${S('dh_next')} = 0 \\text{ at } t = T`, paren: true },
            },
          ],
        };
      }
      const total = add(V('dh_out', t), V('dh_prev', t + 1, S('dh_next')));
      return { statements: [first, { lhs: S('dh'), rhs: total, chain: [total, V('dh', t)] }] };
    }
    case 'da': {
      if (model.activation === 'relu') return simple('da', had(V('dh', t), fn('step', V('a', t))));
      const slope = oneMinus(sq(V('h', t)));
      return simple('da', had(V('dh', t), slope), had(V('dh', t), fold(slope)));
    }
    case 'dhprev':
      return previousState(c);
    case 'dc': {
      const local = had(V('dh', t), V('o', t), oneMinus(sq(V('tc', t))));
      return simple('dc', t === model.steps ? local : add(local, V('dc_prev', t + 1, S('dc_next'))));
    }
    case 'da_o':
      return simple('da_o', had(V('dh', t), V('tc', t), sigmaPrime(V('o', t))));
    case 'da_i':
      return simple('da_i', had(V('dc', t), V('g', t), sigmaPrime(V('i', t))));
    case 'da_f':
      return simple('da_f', had(V('dc', t), V('c', t - 1), sigmaPrime(V('f', t))));
    case 'da_g':
      return simple('da_g', had(V('dc', t), V('i', t), oneMinus(sq(V('g', t)))));
    case 'da_n':
      return simple('da_n', had(V('dh', t), oneMinus(V('z', t)), oneMinus(sq(V('n', t)))));
    case 'da_z':
      return simple('da_z', had(V('dh', t), sub(V('h', t - 1), V('n', t)), sigmaPrime(V('z', t))));
    case 'dhn':
      return simple('dhn', had(V('da_n', t), V('r', t)));
    case 'da_r':
      return simple('da_r', had(V('da_n', t), V('hn', t), sigmaPrime(V('r', t))));
  }
  throw new Error(`no backward equation for ${step.kind}`);
}

/** δy_t: the loss gradient at the output (÷ n under mean reduction; 0 without a target). */
function outputDelta(c: EqContext): EquationTree {
  const { t, model, trace } = c;
  const lhs = c.S('dy', t);
  const dy = c.series('dy', t);
  if (!hasTarget(model, t)) {
    return one({ lhs, rhs: constant(0), chain: [dy], note: { tex: `\\text{no target at } t = ${t}`, paren: true } });
  }
  const ce = model.loss === 'cross-entropy';
  const tgtSym =
    ce && model.targets.kind === 'tokens' && model.classes
      ? `e_{${texText(model.classes[model.targets.ids[t - 1]])}}`
      : `y^{*}_{${t}}`;
  const target = c.target(t, tgtSym);
  if (!target) throw new Error(`step ${t} has no target`);
  const diff = sub(c.series(ce ? 'p' : 'y', t), target);
  const rhs = model.reduction === 'mean' ? mul(reciprocal(trace.targetCount), diff) : diff;
  return one({ lhs, rhs, chain: [rhs, dy] });
}

/** The accumulate steps: δθ += delta_t ⊗ operand_t for each parameter, before + term = after. */
function accumulation(c: EqContext, kind: 'dWy' | 'dW', maxShown: number): EquationTree {
  const { t, model, step } = c;
  const params = accumulatedParams(model.cell, kind);
  // The gated cells accumulate 12 parameters in one step: fewer rows/columns of each keep the
  // whole step a few kilobytes of TeX.
  const shown = params.length > 3 ? Math.min(maxShown, 4) : maxShown;
  const statements: Statement[] = [];
  for (const p of params) {
    const src = GRAD_SOURCES[model.cell][p];
    const delta = c.series(src.delta, t);
    const lhs = c.dSym(p);
    const base = { lhs, accumulate: true, ...(shown < maxShown ? { maxShown: shown } : {}) };
    if (src.operand === null) {
      const rhs = add(c.grad(p, step.index - 1), delta);
      statements.push({ ...base, rhs: delta, chain: [rhs, c.grad(p, step.index)] });
      continue;
    }
    if (src.operand === 'x' && model.inputs.kind === 'tokens') {
      // x_t is one-hot: the outer product only touches the column of x_t's token.
      const id = model.inputs.ids[t - 1];
      const rhs = add(c.gradColumn(p, id, step.index - 1), delta);
      statements.push({
        ...base,
        numericLhs: `${lhs}[:,\\,${c.inputToken(t)}]`,
        rhs: mul(delta, transpose(c.input(t))),
        chain: [rhs, c.gradColumn(p, id, step.index)],
      });
      continue;
    }
    const operand = src.operand === 'x' ? c.input(t) : c.series('h', src.operand === 'h' ? t : t - 1);
    const term = mul(delta, transpose(operand));
    const before = c.grad(p, step.index - 1);
    const [rows, cols] = [before.rows, before.cols];
    const chain: Expr[] = [add(before, term)];
    if (rows <= shown && cols <= shown) chain.push(add(before, fold(term)));
    chain.push(c.grad(p, step.index));
    statements.push({ ...base, rhs: term, chain });
  }
  return { statements };
}

/** The gradient sent to the previous state (at t = 1: ∂L/∂h_0, and ∂L/∂c_0 for lstm). */
function previousState(c: EqContext): EquationTree {
  const { t, model } = c;
  const V = c.series;
  const WT = (w: string, d: string): Expr => mul(transpose(c.param(w)), V(d, t));
  const dhp = c.S('dh_prev', t);
  const result = V('dh_prev', t);
  switch (model.cell) {
    case 'rnn': {
      const rhs = WT('W_hh', 'da');
      return one({ lhs: dhp, rhs, chain: [rhs, result] });
    }
    case 'lstm': {
      const rhs = add(...['i', 'f', 'g', 'o'].map((k) => WT(`W_h${k}`, `da_${k}`)));
      const dc = had(V('dc', t), V('f', t));
      return {
        statements: [
          { lhs: dhp, rhs, chain: [rhs, result] },
          { lhs: c.S('dc_prev', t), rhs: dc, chain: [dc, V('dc_prev', t)] },
        ],
      };
    }
    case 'gru': {
      const rhs = add(had(V('dh', t), V('z', t)), WT('W_hz', 'da_z'), WT('W_hr', 'da_r'), WT('W_hn', 'dhn'));
      return one({ lhs: dhp, rhs, chain: [rhs, result] });
    }
  }
}
