// The views of the dynamics panel, built from the engine's results (no vscode, so the webview tests
// build exactly what the extension sends): plain arrays, the shared scales of the comparison, the
// plain sentences of sentences.ts, the top of each sampled distribution.

import { PARAM_NAMES, type Model } from '../../engine/model';
import type { CellComparison } from '../../engine/dynamics/compareCells';
import type { RunDiff, WhatIfChange } from '../../engine/dynamics/whatIf';
import { describeChange } from '../../engine/dynamics/whatIf';
import type { SampleOptions, SampleResult } from '../../engine/dynamics/sampling';
import { flowSentence } from '../../engine/dynamics/sentences';
import { downsampleLosses } from '../../shared/lossCurve';
import type { CompareView, SampleView, WhatIfView } from '../../shared/dynamicsProtocol';

/** How many entries of each sampled distribution the panel lists. */
export const SAMPLE_TOP = 8;

/** The inputs as one line: tokens joined by spaces (at most 200 shown), or "T input vectors". */
export function sequenceText(model: Model): string {
  if (model.inputs.kind !== 'tokens' || !model.vocab) return `${model.steps} input vectors`;
  const vocab = model.vocab;
  const ids = Array.from(model.inputs.ids.slice(0, 200), (i) => vocab[i]);
  return ids.join(' ') + (model.steps > 200 ? ` … (${model.steps} tokens)` : '');
}

function finiteRange(values: Iterable<number>): { min: number; max: number } | null {
  let min = Infinity,
    max = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  return min <= max ? { min, max } : null;
}

export function compareView(model: Model, c: CellComparison): CompareView {
  return {
    kind: 'compare',
    title: `Compare cells: ${model.name}`,
    sequence: sequenceText(model),
    T: model.steps,
    steps: c.steps,
    cells: c.runs.map((r) => {
      const curve = downsampleLosses(r.losses);
      return {
        cell: r.cell,
        weights:
          r.weights.source === 'file'
            ? 'the file’s weights'
            : `drawn with seed ${r.weights.seed}, scale ${Number(r.weights.scale.toPrecision(6))}`,
        parameters: r.parameters,
        losses: curve.losses,
        lossSteps: curve.steps,
        firstLoss: r.losses[0],
        lastLoss: r.losses[r.losses.length - 1],
        flowBefore: r.flowBefore.values,
        flowAfter: r.flowAfter.values,
        hasRow: r.flowBefore.hasRow,
        sentenceBefore: flowSentence(r.summaryBefore),
        sentenceAfter: flowSentence(r.summaryAfter),
      };
    }),
    lossRange: finiteRange(c.runs.flatMap((r) => r.losses)),
    flowRange: c.flowRange,
  };
}

export function whatIfView(
  model: Model,
  change: WhatIfChange,
  diff: RunDiff,
  loss: { before: number; after: number },
  settled: WhatIfView['settled'],
): WhatIfView {
  return {
    kind: 'whatIf',
    title: `What if: ${model.name}`,
    change: describeChange(model, change),
    request: change,
    lossBefore: loss.before,
    lossAfter: loss.after,
    changed: diff.changed.map((d) => ({
      id: d.id,
      label: d.label,
      shape: d.shape,
      before: d.before,
      after: d.after,
      changed: d.changed,
      maxAbsDiff: d.maxAbsDiff,
    })),
    unchanged: diff.unchanged,
    params: PARAM_NAMES[model.cell].map((name) => ({ name, shape: model.params[name].shape })),
    learningRate: model.train.learningRate,
    clipNorm: model.train.clipNorm,
    settled,
  };
}

export function sampleView(model: Model, options: SampleOptions, s: SampleResult): SampleView {
  const O = model.outputSize;
  const classes = model.classes as readonly string[],
    vocab = model.vocab as readonly string[];
  return {
    kind: 'sample',
    title: `Sample: ${model.name}`,
    from: options.from,
    temperature: options.temperature,
    seed: options.seed,
    tokens: s.tokens,
    steps: s.tokens.map((chosen, t) => {
      const p = s.probabilities.subarray(t * O, (t + 1) * O),
        y = s.logits.subarray(t * O, (t + 1) * O);
      const order = Array.from(p.keys()).sort((a, b) => p[b] - p[a] || a - b);
      const top = order.slice(0, SAMPLE_TOP);
      if (!top.includes(s.ids[t])) top.push(s.ids[t]);
      return {
        t: t + 1,
        input: vocab[s.inputIds[t]],
        chosen,
        chosenProbability: p[s.ids[t]],
        top: top.map((j) => ({ token: classes[j], probability: p[j], logit: y[j] })),
      };
    }),
  };
}
