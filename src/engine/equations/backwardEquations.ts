// Backpropagation through time as equations, each with the recorded numbers substituted — the
// seed's BPTT walk-through (dz, dh_out + dh_next, da, the contributions, dh_next) for every cell.
// δX stands for ∂L/∂X. The derivatives, per cell:
//   all   δy_t = p_t − e_{target} (cross-entropy) or y_t − y*_t (mse), ÷ n for mean, 0 without target
//         δh_t = W_hyᵀ δy_t + δh_t^next, where δh_t^next = δh_t of step t+1's "gradient to h_{t}"
//   rnn   δa_t = δh_t ⊙ (1 − h_t²) (tanh) or δh_t ⊙ 1[a_t > 0] (relu);  δh_{t−1} = W_hhᵀ δa_t
//   lstm  δc_t = δh_t ⊙ o_t ⊙ (1 − tanh² c_t) + δc_t^next;  δa^o = δh ⊙ tanh c ⊙ o(1−o);
//         δa^i = δc ⊙ g ⊙ i(1−i);  δa^f = δc ⊙ c_{t−1} ⊙ f(1−f);  δa^g = δc ⊙ i ⊙ (1−g²);
//         δh_{t−1} = Σ_k W_hkᵀ δa^k;  δc_{t−1} = δc_t ⊙ f_t
//   gru   δa^n = δh ⊙ (1−z) ⊙ (1−n²);  δa^z = δh ⊙ (h_{t−1} − n) ⊙ z(1−z);  δm = δa^n ⊙ r;
//         δa^r = δa^n ⊙ m ⊙ r(1−r);  δh_{t−1} = δh ⊙ z + W_hzᵀ δa^z + W_hrᵀ δa^r + W_hnᵀ δm
//   every parameter: δθ += delta_t ⊗ operand_t (GRAD_SOURCES), shown as  before + term = after.

import { makeContext, type EqContext } from './equationContext';
import type { StepEquation } from './equations';
import { targetTerm } from './forwardEquations';
import { accumulatedParams, hasTarget } from '../trace/steps';
import { GRAD_SOURCES } from '../trace/trace';
import { contribution } from '../trace/stepValues';
import {
  add,
  aligned,
  chain,
  had,
  mapVec,
  mat,
  mul,
  num,
  paren,
  rowVec,
  sub,
  sym,
  tensorTex,
  texText,
  vec,
  type Term,
} from './latex';

export function backwardEquation(c: EqContext): StepEquation {
  const { t, step, model } = c;
  const S = (n: string, tt = t): string => c.S(n, tt);
  const V = (n: string, tt = t): Term => c.V(n, tt);
  const oneMinus = (x: Term): Term => paren(sub(num(1), x));
  const sq = (x: Term): Term => sym(`${x.negative ? `(${x.tex})` : x.tex}^{2}`, x.scalar);
  const sigmaPrime = (g: string): Term => had(V(g), oneMinus(V(g)));
  switch (step.kind) {
    case 'dy':
      return outputDelta(c);
    case 'dWy':
    case 'dW':
      return accumulation(c, step.kind);
    case 'dh': {
      const last = t === model.steps;
      const symOut = `${S('dh_out')} = W_{hy}^{\\top} ${S('dy')}`;
      const numOut = chain(S('dh_out'), mul(c.P('W_hy', true), V('dy')), V('dh_out'));
      const symTot = last
        ? `${S('dh')} = ${S('dh_out')} \\quad (${S('dh_next')} = 0 \\text{ at } t = T)`
        : `${S('dh')} = ${S('dh_out')} + ${S('dh_next')}`;
      const numTot = last ? chain(S('dh'), V('dh')) : chain(S('dh'), add(V('dh_out'), V('dh_next')), V('dh'));
      return { symbolic: aligned([symOut, symTot]), numeric: aligned([numOut, numTot]) };
    }
    case 'da':
      if (model.activation === 'relu') {
        const mask = mapVec(c.row('a', t), (a) => (a > 0 ? 1 : 0));
        return {
          symbolic: `${S('da')} = ${S('dh')} \\odot \\mathbb{1}[${S('a')} > 0]`,
          numeric: chain(S('da'), had(V('dh'), vec(mask, c.o)), V('da')),
        };
      }
      return {
        symbolic: `${S('da')} = ${S('dh')} \\odot (1 - ${S('h')}^{2})`,
        numeric: chain(
          S('da'),
          had(V('dh'), oneMinus(sq(V('h')))),
          had(
            V('dh'),
            vec(
              mapVec(c.row('h', t), (h) => 1 - h * h),
              c.o,
            ),
          ),
          V('da'),
        ),
      };
    case 'dhprev':
      return previousState(c);
    case 'dc': {
      const last = t === model.steps;
      const local = had(V('dh'), V('o'), oneMinus(sq(V('tc'))));
      return {
        symbolic: `${S('dc')} = ${S('dh')} \\odot ${S('o')} \\odot (1 - \\tanh^{2}(${S('c')}))${last ? '' : ` + ${S('dc_next')}`}`,
        numeric: chain(S('dc'), last ? local : add(local, V('dc_next')), V('dc')),
      };
    }
    case 'da_o':
      return {
        symbolic: `${S('da_o')} = ${S('dh')} \\odot \\tanh(${S('c')}) \\odot ${S('o')} \\odot (1 - ${S('o')})`,
        numeric: chain(S('da_o'), had(V('dh'), V('tc'), sigmaPrime('o')), V('da_o')),
      };
    case 'da_i':
      return {
        symbolic: `${S('da_i')} = ${S('dc')} \\odot ${S('g')} \\odot ${S('i')} \\odot (1 - ${S('i')})`,
        numeric: chain(S('da_i'), had(V('dc'), V('g'), sigmaPrime('i')), V('da_i')),
      };
    case 'da_f':
      return {
        symbolic: `${S('da_f')} = ${S('dc')} \\odot ${S('c', t - 1)} \\odot ${S('f')} \\odot (1 - ${S('f')})`,
        numeric: chain(S('da_f'), had(V('dc'), V('c', t - 1), sigmaPrime('f')), V('da_f')),
      };
    case 'da_g':
      return {
        symbolic: `${S('da_g')} = ${S('dc')} \\odot ${S('i')} \\odot (1 - ${S('g')}^{2})`,
        numeric: chain(S('da_g'), had(V('dc'), V('i'), oneMinus(sq(V('g')))), V('da_g')),
      };
    case 'da_n':
      return {
        symbolic: `${S('da_n')} = ${S('dh')} \\odot (1 - ${S('z')}) \\odot (1 - ${S('n')}^{2})`,
        numeric: chain(S('da_n'), had(V('dh'), oneMinus(V('z')), oneMinus(sq(V('n')))), V('da_n')),
      };
    case 'da_z':
      return {
        symbolic: `${S('da_z')} = ${S('dh')} \\odot (${S('h', t - 1)} - ${S('n')}) \\odot ${S('z')} \\odot (1 - ${S('z')})`,
        numeric: chain(S('da_z'), had(V('dh'), paren(sub(V('h', t - 1), V('n'))), sigmaPrime('z')), V('da_z')),
      };
    case 'dhn':
      return {
        symbolic: `${S('dhn')} = ${S('da_n')} \\odot ${S('r')}`,
        numeric: chain(S('dhn'), had(V('da_n'), V('r')), V('dhn')),
      };
    case 'da_r':
      return {
        symbolic: `${S('da_r')} = ${S('da_n')} \\odot ${S('hn')} \\odot ${S('r')} \\odot (1 - ${S('r')})`,
        numeric: chain(S('da_r'), had(V('da_n'), V('hn'), sigmaPrime('r')), V('da_r')),
      };
  }
  throw new Error(`no backward equation for ${step.kind}`);
}

/** δy_t: the loss gradient at the output (÷ n under mean reduction; 0 without a target). */
function outputDelta(c: EqContext): StepEquation {
  const { t, model, trace } = c;
  const dy = c.S('dy', t);
  if (!hasTarget(model, t)) {
    return { symbolic: `${dy} = 0 \\quad (\\text{no target at } t = ${t})`, numeric: chain(dy, c.V('dy', t)) };
  }
  const mean = model.reduction === 'mean';
  const n = trace.targetCount;
  const ce = model.loss === 'cross-entropy';
  const tgt =
    ce && model.targets.kind === 'tokens' && model.classes
      ? `e_{${texText(model.classes[model.targets.ids[t - 1]])}}`
      : `y^{*}_{${t}}`;
  const base = ce ? `${c.S('p', t)} - ${tgt}` : `${c.S('y', t)} - y^{*}_{${t}}`;
  const diff = sub(ce ? c.V('p', t) : c.V('y', t), targetTerm(c, t));
  return {
    symbolic: mean ? `${dy} = \\frac{1}{${n}}(${base})` : `${dy} = ${base}`,
    numeric: mean ? chain(dy, sym(`\\frac{1}{${n}}${paren(diff).tex}`), c.V('dy', t)) : chain(dy, diff, c.V('dy', t)),
  };
}

/** The accumulate steps: δθ += delta_t ⊗ operand_t for each parameter, before + term = after. */
function accumulation(ctx: EqContext, kind: 'dWy' | 'dW'): StepEquation {
  const params = accumulatedParams(ctx.model.cell, kind);
  // The gated cells accumulate 12 parameters in one step: show fewer rows/columns of each so the
  // whole step stays a few kilobytes of TeX.
  const c: EqContext =
    params.length > 3
      ? makeContext(ctx.trace, ctx.step, {
          ...ctx.o,
          maxRows: Math.min(ctx.o.maxRows ?? 6, 4),
          maxCols: Math.min(ctx.o.maxCols ?? 6, 4),
        })
      : ctx;
  const { t, model, trace, step } = c;
  const symLines: string[] = [];
  const numLines: string[] = [];
  for (const p of params) {
    const src = GRAD_SOURCES[model.cell][p];
    const delta = c.V(src.delta, t);
    const dS = c.S(src.delta, t);
    const shape = model.params[p].shape;
    const before = c.gradAt(p, step.index - 1);
    const after = c.gradAt(p, step.index);
    const dP = c.dSym(p);
    if (src.operand === null) {
      symLines.push(`${dP} \\mathrel{+}= ${dS}`);
      numLines.push(chain(dP, add(vec(before, c.o), delta), vec(after, c.o)));
      continue;
    }
    if (src.operand === 'x' && model.inputs.kind === 'tokens') {
      // x_t is one-hot: the outer product only touches the column of x_t's token.
      const I = shape[1];
      const id = model.inputs.ids[t - 1];
      const col = (d: Float64Array): Term =>
        vec(
          mapVec(new Float64Array(shape[0]), (_x, r) => d[r * I + id]),
          c.o,
        );
      const lhs = `${dP}[:,\\,${c.inputToken(t)}]`;
      symLines.push(`${dP} \\mathrel{+}= ${dS}\\, x_{${t}}^{\\top}`);
      numLines.push(chain(lhs, add(col(before), delta), col(after)));
      continue;
    }
    const opSym = src.operand === 'x' ? `x_{${t}}` : c.S('h', src.operand === 'h' ? t : t - 1);
    const opRow = src.operand === 'x' ? null : c.row('h', src.operand === 'h' ? t : t - 1);
    const opTerm = opRow ? rowVec(opRow, c.o) : rowVec(xRow(c, t), c.o);
    symLines.push(`${dP} \\mathrel{+}= ${dS}\\, ${opSym}^{\\top}`);
    const small = shape[0] <= (c.o.maxRows ?? 6) && (shape[1] ?? 1) <= (c.o.maxCols ?? 6);
    const term = mul(delta, opTerm);
    const parts: (Term | string)[] = [dP, add(mat(before, shape[0], shape[1], c.o), term)];
    if (small)
      parts.push(add(mat(before, shape[0], shape[1], c.o), tensorTex(shape, contribution(trace, p, t).data, c.o)));
    parts.push(mat(after, shape[0], shape[1], c.o));
    numLines.push(chain(...parts));
  }
  return { symbolic: aligned(symLines), numeric: aligned(numLines) };
}

function xRow(c: EqContext, t: number): Float64Array {
  const m = c.model;
  return m.inputs.kind === 'vectors'
    ? m.inputs.data.subarray((t - 1) * m.inputSize, t * m.inputSize)
    : new Float64Array(m.inputSize);
}

/** The gradient sent to the previous state (at t = 1: ∂L/∂h_0, and ∂L/∂c_0 for lstm). */
function previousState(c: EqContext): StepEquation {
  const { t, model } = c;
  const S = (n: string, tt = t): string => c.S(n, tt);
  const V = (n: string, tt = t): Term => c.V(n, tt);
  const dhp = S('dh_prev');
  const WT = (w: string, d: string): { s: string; n: Term } => ({
    s: `${c.pSym(w)}^{\\top} ${S(d)}`,
    n: mul(c.P(w, true), V(d)),
  });
  switch (model.cell) {
    case 'rnn': {
      const a = WT('W_hh', 'da');
      return { symbolic: `${dhp} = ${a.s}`, numeric: chain(dhp, a.n, V('dh_prev')) };
    }
    case 'lstm': {
      const terms = ['i', 'f', 'g', 'o'].map((k) => WT(`W_h${k}`, `da_${k}`));
      const dcp = S('dc_prev');
      return {
        symbolic: aligned([`${dhp} = ${terms.map((x) => x.s).join(' + ')}`, `${dcp} = ${S('dc')} \\odot ${S('f')}`]),
        numeric: aligned([
          chain(dhp, add(...terms.map((x) => x.n)), V('dh_prev')),
          chain(dcp, had(V('dc'), V('f')), V('dc_prev')),
        ]),
      };
    }
    case 'gru': {
      const terms = [WT('W_hz', 'da_z'), WT('W_hr', 'da_r'), WT('W_hn', 'dhn')];
      return {
        symbolic: `${dhp} = ${S('dh')} \\odot ${S('z')} + ${terms.map((x) => x.s).join(' + ')}`,
        numeric: chain(dhp, add(had(V('dh'), V('z')), ...terms.map((x) => x.n)), V('dh_prev')),
      };
    }
  }
}
