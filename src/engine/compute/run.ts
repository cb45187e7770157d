// One full run (forward, loss, BPTT, clip, update) recorded as a Trace: the numeric core
// (pass.ts) plus fresh copies of every series and gradient, and the step list (steps.ts).

import { cloneParams, type Model } from '../model';
import { clipFactor, gradNorm, sgdInto } from './optimize';
import { readBlock, withPass } from './pass';
import { buildSteps } from '../trace/steps';
import { SERIES, type Trace } from '../trace/trace';
import { readSeries } from './heapLayout';

export function runModel(model: Model): Trace {
  const recorded = withPass(model, (s) => {
    const { M, L } = s;
    const series: Record<string, Float64Array> = {};
    for (const info of SERIES[model.cell])
      series[info.name] = readSeries(M, L, info.name, info.size === 'H' ? L.H : L.O);
    const norm = gradNorm(M, L, model.params);
    const factor = clipFactor(norm, model.train.clipNorm);
    const updated = cloneParams(model.params);
    sgdInto(M, L, model.params, updated, model.train.learningRate, factor);
    return {
      series,
      losses: s.losses,
      targetCount: s.targetCount,
      lossSum: s.lossSum,
      loss: s.loss,
      grads: readBlock(M, L.GD, L, model),
      dh0: M.slice(L.DHPREV, L.DHPREV + L.H),
      dc0: L.DCPREV >= 0 ? M.slice(L.DCPREV, L.DCPREV + L.H) : null,
      gradNorm: norm,
      clipFactor: factor,
      updated,
    };
  });
  return { model, ...recorded, steps: buildSteps(model) };
}
