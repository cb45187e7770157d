// The values of a pass still in its heap, for the non-finite scan of a training step
// (nonFinite.ts): the same questions a Trace answers, read from the heap regions instead.

import type { Model } from '../model';
import type { Layout } from './heapLayout';
import { seriesSource } from './heapSeries';
import type { LossResult } from './loss';
import { seriesInfo } from '../trace/trace';
import type { RunValues } from '../trace/nonFinite';

export function heapValues(
  model: Model,
  M: Float64Array,
  L: Layout,
  loss: LossResult,
  gradNorm: number,
  clipFactor: number,
): RunValues {
  const { T, H, O } = L;
  const block = (base: number, name: string): Float64Array => {
    const at = base + L.rel[name];
    return M.subarray(at, at + model.params[name].data.length);
  };
  return {
    model,
    row(name, t) {
      if (t === 0) return name === 'c' ? M.subarray(L.C, L.C + H) : M.subarray(L.HP, L.HP + H);
      const size = seriesInfo(model.cell, name)?.size === 'O' ? O : H;
      const { off, stride, shift } = seriesSource(L, name);
      if (shift && t === T) return new Float64Array(size); // δh_T^next = 0
      const at = off + (shift ? t : t - 1) * stride;
      return M.subarray(at, at + size);
    },
    losses: loss.losses,
    loss: loss.loss,
    param: (name) => block(L.P, name),
    grad: (name) => block(L.GD, name),
    updated(name) {
      // What the update would write (train checks before it writes): θ − η·(c·g).
      const p = block(L.P, name),
        g = block(L.GD, name);
      const lr = model.train.learningRate;
      return p.map((v, k) => v - lr * (clipFactor * g[k]));
    },
    gradNorm,
    clipFactor,
    dh0: M.subarray(L.DHPREV, L.DHPREV + H),
    dc0: L.DCPREV >= 0 ? M.subarray(L.DCPREV, L.DCPREV + H) : null,
  };
}
