// `rnn-step run`: one forward pass, BPTT and one clipped SGD update, as a readable summary or as
// JSON streamed to stdout (every model the limits accept prints, H = 4096 included). A run that
// computed a NaN or ±Infinity still prints what it computed, names the first such value on
// stderr and exits 3 (nonFiniteReport.ts).

import { PARAM_NAMES, type Tensor } from '../engine/model';
import { runModel } from '../engine/compute/run';
import { hasTarget } from '../engine/trace/stepDetails';
import { fmtPlain } from '../engine/equations/latex';
import type { Trace } from '../engine/trace/trace';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { load } from './loadModel';
import { JsonMatrix, JsonVector, writeJson, type JsonValue } from './jsonStream';
import { EXIT_NON_FINITE, nonFiniteJson, nonFiniteLine, nullsLine } from './nonFiniteReport';
import { describe, table, tensorText } from './output';
import { openSink } from './sink';

export function doRun(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const trace = runModel(model);
  let nulls = 0;
  if (inv.json) {
    const sink = openSink(io, null);
    nulls = writeJson(sink, runJsonValue(trace));
    sink.close();
  } else io.out(runText(trace));
  if (!trace.nonFinite) return 0;
  io.err(nonFiniteLine(inv.file, trace.nonFinite));
  if (nulls > 0) io.err(nullsLine(inv.file, nulls));
  return EXIT_NON_FINITE;
}

/** The JSON contract of `run --json`: the run's numbers, in full precision, and — only when a NaN
 *  or ±Infinity was computed — `nonFinite`, the first one. Big tensors stay Float64Arrays until
 *  written (jsonStream.ts). */
export function runJsonValue(trace: Trace): JsonValue {
  const m = trace.model;
  const matrix = (t: Tensor): JsonValue =>
    t.shape.length === 1 ? new JsonVector(t.data) : new JsonMatrix(t.data, t.shape[0], t.shape[1]);
  const gradients: Record<string, JsonValue> = {};
  const updated: Record<string, JsonValue> = {};
  for (const p of PARAM_NAMES[m.cell]) {
    gradients[p] = matrix(trace.grads[p]);
    updated[p] = matrix(trace.updated[p]);
  }
  gradients.h0 = new JsonVector(trace.dh0);
  if (trace.dc0) gradients.c0 = new JsonVector(trace.dc0);
  const T = m.steps;
  const series = (name: string, n: number): JsonValue => new JsonMatrix(trace.series[name], T, n);
  return {
    name: m.name,
    cell: m.cell,
    reduction: m.reduction,
    loss: trace.loss,
    lossSum: trace.lossSum,
    meanLoss: trace.targetCount > 0 ? trace.lossSum / trace.targetCount : null,
    targetCount: trace.targetCount,
    losses: Array.from(trace.losses, (l, i) => (hasTarget(m, i + 1) ? l : null)),
    hidden: series('h', m.hiddenSize),
    ...(m.cell === 'lstm' ? { cellStates: series('c', m.hiddenSize) } : {}),
    outputs: series('y', m.outputSize),
    ...(m.loss === 'cross-entropy' ? { probabilities: series('p', m.outputSize) } : {}),
    gradients,
    gradNorm: trace.gradNorm,
    clipFactor: trace.clipFactor,
    learningRate: m.train.learningRate,
    updated,
    ...(trace.nonFinite ? { nonFinite: nonFiniteJson(trace.nonFinite) } : {}),
  };
}

export function runText(trace: Trace): string {
  const m = trace.model;
  const lines: string[] = [`${m.name} — ${describe(m)}`, '', 'forward'];
  const rows = [['t', 'input', 'target', 'h_t', 'ℓ_t']];
  const H = m.hiddenSize;
  for (let t = 1; t <= m.steps; t++) {
    if (m.steps > 24 && t > 10 && t <= m.steps - 10) {
      if (t === 11) rows.push(['…', '', '', '', '']);
      continue;
    }
    const inp = m.inputs;
    const input =
      inp.kind === 'tokens'
        ? JSON.stringify(m.vocab?.[inp.ids[t - 1]] ?? inp.ids[t - 1])
        : tensorText({ shape: [m.inputSize], data: inp.data.subarray((t - 1) * m.inputSize, t * m.inputSize) });
    const tg = m.targets;
    const target = !hasTarget(m, t)
      ? '—'
      : tg.kind === 'tokens' && m.classes
        ? JSON.stringify(m.classes[tg.ids[t - 1]])
        : tg.kind === 'vectors'
          ? tensorText({ shape: [m.outputSize], data: tg.data.subarray((t - 1) * m.outputSize, t * m.outputSize) })
          : '—';
    rows.push([
      String(t),
      input,
      target,
      tensorText({ shape: [H], data: trace.series.h.subarray((t - 1) * H, t * H) }),
      hasTarget(m, t) ? fmtPlain(trace.losses[t - 1]) : '—',
    ]);
  }
  lines.push(table(rows), '');
  const mean = trace.targetCount > 0 ? trace.lossSum / trace.targetCount : NaN;
  const n = `${trace.targetCount} per-step loss${trace.targetCount === 1 ? '' : 'es'}`;
  lines.push(
    m.reduction === 'sum'
      ? `loss L = ${trace.loss}  (the sum of ${n}; their mean is ${fmtPlain(mean, 12)})`
      : `loss L = ${trace.loss}  (the mean of ${n}; their sum is ${fmtPlain(trace.lossSum, 12)})`,
    '',
  );
  const clip = m.train.clipNorm === null ? 'no clipping' : `clipNorm ${m.train.clipNorm}`;
  lines.push(
    `gradients (‖g‖ = ${fmtPlain(trace.gradNorm, 12)}, clip factor ${fmtPlain(trace.clipFactor, 12)}, ${clip})`,
  );
  const g = PARAM_NAMES[m.cell].map((p) => [p, tensorText(trace.grads[p])]);
  g.push(['h0', tensorText({ shape: [H], data: trace.dh0 })]);
  if (trace.dc0) g.push(['c0', tensorText({ shape: [H], data: trace.dc0 })]);
  lines.push(table(g), '', `updated (one SGD step, η = ${m.train.learningRate})`);
  lines.push(table(PARAM_NAMES[m.cell].map((p) => [p, tensorText(trace.updated[p])])));
  lines.push('', 'Full precision: rnn-step run FILE --json');
  return lines.join('\n');
}
