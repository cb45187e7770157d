// `rnn-step train`: N full training steps (forward, BPTT, clip, SGD), the losses and the trained
// weights. A step whose loss, gradients or update is not finite stops training there — the
// weights printed are those before it — unless --keep-going; either way stderr names the step
// and its first non-finite value, and the exit status is 3. A long run reports its progress.

import { PARAM_NAMES, type Model } from '../engine/model';
import { train } from '../engine/compute/optimize';
import { fmtPlain } from '../engine/equations/latex';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { fileLabel, load } from './loadModel';
import { JsonMatrix, JsonVector, writeJson, type JsonValue } from './jsonStream';
import { EXIT_NON_FINITE, nonFiniteJson, nonFiniteLine, nullsLine } from './nonFiniteReport';
import { table, tensorText } from './output';
import { progressOnStderr } from './progress';
import { openSink } from './sink';

export function doTrain(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const steps = inv.steps ?? model.train.steps;
  const progress = progressOnStderr(io, 'train', 'steps');
  const result = train(model, steps, (k) => progress.tick(k + 1, steps), { stopOnNonFinite: !inv.keepGoing });
  const divergence = result.divergence;
  let nulls = 0;
  if (inv.json) {
    const weights: Record<string, JsonValue> = {};
    for (const p of PARAM_NAMES[model.cell]) {
      const t = result.params[p];
      weights[p] = t.shape.length === 1 ? new JsonVector(t.data) : new JsonMatrix(t.data, t.shape[0], t.shape[1]);
    }
    const sink = openSink(io, null);
    nulls = writeJson(sink, {
      steps: result.losses.length,
      losses: new JsonVector(Float64Array.from(result.losses)),
      gradNorms: new JsonVector(Float64Array.from(result.gradNorms)),
      clipFactors: new JsonVector(Float64Array.from(result.clipFactors)),
      learningRates: new JsonVector(Float64Array.from(result.learningRates)),
      weights,
      ...(divergence ? { nonFinite: nonFiniteJson(divergence.nonFinite, { trainingStep: divergence.step + 1 }) } : {}),
    });
    sink.close();
  } else
    io.out(
      trainText(model, result.losses, result.params, steps, !inv.keepGoing && divergence ? divergence.step + 1 : null),
    );
  if (!divergence) return 0;
  const k = divergence.step + 1;
  io.err(nonFiniteLine(inv.file, divergence.nonFinite));
  io.err(
    inv.keepGoing
      ? `${fileLabel(inv.file)}: training step ${k} of ${steps} was the first whose numbers are not finite; the steps after it went on with them (--keep-going)`
      : `${fileLabel(inv.file)}: training stopped at step ${k} of ${steps}: its numbers are not finite, so its update was not applied (--keep-going trains on)`,
  );
  if (nulls > 0) io.err(nullsLine(inv.file, nulls));
  return EXIT_NON_FINITE;
}

function trainText(
  model: Model,
  losses: readonly number[],
  params: Readonly<Record<string, { shape: readonly number[]; data: Float64Array }>>,
  planned: number,
  stoppedAt: number | null,
): string {
  const n = losses.length;
  const every = Math.max(1, Math.ceil(n / 20));
  const rows = [['step', 'loss before update']];
  losses.forEach((l, k) => {
    if (k % every === 0 || k === n - 1) rows.push([String(k + 1), fmtPlain(l, 12)]);
  });
  return [
    `${model.name}: ${n}${n < planned ? ` of ${planned}` : ''} training step${planned === 1 ? '' : 's'} (η = ${model.train.learningRate}${model.train.clipNorm === null ? '' : `, clipNorm ${model.train.clipNorm}`})`,
    table(rows),
    '',
    stoppedAt === null ? 'weights after training' : `weights before step ${stoppedAt} (the last finite ones)`,
    table(PARAM_NAMES[model.cell].map((p) => [p, tensorText(params[p])])),
    '',
    'Full precision: rnn-step train FILE --json',
  ].join('\n');
}
