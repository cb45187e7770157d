// `rnn-step compare FILE [--steps N] [--json]`: the file's sequence through an rnn, an lstm and a
// gru of its hidden size, each trained N steps (default: the file's train.steps) —
// engine/dynamics/compareCells.ts. JSON: {"steps", "flowRange", "cells": {rnn|lstm|gru: {"weights",
// "parameters", "losses", "gradNorms", "clipFactors", "lossToHiddenBefore", "lossToHiddenAfter",
// "flowBefore", "flowAfter"}}}, the lossToHidden matrices indexed as in `dynamics --json` and the
// flow entries being their verdicts (verdicts.ts). Exit 1 on an invalid file or one too big.

import { compareCells, compareRefusal } from '../engine/dynamics/compareCells';
import type { FlowMatrix } from '../engine/dynamics/gradientFlow';
import { readableFactor } from '../engine/dynamics/sentences';
import { fmtPlain } from '../engine/equations/latex';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { load } from './loadModel';
import { describe, table } from './output';
import { printJson } from './printJson';

export function compareCommand(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const refusal = compareRefusal(model);
  if (refusal) {
    io.err(`rnn-step: ${inv.file}: cannot compare the cells: ${refusal}`);
    return 1;
  }
  const steps = inv.steps ?? model.train.steps;
  const c = compareCells(model, steps);
  if (inv.json) {
    const cells: Record<string, unknown> = {};
    for (const r of c.runs)
      cells[r.cell] = {
        weights: r.weights,
        parameters: r.parameters,
        losses: r.losses,
        gradNorms: r.gradNorms,
        clipFactors: r.clipFactors,
        lossToHiddenBefore: flowRows(r.flowBefore),
        lossToHiddenAfter: flowRows(r.flowAfter),
        flowBefore: r.summaryBefore,
        flowAfter: r.summaryAfter,
      };
    printJson(io, inv.file, { steps, flowRange: c.flowRange, cells });
    return 0;
  }
  const rows = [['cell', 'weights', 'parameters', 'loss at step 1', `loss at step ${steps}`, 'gradient to step 1']];
  for (const r of c.runs) {
    const w = r.weights.source === 'file' ? 'the file’s' : `init seed ${r.weights.seed}`;
    const reach = (s: typeof r.summaryBefore): string =>
      Number.isFinite(s.ratio) ? `${readableFactor(s.ratio)} (${s.verdict})` : s.verdict;
    rows.push([
      r.cell,
      w,
      String(r.parameters),
      fmtPlain(r.losses[0], 6),
      fmtPlain(r.losses[r.losses.length - 1], 6),
      `${reach(r.summaryBefore)} → ${reach(r.summaryAfter)}`,
    ]);
  }
  io.out(
    [
      `${model.name} — ${describe(model)}`,
      `each cell trained ${steps} step${steps === 1 ? '' : 's'} (η = ${model.train.learningRate}${model.train.clipNorm === null ? '' : `, clipNorm ${model.train.clipNorm}`})`,
      '',
      table(rows),
      '',
      '"gradient to step 1": ‖∂ℓ_t/∂h_1‖ / ‖∂ℓ_t/∂h_t‖ for the last step t with a target, before → after training.',
      'Full precision and the flow matrices: rnn-step compare FILE --json',
    ].join('\n'),
  );
  return 0;
}

function flowRows(f: FlowMatrix): (number[] | null)[] {
  const T = f.T;
  return Array.from({ length: T }, (_, i) =>
    f.hasRow[i] ? Array.from(f.values.subarray(i * (T + 1), (i + 1) * (T + 1))) : null,
  );
}
