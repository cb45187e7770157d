// The loss: per-step losses ℓ_t, their reduction, and δy_t = ∂L/∂y_t for the backward pass.
//
// cross-entropy: p_t = softmax(y_t), computed stably with m = max_j y_tj:
//   e_j = exp(y_tj − m),  s = Σ_j e_j,  p_tj = e_j / s,  ℓ_t = (m + log s) − y_t[target]
//   (log-sum-exp minus the target's logit: never log of an underflowed probability);
//   δy_t = p_t − onehot(target).
// mse: ℓ_t = ½ ‖y_t − target_t‖², δy_t = y_t − target_t; p is all zeros.
// A step without a target has ℓ_t = NaN (shown as "no loss"), δy_t = 0; p is still softmax(y_t).
// L = Σ_t ℓ_t (sum) or that sum ÷ n, n = the number of steps with a target (mean), in which case
// every δy_t is divided by n too. With no target at all, L = 0 and nothing is learned.

import type { Model } from '../model';
import type { Layout } from './heapLayout';

export interface LossResult {
  readonly losses: Float64Array;
  readonly targetCount: number;
  readonly lossSum: number;
  readonly loss: number;
}

export function countTargets(model: Model): number {
  const tg = model.targets;
  let n = 0;
  switch (tg.kind) {
    case 'none':
      return 0;
    case 'tokens':
      for (let t = 0; t < tg.ids.length; t++) if (tg.ids[t] >= 0) n++;
      return n;
    case 'vectors':
      for (let t = 0; t < tg.mask.length; t++) if (tg.mask[t] === 1) n++;
      return n;
    default: {
      const never: never = tg;
      throw new Error(`unknown targets ${String(never)}`);
    }
  }
}

export function computeLoss(M: Float64Array, L: Layout, model: Model): LossResult {
  const { T, O } = L;
  const n = countTargets(model);
  const mean = model.reduction === 'mean';
  const tg = model.targets;
  const losses = new Float64Array(T);
  let lossSum = 0;
  for (let t = 0; t < T; t++) {
    const y = L.Y + t * O,
      p = L.Pr + t * O,
      dy = L.DY + t * O;
    let ell = NaN;
    if (model.loss === 'cross-entropy') {
      if (tg.kind === 'vectors') throw new Error('cross-entropy needs token targets');
      let m = -Infinity;
      for (let j = 0; j < O; j++) if (M[y + j] > m) m = M[y + j];
      let s = 0;
      for (let j = 0; j < O; j++) {
        const e = Math.exp(M[y + j] - m);
        M[p + j] = e;
        s += e;
      }
      for (let j = 0; j < O; j++) M[p + j] /= s;
      const k = tg.kind === 'tokens' ? tg.ids[t] : -1;
      if (k >= 0) {
        ell = m + Math.log(s) - M[y + k];
        for (let j = 0; j < O; j++) {
          const d = M[p + j] - (j === k ? 1 : 0);
          M[dy + j] = mean ? d / n : d;
        }
      } else {
        M.fill(0, dy, dy + O);
      }
    } else {
      if (tg.kind === 'tokens') throw new Error('mse needs vector targets');
      M.fill(0, p, p + O);
      if (tg.kind === 'vectors' && tg.mask[t] === 1) {
        let ss = 0;
        for (let j = 0; j < O; j++) {
          const d = M[y + j] - tg.data[t * O + j];
          ss += d * d;
          M[dy + j] = mean ? d / n : d;
        }
        ell = 0.5 * ss;
      } else {
        M.fill(0, dy, dy + O);
      }
    }
    losses[t] = ell;
    if (hasTargetAt(model, t)) lossSum += ell;
  }
  const loss = mean ? (n > 0 ? lossSum / n : 0) : lossSum;
  return { losses, targetCount: n, lossSum, loss };
}

function hasTargetAt(model: Model, t: number): boolean {
  const tg = model.targets;
  return tg.kind === 'tokens' ? tg.ids[t] >= 0 : tg.kind === 'vectors' ? tg.mask[t] === 1 : false;
}
