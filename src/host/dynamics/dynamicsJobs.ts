// The work of "RNN: Compare Cells", "RNN: What If…", "RNN: Sample…" and "RNN: Check Gradients",
// engine only (no vscode),
// so that the same function runs in the dynamics worker (dynamicsWorker.ts) and, for a small
// model whose worker could not start, on the host (dynamicsRunner.ts). Progress is reported at
// most every PROGRESS_INTERVAL_MS so the host's message queue never floods.

import type { Model } from '../../engine/model';
import type { Trace } from '../../engine/trace/trace';
import { withSteps } from '../../engine/trace/transfer';
import { runModel } from '../../engine/compute/run';
import { compareCells, CELLS, type CellComparison } from '../../engine/dynamics/compareCells';
import { applyWhatIf, diffRuns, type RunDiff, type WhatIfChange } from '../../engine/dynamics/whatIf';
import { sample, type SampleOptions, type SampleResult } from '../../engine/dynamics/sampling';
import { gradCheck, type GradCheckResult } from '../../engine/compute/gradcheck';
import { importWeights } from '../../engine/interop/importModel';
import { readWeights } from '../../engine/interop/readWeights';
import { numpyScript } from '../../engine/interop/numpyScript';
import { pytorchScript } from '../../engine/interop/pytorchScript';

export type DynamicsRequest =
  | { readonly type: 'compare'; readonly model: Model; readonly steps: number }
  | { readonly type: 'whatIf'; readonly model: Model; readonly change: WhatIfChange }
  | { readonly type: 'sample'; readonly model: Model; readonly options: SampleOptions }
  /** `maxPerTensor`: entries checked per tensor (gradientCheckMessage.ts entriesPerTensor; absent: all). */
  | { readonly type: 'gradcheck'; readonly model: Model; readonly maxPerTensor?: number }
  /** Import PyTorch Weights: the template's text and model, the weights file's bytes and name. */
  | {
      readonly type: 'import';
      readonly text: string;
      readonly model: Model;
      readonly bytes: Uint8Array;
      readonly fileName: string;
      readonly activation?: 'tanh' | 'relu';
    }
  /** Export as NumPy / PyTorch Script: every weight written out as text. */
  | { readonly type: 'script'; readonly kind: 'numpy' | 'pytorch'; readonly model: Model };

/** A result as the host uses it: a trace that came back from the worker gets its steps again
 *  (transfer.ts withSteps); one computed on the host thread is unchanged in content. */
export function revivedResult(r: DynamicsResult): DynamicsResult {
  if (r.type === 'whatIf') return { ...r, after: withSteps(r.after) };
  if (r.type === 'sample') return { ...r, trace: withSteps(r.trace) };
  return r;
}

export type DynamicsResult =
  | { readonly type: 'compare'; readonly comparison: CellComparison }
  /** Only the what-if's trace crosses back (the stepper steps through it); of the file's run, its loss. */
  | { readonly type: 'whatIf'; readonly diff: RunDiff; readonly lossBefore: number; readonly after: Trace }
  | { readonly type: 'sample'; readonly sample: SampleResult; readonly trace: Trace }
  | { readonly type: 'gradcheck'; readonly result: GradCheckResult }
  /** The imported model's text, its sizes and the notes on what was dropped or chosen. */
  | {
      readonly type: 'import';
      readonly text: string;
      readonly summary: {
        readonly cell: string;
        readonly hidden: number;
        readonly input: number;
        readonly output: number;
      };
      readonly notes: readonly string[];
    }
  | { readonly type: 'script'; readonly script: string };

export type DynamicsReply =
  /** `fraction` of the work done (0…1) and what is being done. */
  | { readonly type: 'progress'; readonly fraction: number; readonly message: string }
  | { readonly type: 'done'; readonly result: DynamicsResult }
  | { readonly type: 'error'; readonly message: string };

/** Minimum time between two progress messages. */
export const PROGRESS_INTERVAL_MS = 100;

/** Runs one request to its end, reporting through `post`; never throws. */
export function runDynamicsJob(
  request: DynamicsRequest,
  post: (reply: DynamicsReply) => void,
  now: () => number = Date.now,
): void {
  let last = now();
  const progress = (fraction: number, message: string) => {
    if (now() - last < PROGRESS_INTERVAL_MS) return;
    last = now();
    post({ type: 'progress', fraction, message });
  };
  try {
    post({ type: 'done', result: compute(request, progress) });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

function compute(request: DynamicsRequest, progress: (fraction: number, message: string) => void): DynamicsResult {
  switch (request.type) {
    case 'compare': {
      const { model, steps } = request;
      const comparison = compareCells(model, steps, (cell, done) => {
        const k = CELLS.indexOf(cell);
        progress((k * steps + done) / (3 * steps), `${cell}: step ${done} of ${steps}`);
      });
      return { type: 'compare', comparison };
    }
    case 'whatIf': {
      const changed = applyWhatIf(request.model, request.change);
      const before = runModel(request.model, { onProgress: (f) => progress(f / 2, 'the file’s run') });
      const after = runModel(changed, { onProgress: (f) => progress(0.5 + f / 2, 'the what-if run') });
      return { type: 'whatIf', diff: diffRuns(before, after), lossBefore: before.loss, after };
    }
    case 'sample': {
      const { model, options: o } = request;
      const s = sample(model, o);
      progress(0.5, 'recording the sampled run');
      // The stepper's title says which run it shows: this sample, not the file's sequence.
      const name = `sample, seed ${o.seed}: ${model.name} (from ${JSON.stringify(o.from)}, τ = ${o.temperature})`;
      return { type: 'sample', sample: s, trace: runModel({ ...s.run, name }) };
    }
    case 'gradcheck': {
      const { model, maxPerTensor } = request;
      const result = gradCheck(model, {
        ...(maxPerTensor !== undefined ? { maxPerTensor } : {}),
        onProgress: (checked, total) => progress(checked / total, `${checked} of ${total} entries`),
      });
      return { type: 'gradcheck', result };
    }
    case 'import': {
      const dict = readWeights(request.bytes, request.fileName);
      progress(0.5, 'writing the model');
      const r = importWeights(
        { text: request.text, model: request.model },
        dict,
        request.activation ? { activation: request.activation } : {},
      );
      const m = r.model;
      const summary = { cell: m.cell, hidden: m.hiddenSize, input: m.inputSize, output: m.outputSize };
      return { type: 'import', text: r.text, summary, notes: r.notes };
    }
    case 'script':
      return {
        type: 'script',
        script: request.kind === 'numpy' ? numpyScript(request.model) : pytorchScript(request.model),
      };
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

/** Multiply–adds of one forward and backward pass, roughly (for the host fallback's size limit). */
export function passWork(model: Model): number {
  const H = model.hiddenSize,
    G = model.cell === 'lstm' ? 4 : model.cell === 'gru' ? 3 : 1;
  return 3 * model.steps * (G * H * (H + model.inputSize) + model.outputSize * H);
}

/** Roughly how many passes a request costs. */
export function requestWork(request: DynamicsRequest): number {
  switch (request.type) {
    case 'compare':
      // Three cells (an lstm has 4 gates: up to 4× the rnn), each trained and its flow measured twice.
      return 3 * 4 * (request.steps + 2 * request.model.steps) * passWork({ ...request.model, cell: 'lstm' });
    case 'whatIf':
      return 2 * passWork(request.model);
    case 'sample':
      return 2 * passWork({ ...request.model, steps: request.options.length });
    case 'gradcheck':
      // Two forward passes per entry checked; one pass is about a third of passWork.
      return gradcheckEntries(request) * passWork(request.model);
    case 'import':
      // Reading and writing every number: about a hundred operations per byte of weights.
      return 100 * request.bytes.length;
    case 'script':
      return 100 * Object.values(request.model.params).reduce((n, t) => n + t.data.length, 0);
    default: {
      const never: never = request;
      throw new Error(`unknown request ${JSON.stringify(never)}`);
    }
  }
}

/** How many entries a gradient check probes (each with two forward passes). */
function gradcheckEntries(request: { readonly model: Model; readonly maxPerTensor?: number }): number {
  const m = request.model;
  const sizes = [...Object.values(m.params).map((t) => t.data.length), m.hiddenSize, m.c0 ? m.hiddenSize : 0];
  const cap = request.maxPerTensor ?? Infinity;
  return sizes.reduce((n, size) => n + Math.min(size, cap), 0);
}
