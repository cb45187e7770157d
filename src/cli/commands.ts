// The commands of `rnn-step`, each a function of the parsed invocation and an I/O surface
// (so they run the same under `node dist/cli.js` and in-process). Each returns its exit status:
// 0 success, 1 a bad or unreadable file (or a failed gradient check). Usage errors (2) are the
// argument parser's; internal errors (70) are caught in main.ts.

import { PARAM_NAMES, tensorToJson, type Model } from '../engine/model';
import { runModel } from '../engine/compute/run';
import { train } from '../engine/compute/optimize';
import { gradCheck } from '../engine/compute/gradcheck';
import { explainMarkdown } from '../engine/equations/explain';
import { hasTarget } from '../engine/trace/steps';
import { fmtPlain } from '../engine/equations/latex';
import type { Trace } from '../engine/trace/trace';
import type { Invocation } from './args';
import { describe, lossesJson, seriesJson, table, tensorText } from './output';
import { printJson } from './printJson';
import { load, reason } from './loadModel';
import { exportCommand } from './exportCommand';
import { importCommand } from './importCommand';
import { dynamicsCommand } from './dynamicsCommand';
import { sampleCommand } from './sampleCommand';
import { compareCommand } from './compareCommand';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Throws an Error with a `code` (ENOENT, EISDIR, …) when the file cannot be read. */
  readFile(path: string): string;
  /** The file's bytes; throws (code EFBIG) when it is larger than maxBytes, without reading it. */
  readBytes(path: string, maxBytes: number): Uint8Array;
  writeFile(path: string, text: string): void;
  baseName(path: string): string;
}

/** The tolerance of `gradcheck` (README, "The command-line tool": exit 1 above 1e-6). */
export const GRADCHECK_TOLERANCE = 1e-6;

export function runCommand(io: CliIo, inv: Invocation): number {
  switch (inv.command) {
    case 'validate': {
      const model = load(io, inv.file, 'out');
      if (!model) return 1;
      io.out(`${inv.file}: ok — ${describe(model)}`);
      return 0;
    }
    case 'run': {
      const model = load(io, inv.file, 'err');
      if (!model) return 1;
      const trace = runModel(model);
      if (inv.json) printJson(io, runJson(trace));
      else io.out(runText(trace));
      return 0;
    }
    case 'train': {
      const model = load(io, inv.file, 'err');
      if (!model) return 1;
      const steps = inv.steps ?? model.train.steps;
      const result = train(model, steps);
      const weights: Record<string, number[] | number[][]> = {};
      for (const p of PARAM_NAMES[model.cell]) weights[p] = tensorToJson(result.params[p]);
      if (inv.json)
        printJson(io, { steps: result.losses.length, losses: result.losses, ...trainStatsJson(result), weights });
      else io.out(trainText(model, result.losses, result.params));
      return 0;
    }
    case 'explain': {
      const model = load(io, inv.file, 'err');
      if (!model) return 1;
      const md = explainMarkdown(runModel(model), {
        source: io.baseName(inv.file),
        ...(inv.digits ? { digits: inv.digits } : {}),
      });
      if (inv.out === null) {
        io.out(md);
        return 0;
      }
      try {
        io.writeFile(inv.out, md.endsWith('\n') ? md : `${md}\n`);
      } catch (e) {
        io.err(`rnn-step: cannot write ${inv.out}: ${reason(e)}`);
        return 1;
      }
      io.err(`wrote ${inv.out}`);
      return 0;
    }
    case 'gradcheck': {
      const model = load(io, inv.file, 'err');
      if (!model) return 1;
      const res = gradCheck(model, inv.sample ? { maxPerTensor: inv.sample } : {});
      const pass = res.maxError <= GRADCHECK_TOLERANCE; // NaN fails
      if (inv.json) {
        printJson(io, {
          maxError: res.maxError,
          pass,
          tolerance: GRADCHECK_TOLERANCE,
          checked: res.checked,
          eps: res.eps,
          worst: res.worst,
          perTensor: res.perTensor,
        });
      } else {
        const rows = [['tensor', 'max error', 'at', 'analytic', 'finite difference']];
        for (const [name, e] of Object.entries(res.perTensor))
          rows.push([name, fmtPlain(e.error, 3), `[${e.index}]`, fmtPlain(e.analytic, 10), fmtPlain(e.numeric, 10)]);
        io.out(
          `gradient check of ${inv.file} (${res.checked} entries, ε = ${res.eps}):\n${table(rows)}\n` +
            `max error ${fmtPlain(res.maxError, 3)} — ${pass ? 'ok' : 'FAILED'} (tolerance ${GRADCHECK_TOLERANCE})`,
        );
      }
      return pass ? 0 : 1;
    }
    case 'import':
      return importCommand(io, inv);
    case 'export':
      return exportCommand(io, inv);
    case 'dynamics':
      return dynamicsCommand(io, inv);
    case 'sample':
      return sampleCommand(io, inv);
    case 'compare':
      return compareCommand(io, inv);
  }
}

/** What `train --json` adds per step besides the loss: ‖g‖ before clipping, the clip factor, η. */
function trainStatsJson(r: {
  gradNorms: number[];
  clipFactors: number[];
  learningRates: number[];
}): Record<string, number[]> {
  return { gradNorms: r.gradNorms, clipFactors: r.clipFactors, learningRates: r.learningRates };
}

/** The JSON contract of `run --json` (README, "The command-line tool"). */
export function runJson(trace: Trace): Record<string, unknown> {
  const m = trace.model;
  const gradients: Record<string, unknown> = {};
  const updated: Record<string, unknown> = {};
  for (const p of PARAM_NAMES[m.cell]) {
    gradients[p] = tensorToJson(trace.grads[p]);
    updated[p] = tensorToJson(trace.updated[p]);
  }
  gradients.h0 = Array.from(trace.dh0);
  if (trace.dc0) gradients.c0 = Array.from(trace.dc0);
  const T = m.steps;
  return {
    name: m.name,
    cell: m.cell,
    reduction: m.reduction,
    loss: trace.loss,
    lossSum: trace.lossSum,
    meanLoss: trace.targetCount > 0 ? trace.lossSum / trace.targetCount : null,
    targetCount: trace.targetCount,
    losses: lossesJson(trace.losses, (t) => hasTarget(m, t)),
    hidden: seriesJson(trace.series.h, T, m.hiddenSize),
    ...(m.cell === 'lstm' ? { cellStates: seriesJson(trace.series.c, T, m.hiddenSize) } : {}),
    outputs: seriesJson(trace.series.y, T, m.outputSize),
    ...(m.loss === 'cross-entropy' ? { probabilities: seriesJson(trace.series.p, T, m.outputSize) } : {}),
    gradients,
    gradNorm: trace.gradNorm,
    clipFactor: trace.clipFactor,
    learningRate: m.train.learningRate,
    updated,
  };
}

function runText(trace: Trace): string {
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

function trainText(
  model: Model,
  losses: readonly number[],
  params: Readonly<Record<string, { shape: readonly number[]; data: Float64Array }>>,
): string {
  const n = losses.length;
  const every = Math.max(1, Math.ceil(n / 20));
  const rows = [['step', 'loss before update']];
  losses.forEach((l, k) => {
    if (k % every === 0 || k === n - 1) rows.push([String(k + 1), fmtPlain(l, 12)]);
  });
  return [
    `${model.name}: ${n} training step${n === 1 ? '' : 's'} (η = ${model.train.learningRate}${model.train.clipNorm === null ? '' : `, clipNorm ${model.train.clipNorm}`})`,
    table(rows),
    '',
    'weights after training',
    table(PARAM_NAMES[model.cell].map((p) => [p, tensorText(params[p])])),
    '',
    'Full precision: rnn-step train FILE --json',
  ].join('\n');
}
