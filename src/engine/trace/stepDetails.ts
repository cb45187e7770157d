// What each step of the timeline evaluates: its title and the tensors it reads and writes, built
// one timestep group at a time (steps.ts creates the step list itself without them, and a step
// asks for its details only when someone reads them — a run of 100 000 timesteps has a million
// steps, and keeping every title and reference list would cost more than the numbers).
//
// A group is one (phase, t): the forward or backward equations of one timestep, or the loss, the
// clip, the update. `groupKinds` lists a group's step kinds cheaply; `groupDetails` gives the same
// kinds, in the same order, with their titles, reads and writes.

import { PARAM_NAMES, type CellKind, type Model } from '../model';
import type { Phase, TensorRef } from './trace';
import { subscript } from './subscript';

export const STEP_KINDS: Readonly<
  Record<CellKind, { readonly forward: readonly string[]; readonly backward: readonly string[] }>
> = {
  rnn: { forward: ['a', 'h', 'y', 'p', 'loss'], backward: ['dy', 'dWy', 'dh', 'da', 'dW', 'dhprev'] },
  lstm: {
    forward: ['i', 'f', 'g', 'o', 'c', 'h', 'y', 'p', 'loss'],
    backward: ['dy', 'dWy', 'dh', 'dc', 'da_o', 'da_i', 'da_f', 'da_g', 'dW', 'dhprev'],
  },
  gru: {
    forward: ['r', 'z', 'n', 'h', 'y', 'p', 'loss'],
    backward: ['dy', 'dWy', 'dh', 'da_n', 'da_z', 'dhn', 'da_r', 'dW', 'dhprev'],
  },
};

/** One step's equation: its kind, a short plain-text title, and what it reads and writes. */
export interface StepDetail {
  readonly kind: string;
  readonly title: string;
  readonly reads: readonly TensorRef[];
  readonly writes: readonly TensorRef[];
}

/** Does timestep t (1-based) have a target? */
export function hasTarget(model: Model, t: number): boolean {
  const tg = model.targets;
  switch (tg.kind) {
    case 'none':
      return false;
    case 'tokens':
      return tg.ids[t - 1] >= 0;
    case 'vectors':
      return tg.mask[t - 1] === 1;
    default: {
      const never: never = tg;
      throw new Error(`unexpected targets ${JSON.stringify(never)}`);
    }
  }
}

/** The parameters whose gradient a backward step accumulates ('dWy': the output layer, 'dW': the rest). */
export function accumulatedParams(cell: CellKind, kind: 'dWy' | 'dW'): readonly string[] {
  const out = ['W_hy', 'b_y'];
  return kind === 'dWy' ? out : PARAM_NAMES[cell].filter((p) => !out.includes(p));
}

/** The kinds of the steps of group (phase, t), in order: forward drops `p` without cross-entropy
 *  and `loss` where t has no target. */
export function groupKinds(model: Model, phase: Phase, t: number | null): readonly string[] {
  switch (phase) {
    case 'forward': {
      const ce = model.loss === 'cross-entropy';
      const target = hasTarget(model, t ?? 0);
      return STEP_KINDS[model.cell].forward.filter((k) => (k !== 'p' || ce) && (k !== 'loss' || target));
    }
    case 'loss':
      return ['total'];
    case 'backward':
      return STEP_KINDS[model.cell].backward;
    case 'clip':
      return ['clip'];
    case 'update':
      return PARAM_NAMES[model.cell];
    default: {
      const never: never = phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

const GATE_TITLES: Record<string, string> = {
  i: 'input gate',
  f: 'forget gate',
  g: 'candidate',
  o: 'output gate',
  r: 'reset gate',
  z: 'update gate',
  n: 'candidate',
};
const SUP: Record<string, string> = { i: 'ⁱ', f: 'ᶠ', g: 'ᵍ', o: 'ᵒ', r: 'ʳ', z: 'ᶻ', n: 'ⁿ' };

const r = (name: string, t?: number): TensorRef => (t === undefined ? { name } : { name, t });
const d = (kind: string, title: string, reads: TensorRef[], writes: TensorRef[]): StepDetail => ({
  kind,
  title,
  reads,
  writes,
});
const grads = (names: readonly string[]): TensorRef[] => names.map((p) => r(`d${p}`));

/** The details of every step of group (phase, t), in the order of `groupKinds`. */
export function groupDetails(model: Model, phase: Phase, t: number | null): StepDetail[] {
  switch (phase) {
    case 'forward':
      return forwardGroup(model, t as number);
    case 'loss':
      return [d('total', model.reduction === 'mean' ? 'mean loss L' : 'total loss L', [r('losses')], [r('L')])];
    case 'backward':
      return backwardGroup(model, t as number);
    case 'clip':
      return [
        d(
          'clip',
          model.train.clipNorm === null ? 'gradient norm ‖g‖ (no clipping)' : 'clip: ‖g‖ and factor',
          grads(PARAM_NAMES[model.cell]),
          [r('gradNorm'), r('clipFactor')],
        ),
      ];
    case 'update':
      return PARAM_NAMES[model.cell].map((p) => d(p, `update ${p}`, [r(p), r(`d${p}`), r('clipFactor')], [r(`${p}'`)]));
    default: {
      const never: never = phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

function forwardGroup(model: Model, t: number): StepDetail[] {
  const ce = model.loss === 'cross-entropy';
  const s = subscript(t);
  const x = r('x', t);
  const hp = r('h', t - 1);
  const out: StepDetail[] = [];
  const gate = (k: string, xw: string, hw: string, b: string): void => {
    out.push(d(k, `${GATE_TITLES[k]} ${k}${s}`, [r(xw), x, r(hw), hp, r(b)], [r(`a_${k}`, t), r(k, t)]));
  };
  switch (model.cell) {
    case 'rnn':
      out.push(d('a', `pre-activation a${s}`, [r('W_hh'), hp, r('W_xh'), x, r('b_h')], [r('a', t)]));
      out.push(d('h', `hidden state h${s}`, [r('a', t)], [r('h', t)]));
      break;
    case 'lstm':
      for (const k of ['i', 'f', 'g', 'o']) gate(k, `W_x${k}`, `W_h${k}`, `b_${k}`);
      out.push(d('c', `cell state c${s}`, [r('f', t), r('c', t - 1), r('i', t), r('g', t)], [r('c', t)]));
      out.push(d('h', `hidden state h${s}`, [r('o', t), r('c', t)], [r('tc', t), r('h', t)]));
      break;
    case 'gru':
      gate('r', 'W_xr', 'W_hr', 'b_r');
      gate('z', 'W_xz', 'W_hz', 'b_z');
      out.push(
        d(
          'n',
          `candidate n${s}`,
          [r('W_xn'), x, r('b_xn'), r('r', t), r('W_hn'), hp, r('b_hn')],
          [r('hn', t), r('a_n', t), r('n', t)],
        ),
      );
      out.push(d('h', `hidden state h${s}`, [r('z', t), r('n', t), hp], [r('h', t)]));
      break;
    default: {
      const never: never = model.cell;
      throw new Error(`unknown cell ${String(never)}`);
    }
  }
  out.push(d('y', `output y${s}`, [r('W_hy'), r('h', t), r('b_y')], [r('y', t)]));
  if (ce) out.push(d('p', `softmax p${s}`, [r('y', t)], [r('p', t)]));
  if (hasTarget(model, t)) out.push(d('loss', `loss ℓ${s}`, [r(ce ? 'p' : 'y', t), r('target', t)], [r('loss', t)]));
  return out;
}

function backwardGroup(model: Model, t: number): StepDetail[] {
  const { cell } = model;
  const ce = model.loss === 'cross-entropy';
  const T = model.steps;
  const s = subscript(t);
  const sp = subscript(t - 1);
  const out: StepDetail[] = [];
  const target = hasTarget(model, t);
  out.push(d('dy', `output gradient δy${s}`, target ? [r(ce ? 'p' : 'y', t), r('target', t)] : [], [r('dy', t)]));
  const outGrads = grads(accumulatedParams(cell, 'dWy'));
  out.push(d('dWy', `accumulate ∂L/∂W_hy, ∂L/∂b_y at t=${t}`, [r('dy', t), r('h', t), ...outGrads], outGrads));
  const fromNext = t < T ? [r('dh_prev', t + 1)] : [];
  out.push(
    d(
      'dh',
      `hidden gradient δh${s}`,
      [r('W_hy'), r('dy', t), ...fromNext],
      [r('dh_out', t), r('dh_next', t), r('dh', t)],
    ),
  );
  const dh = r('dh', t);
  const x = r('x', t);
  const hp = r('h', t - 1);
  const toH0 = t === 1 ? [r('dh0')] : [];
  const inGrads = grads(accumulatedParams(cell, 'dW'));
  switch (cell) {
    case 'rnn':
      out.push(
        d(
          'da',
          `pre-activation gradient δa${s}`,
          [dh, model.activation === 'relu' ? r('a', t) : r('h', t)],
          [r('da', t)],
        ),
      );
      out.push(d('dW', `accumulate ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h at t=${t}`, [r('da', t), x, hp, ...inGrads], inGrads));
      out.push(
        d('dhprev', `gradient to the previous state δh${sp}`, [r('W_hh'), r('da', t)], [r('dh_prev', t), ...toH0]),
      );
      break;
    case 'lstm': {
      const fromNextC = t < T ? [r('dc_prev', t + 1)] : [];
      out.push(
        d('dc', `cell gradient δc${s}`, [dh, r('o', t), r('tc', t), ...fromNextC], [r('dc_next', t), r('dc', t)]),
      );
      out.push(d('da_o', `output gate gradient δa${SUP.o}${s}`, [dh, r('tc', t), r('o', t)], [r('da_o', t)]));
      out.push(d('da_i', `input gate gradient δa${SUP.i}${s}`, [r('dc', t), r('g', t), r('i', t)], [r('da_i', t)]));
      out.push(
        d('da_f', `forget gate gradient δa${SUP.f}${s}`, [r('dc', t), r('c', t - 1), r('f', t)], [r('da_f', t)]),
      );
      out.push(d('da_g', `candidate gradient δa${SUP.g}${s}`, [r('dc', t), r('i', t), r('g', t)], [r('da_g', t)]));
      const deltas = ['i', 'f', 'g', 'o'].map((k) => r(`da_${k}`, t));
      out.push(d('dW', `accumulate the gate weight gradients at t=${t}`, [...deltas, x, hp, ...inGrads], inGrads));
      out.push(
        d(
          'dhprev',
          `gradients to the previous state δh${sp}, δc${sp}`,
          [r('W_hi'), r('W_hf'), r('W_hg'), r('W_ho'), ...deltas, r('dc', t), r('f', t)],
          [r('dh_prev', t), r('dc_prev', t), ...toH0, ...(t === 1 ? [r('dc0')] : [])],
        ),
      );
      break;
    }
    case 'gru':
      out.push(d('da_n', `candidate gradient δa${SUP.n}${s}`, [dh, r('z', t), r('n', t)], [r('da_n', t)]));
      out.push(d('da_z', `update gate gradient δa${SUP.z}${s}`, [dh, hp, r('n', t), r('z', t)], [r('da_z', t)]));
      out.push(d('dhn', `reset-scaled gradient δm${s}`, [r('da_n', t), r('r', t)], [r('dhn', t)]));
      out.push(d('da_r', `reset gate gradient δa${SUP.r}${s}`, [r('da_n', t), r('hn', t), r('r', t)], [r('da_r', t)]));
      out.push(
        d(
          'dW',
          `accumulate the gate weight gradients at t=${t}`,
          [r('da_r', t), r('da_z', t), r('da_n', t), r('dhn', t), x, hp, ...inGrads],
          inGrads,
        ),
      );
      out.push(
        d(
          'dhprev',
          `gradient to the previous state δh${sp}`,
          [dh, r('z', t), r('W_hz'), r('da_z', t), r('W_hr'), r('da_r', t), r('W_hn'), r('dhn', t)],
          [r('dh_prev', t), ...toH0],
        ),
      );
      break;
    default: {
      const never: never = cell;
      throw new Error(`unknown cell ${String(never)}`);
    }
  }
  return out;
}
