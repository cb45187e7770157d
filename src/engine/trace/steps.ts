// The navigable timeline of a run: `buildSteps` lists every equation a person steps through, in
// the order the engine evaluates them, with the tensors each reads and writes (how the cursor moves
// over them — equation, timestep group, phase — is navigation.ts).
//
// Order: forward t = 1…T, the loss, backward t = T…1, clip, update. Step kinds (STEP_KINDS):
//   forward   rnn  a, h, y, p (cross-entropy only), loss (only where t has a target)
//             lstm i, f, g, o, c, h, y, p, loss      gru  r, z, n, h, y, p, loss
//   loss      total (L = Σ ℓ_t, or the mean over the steps that have a target)
//   backward  every cell: dy, dWy (accumulate ∂L/∂W_hy, ∂L/∂b_y), dh (δh_t = W_hyᵀ δy_t + δh_t^next)
//             rnn  da, dW, dhprev
//             lstm dc, da_o, da_i, da_f, da_g, dW, dhprev (δh_{t−1} and δc_{t−1})
//             gru  da_n, da_z, dhn (δm_t), da_r, dW, dhprev
//   clip      clip: always present — without clipNorm it still shows ‖g‖ and the factor 1, since
//             ‖g‖ is worth seeing (exploding gradients) whether or not it is clipped
//   update    one step per parameter, kind = its name, in PARAM_NAMES order
// The step list depends only on the model's shape (cell, loss, T, which steps have targets), so
// an edit that changes only numbers keeps every step id, and the cursor with it.

import { PARAM_NAMES, type CellKind, type Model } from '../model';
import type { Phase, Step, TensorRef } from './trace';
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
    default:
      return assertNever(tg);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
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

/** The parameters whose gradient a backward step accumulates ('dWy': the output layer, 'dW': the rest). */
export function accumulatedParams(cell: CellKind, kind: 'dWy' | 'dW'): readonly string[] {
  const out = ['W_hy', 'b_y'];
  return kind === 'dWy' ? out : PARAM_NAMES[cell].filter((p) => !out.includes(p));
}

export function buildSteps(model: Model): Step[] {
  const { cell, steps: T } = model;
  const ce = model.loss === 'cross-entropy';
  const steps: Step[] = [];
  const push = (
    phase: Phase,
    t: number | null,
    kind: string,
    title: string,
    reads: TensorRef[],
    writes: TensorRef[],
  ): void => {
    steps.push({ index: steps.length, phase, t, kind, id: `${phase}:${t ?? ''}:${kind}`, title, reads, writes });
  };
  const r = (name: string, t?: number): TensorRef => (t === undefined ? { name } : { name, t });
  const params = PARAM_NAMES[cell];

  for (let t = 1; t <= T; t++) {
    const s = subscript(t);
    const x = r('x', t);
    const hp = r('h', t - 1);
    const gate = (k: string, xw: string, hw: string, b: string): void =>
      push('forward', t, k, `${GATE_TITLES[k]} ${k}${s}`, [r(xw), x, r(hw), hp, r(b)], [r(`a_${k}`, t), r(k, t)]);
    switch (cell) {
      case 'rnn':
        push('forward', t, 'a', `pre-activation a${s}`, [r('W_hh'), hp, r('W_xh'), x, r('b_h')], [r('a', t)]);
        push('forward', t, 'h', `hidden state h${s}`, [r('a', t)], [r('h', t)]);
        break;
      case 'lstm':
        for (const k of ['i', 'f', 'g', 'o']) gate(k, `W_x${k}`, `W_h${k}`, `b_${k}`);
        push('forward', t, 'c', `cell state c${s}`, [r('f', t), r('c', t - 1), r('i', t), r('g', t)], [r('c', t)]);
        push('forward', t, 'h', `hidden state h${s}`, [r('o', t), r('c', t)], [r('tc', t), r('h', t)]);
        break;
      case 'gru':
        gate('r', 'W_xr', 'W_hr', 'b_r');
        gate('z', 'W_xz', 'W_hz', 'b_z');
        push(
          'forward',
          t,
          'n',
          `candidate n${s}`,
          [r('W_xn'), x, r('b_xn'), r('r', t), r('W_hn'), hp, r('b_hn')],
          [r('hn', t), r('a_n', t), r('n', t)],
        );
        push('forward', t, 'h', `hidden state h${s}`, [r('z', t), r('n', t), hp], [r('h', t)]);
        break;
      default:
        assertNever(cell);
    }
    push('forward', t, 'y', `output y${s}`, [r('W_hy'), r('h', t), r('b_y')], [r('y', t)]);
    if (ce) push('forward', t, 'p', `softmax p${s}`, [r('y', t)], [r('p', t)]);
    if (hasTarget(model, t))
      push('forward', t, 'loss', `loss ℓ${s}`, [r(ce ? 'p' : 'y', t), r('target', t)], [r('loss', t)]);
  }

  push('loss', null, 'total', model.reduction === 'mean' ? 'mean loss L' : 'total loss L', [r('losses')], [r('L')]);

  const grads = (names: readonly string[]): TensorRef[] => names.map((p) => r(`d${p}`));
  for (let t = T; t >= 1; t--) {
    const s = subscript(t);
    const sp = subscript(t - 1);
    const target = hasTarget(model, t);
    push('backward', t, 'dy', `output gradient δy${s}`, target ? [r(ce ? 'p' : 'y', t), r('target', t)] : [], [
      r('dy', t),
    ]);
    const outGrads = grads(accumulatedParams(cell, 'dWy'));
    push(
      'backward',
      t,
      'dWy',
      `accumulate ∂L/∂W_hy, ∂L/∂b_y at t=${t}`,
      [r('dy', t), r('h', t), ...outGrads],
      outGrads,
    );
    const fromNext = t < T ? [r('dh_prev', t + 1)] : [];
    push(
      'backward',
      t,
      'dh',
      `hidden gradient δh${s}`,
      [r('W_hy'), r('dy', t), ...fromNext],
      [r('dh_out', t), r('dh_next', t), r('dh', t)],
    );
    const dh = r('dh', t);
    const x = r('x', t);
    const hp = r('h', t - 1);
    const toH0 = t === 1 ? [r('dh0')] : [];
    const inGrads = grads(accumulatedParams(cell, 'dW'));
    switch (cell) {
      case 'rnn':
        push(
          'backward',
          t,
          'da',
          `pre-activation gradient δa${s}`,
          [dh, model.activation === 'relu' ? r('a', t) : r('h', t)],
          [r('da', t)],
        );
        push(
          'backward',
          t,
          'dW',
          `accumulate ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h at t=${t}`,
          [r('da', t), x, hp, ...inGrads],
          inGrads,
        );
        push(
          'backward',
          t,
          'dhprev',
          `gradient to the previous state δh${sp}`,
          [r('W_hh'), r('da', t)],
          [r('dh_prev', t), ...toH0],
        );
        break;
      case 'lstm': {
        const fromNextC = t < T ? [r('dc_prev', t + 1)] : [];
        push(
          'backward',
          t,
          'dc',
          `cell gradient δc${s}`,
          [dh, r('o', t), r('tc', t), ...fromNextC],
          [r('dc_next', t), r('dc', t)],
        );
        push('backward', t, 'da_o', `output gate gradient δa${SUP.o}${s}`, [dh, r('tc', t), r('o', t)], [r('da_o', t)]);
        push(
          'backward',
          t,
          'da_i',
          `input gate gradient δa${SUP.i}${s}`,
          [r('dc', t), r('g', t), r('i', t)],
          [r('da_i', t)],
        );
        push(
          'backward',
          t,
          'da_f',
          `forget gate gradient δa${SUP.f}${s}`,
          [r('dc', t), r('c', t - 1), r('f', t)],
          [r('da_f', t)],
        );
        push(
          'backward',
          t,
          'da_g',
          `candidate gradient δa${SUP.g}${s}`,
          [r('dc', t), r('i', t), r('g', t)],
          [r('da_g', t)],
        );
        const deltas = ['i', 'f', 'g', 'o'].map((k) => r(`da_${k}`, t));
        push(
          'backward',
          t,
          'dW',
          `accumulate the gate weight gradients at t=${t}`,
          [...deltas, x, hp, ...inGrads],
          inGrads,
        );
        push(
          'backward',
          t,
          'dhprev',
          `gradients to the previous state δh${sp}, δc${sp}`,
          [r('W_hi'), r('W_hf'), r('W_hg'), r('W_ho'), ...deltas, r('dc', t), r('f', t)],
          [r('dh_prev', t), r('dc_prev', t), ...toH0, ...(t === 1 ? [r('dc0')] : [])],
        );
        break;
      }
      case 'gru':
        push('backward', t, 'da_n', `candidate gradient δa${SUP.n}${s}`, [dh, r('z', t), r('n', t)], [r('da_n', t)]);
        push(
          'backward',
          t,
          'da_z',
          `update gate gradient δa${SUP.z}${s}`,
          [dh, hp, r('n', t), r('z', t)],
          [r('da_z', t)],
        );
        push('backward', t, 'dhn', `reset-scaled gradient δm${s}`, [r('da_n', t), r('r', t)], [r('dhn', t)]);
        push(
          'backward',
          t,
          'da_r',
          `reset gate gradient δa${SUP.r}${s}`,
          [r('da_n', t), r('hn', t), r('r', t)],
          [r('da_r', t)],
        );
        push(
          'backward',
          t,
          'dW',
          `accumulate the gate weight gradients at t=${t}`,
          [r('da_r', t), r('da_z', t), r('da_n', t), r('dhn', t), x, hp, ...inGrads],
          inGrads,
        );
        push(
          'backward',
          t,
          'dhprev',
          `gradient to the previous state δh${sp}`,
          [dh, r('z', t), r('W_hz'), r('da_z', t), r('W_hr'), r('da_r', t), r('W_hn'), r('dhn', t)],
          [r('dh_prev', t), ...toH0],
        );
        break;
      default:
        assertNever(cell);
    }
  }

  push(
    'clip',
    null,
    'clip',
    model.train.clipNorm === null ? 'gradient norm ‖g‖ (no clipping)' : 'clip: ‖g‖ and factor',
    grads(params),
    [r('gradNorm'), r('clipFactor')],
  );
  for (const p of params) push('update', null, p, `update ${p}`, [r(p), r(`d${p}`), r('clipFactor')], [r(`${p}'`)]);
  return steps;
}
