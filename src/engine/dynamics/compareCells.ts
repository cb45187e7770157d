// Compare cells: the same sequence, targets, loss and training settings run through an rnn, an lstm
// and a gru of the same hidden size, each trained for the same number of steps — their loss curves
// and gradient-flow matrices side by side, on one scale: whether a GRU does as well as an LSTM,
// and how much better either does than a plain RNN, measured on the person's own data.
//
// Weights: the file's own for the file's cell; for the other two, drawn the way `{"init": …}` draws
// them (parse/init.ts) with the file's init seed and scale — or, for a file that writes its weights
// out, with COMPARE_SEED and the default scale 1/√H. The rnn keeps the file's activation when the
// file is an rnn, and is tanh otherwise.

import { PARAM_NAMES, type CellKind, type Model } from '../model';
import { train } from '../compute/optimize';
import { defaultInitScale, initParams } from '../parse/init';
import { DEFAULT_LIMITS } from '../parse/problems';
import { dynamicsRefusal } from './dynamics';
import { gradientFlow, type FlowMatrix } from './gradientFlow';
import { summarizeFlow, type FlowSummary } from './verdicts';

/** The seed of the other cells' weights when the file has no `init`. */
export const COMPARE_SEED = 1;
export const CELLS: readonly CellKind[] = ['rnn', 'lstm', 'gru'];

export type WeightSource =
  { readonly source: 'file' } | { readonly source: 'init'; readonly seed: number; readonly scale: number };

export interface CellRun {
  readonly cell: CellKind;
  readonly weights: WeightSource;
  readonly parameters: number;
  /** Per training step (TrainResult): the loss before the update, ‖g‖ before clipping, the clip factor. */
  readonly losses: number[];
  readonly gradNorms: number[];
  readonly clipFactors: number[];
  /** ‖∂ℓ_t/∂h_k‖ with the starting weights and with the trained ones. */
  readonly flowBefore: FlowMatrix;
  readonly flowAfter: FlowMatrix;
  readonly summaryBefore: FlowSummary;
  readonly summaryAfter: FlowSummary;
}

export interface CellComparison {
  readonly steps: number;
  readonly runs: CellRun[];
  /** The smallest and largest positive finite entry over every flow matrix: one colour scale. */
  readonly flowRange: { readonly min: number; readonly max: number } | null;
}

/** `model` with another cell of the same hidden size (itself for its own cell). */
export function modelWithCell(model: Model, cell: CellKind): { model: Model; weights: WeightSource } {
  if (cell === model.cell) return { model, weights: { source: 'file' } };
  const H = model.hiddenSize;
  const seed = model.init?.seed ?? COMPARE_SEED;
  const scale = model.init?.scale ?? defaultInitScale(H);
  const params = initParams(cell, model.inputSize, H, model.outputSize, seed, scale);
  const variant: Model = {
    ...model,
    cell,
    activation: cell === 'rnn' && model.cell === 'rnn' ? model.activation : 'tanh',
    c0: cell === 'lstm' ? new Float64Array(H) : null,
    params,
    init: { seed, scale },
  };
  return { model: variant, weights: { source: 'init', seed, scale } };
}

/** Why the comparison cannot run (the largest variant too big), or null. */
export function compareRefusal(model: Model): string | null {
  for (const cell of CELLS) {
    const { model: m } = modelWithCell(model, cell);
    const n = parameterCount(m);
    if (n > DEFAULT_LIMITS.maxParams)
      return `the ${cell} of this size would have ${n} parameters, more than ${DEFAULT_LIMITS.maxParams}`;
    const refusal = dynamicsRefusal(m);
    if (refusal) return `the ${cell}: ${refusal}`;
  }
  return null;
}

/** Runs the three cells for `steps` training steps each. `onProgress(cell, done)` after each
 *  training step; returning false stops that cell's training there. */
export function compareCells(
  model: Model,
  steps: number,
  onProgress?: (cell: CellKind, done: number) => boolean | void,
): CellComparison {
  const refusal = compareRefusal(model);
  if (refusal) throw new Error(refusal);
  const runs: CellRun[] = [];
  for (const cell of CELLS) {
    const { model: m, weights } = modelWithCell(model, cell);
    const result = train(m, steps, onProgress ? (k) => onProgress(cell, k + 1) : undefined);
    const flowBefore = gradientFlow(m);
    const flowAfter = gradientFlow({ ...m, params: result.params });
    runs.push({
      cell,
      weights,
      parameters: parameterCount(m),
      losses: result.losses,
      gradNorms: result.gradNorms,
      clipFactors: result.clipFactors,
      flowBefore,
      flowAfter,
      summaryBefore: summarizeFlow(flowBefore),
      summaryAfter: summarizeFlow(flowAfter),
    });
  }
  return { steps, runs, flowRange: range(runs.flatMap((r) => [r.flowBefore, r.flowAfter])) };
}

function parameterCount(m: Model): number {
  return PARAM_NAMES[m.cell].reduce((n, p) => n + m.params[p].data.length, 0);
}

function range(flows: readonly FlowMatrix[]): { min: number; max: number } | null {
  let min = Infinity,
    max = 0;
  for (const f of flows)
    for (const v of f.values)
      if (v > 0 && v < Infinity) {
        if (v < min) min = v;
        if (v > max) max = v;
      }
  return max > 0 ? { min, max } : null;
}
