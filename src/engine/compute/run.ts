// One full run (forward, loss, BPTT, clip, update) recorded as a Trace — in slices. `startRun`
// returns a task that does about a millisecond of work per slice (SLICE_WORK) and can stop
// between any two: a worker reports progress and checks for cancellation there, and a host
// without workers can interleave a run with its other work. `runModel` runs a task to the end.
// Slicing changes nothing in the numbers: every row of every product is summed on its own, in
// the same order, whatever the slice boundaries (forward.ts, bptt.ts).
//
// Memory. The heap (linalg.ts) holds the weights, their packed copies, every series and the
// gradients. The series and gradients are copied out, then the heap is freed *before* the update
// θ − η·c·g is computed from the copies, so the peak is the heap plus the trace's series and
// gradients — not the heap plus the whole trace. A heap above SHARED_HEAP_BYTES has a
// WebAssembly memory of its own that goes with it; the trace owns its arrays (each its own
// ArrayBuffer, so a worker can transfer them: transfer.ts).

import { PARAM_NAMES, type Model, type Tensor } from '../model';
import { acquireHeap } from './linalg';
import { clipFactor } from './optimize';
import { backwardOutputRows, backwardSteps, gradientJobs } from './bptt';
import { forwardSteps, outputRows } from './forward';
import { computeLoss, type LossResult } from './loss';
import { backwardPacks, forwardPacks, loadInputs, planLayout, type Layout } from './heapLayout';
import { readSeries } from './heapSeries';
import { buildSteps } from '../trace/steps';
import { traceNonFinite } from '../trace/nonFinite';
import { SERIES, type Trace } from '../trace/trace';

/** Multiply-adds per slice: about a millisecond of the kernel. */
export const SLICE_WORK = 1 << 21;

export interface RunOptions {
  /** Called between slices with the fraction of the work done (0…1); returning false cancels
   *  the run, and runModel throws RunCancelled. */
  readonly onProgress?: (fraction: number) => boolean | void;
  /** Multiply-adds per slice (default SLICE_WORK); 1 makes every timestep and row a slice. */
  readonly sliceWork?: number;
}

export class RunCancelled extends Error {
  constructor() {
    super('the run was cancelled');
    this.name = 'RunCancelled';
  }
}

export interface RunTask {
  /** Fraction of the work done, 0…1. */
  readonly progress: number;
  readonly finished: boolean;
  /** Works slice after slice until the run is finished (true) or `shouldYield()` asks to stop
   *  (false; call again to go on). Throws RunCancelled after `cancel()`. */
  advance(shouldYield?: () => boolean): boolean;
  /** The trace of a finished run. */
  result(): Trace;
  /** Stops the run and frees its heap at once. */
  cancel(): void;
}

export function startRun(model: Model, options: Pick<RunOptions, 'sliceWork'> = {}): RunTask {
  const slices = runSlices(model, options.sliceWork ?? SLICE_WORK);
  let trace: Trace | null = null;
  let progress = 0;
  let cancelled = false;
  return {
    get progress() {
      return progress;
    },
    get finished() {
      return trace !== null;
    },
    advance(shouldYield = () => false) {
      if (trace) return true;
      if (cancelled) throw new RunCancelled();
      for (;;) {
        const r = slices.next();
        if (r.done) {
          trace = r.value;
          progress = 1;
          return true;
        }
        progress = Math.min(1, r.value);
        if (shouldYield()) return false;
      }
    },
    result() {
      if (!trace) throw new Error('the run has not finished');
      return trace;
    },
    cancel() {
      if (trace || cancelled) return;
      cancelled = true;
      slices.return(undefined as never); // runs the generator's `finally`: the heap is released
    },
  };
}

export function runModel(model: Model, options: RunOptions = {}): Trace {
  const task = startRun(model, options);
  const { onProgress } = options;
  task.advance(
    onProgress &&
      (() => {
        if (onProgress(task.progress) !== false) return false;
        task.cancel();
        return true;
      }),
  );
  if (!task.finished) throw new RunCancelled();
  return task.result();
}

/** What the heap work leaves behind: copies only. */
interface Recorded extends LossResult {
  readonly series: Record<string, Float64Array>;
  readonly grads: Record<string, Tensor>;
  readonly dh0: Float64Array;
  readonly dc0: Float64Array | null;
  readonly gradNorm: number;
}

/** The whole run; yields the fraction done between slices. */
function* runSlices(model: Model, sliceWork: number): Generator<number, Trace, void> {
  if (model.steps < 1) throw new Error('a model needs at least one timestep'); // parseModel guarantees it
  const L = planLayout(model);
  const total = totalWork(L, model);
  const progress = { done: 0, total, sliceWork };
  // The heap lives only inside heapWork: once it returns, nothing here refers to it.
  const r = yield* heapWork(model, L, progress);
  const factor = clipFactor(r.gradNorm, model.train.clipNorm);
  const updated = yield* updateInSlices(model, r.grads, factor, progress);
  const steps = buildSteps(model);
  yield (progress.done += L.T) / total;
  yield progress.done / total; // the scan for non-finite values below is a slice of its own
  const trace: Trace = {
    model,
    series: r.series,
    losses: r.losses,
    targetCount: r.targetCount,
    lossSum: r.lossSum,
    loss: r.loss,
    grads: r.grads,
    dh0: r.dh0,
    dc0: r.dc0,
    gradNorm: r.gradNorm,
    clipFactor: factor,
    updated,
    steps,
    nonFinite: null,
  };
  return { ...trace, nonFinite: traceNonFinite(trace) };
}

function* heapWork(
  model: Model,
  L: Layout,
  progress: { done: number; total: number; sliceWork: number },
): Generator<number, Recorded> {
  const { T, H, O, GH } = L;
  const heap = acquireHeap(L.size);
  const step = (work: number): number => (progress.done += work) / progress.total;
  /** Timesteps (or rows) of `work` multiply-adds each that make one slice. */
  const sliceOf = (work: number): number => Math.max(1, Math.floor(progress.sliceWork / Math.max(1, work)));
  try {
    const { M } = heap;
    // A big model's setup is tens of milliseconds: a slice between its parts.
    yield step(0);
    loadInputs(M, L, model);
    for (const name of PARAM_NAMES[L.cell]) {
      M.set(model.params[name].data, L.P + L.rel[name]);
      yield step(0);
    }
    for (const pack of forwardPacks(M, L)) {
      pack();
      yield step(0);
    }
    yield step(2 * L.paramCount);
    const perStep = forwardWork(L);
    for (let t = 0; t < T;) {
      const t1 = Math.min(T, t + sliceOf(perStep));
      forwardSteps(heap, L, model, t, t1);
      yield step((t1 - t) * perStep);
      t = t1;
    }
    for (let t = 0; t < T;) {
      const t1 = Math.min(T, t + sliceOf(O * H + O));
      outputRows(heap, L, t, t1);
      yield step((t1 - t) * (O * H + O));
      t = t1;
    }
    const loss = computeLoss(M, L, model);
    yield step(T * 3 * O);
    for (const pack of backwardPacks(M, L)) {
      pack();
      yield step(0);
    }
    yield step(L.paramCount);
    for (let t = 0; t < T;) {
      const t1 = Math.min(T, t + sliceOf(O * H));
      backwardOutputRows(heap, L, t, t1);
      yield step((t1 - t) * O * H);
      t = t1;
    }
    const perBack = GH * H + 20 * GH;
    for (let t = T; t > 0;) {
      const t0 = Math.max(0, t - sliceOf(perBack));
      backwardSteps(heap, L, model, t, t0);
      yield step((t - t0) * perBack);
      t = t0;
    }
    for (const job of gradientJobs(heap, L, model)) {
      job.prepare();
      for (let r = 0; r < job.count;) {
        const r1 = Math.min(job.count, r + sliceOf(job.rowWork));
        job.rows(r, r1);
        yield step((r1 - r) * job.rowWork);
        r = r1;
      }
    }
    const series: Record<string, Float64Array> = {};
    for (const info of SERIES[model.cell]) {
      const size = info.size === 'H' ? H : O;
      series[info.name] = readSeries(M, L, info.name, size);
      yield step(T * size);
    }
    // The gradients out of the heap, and their norm, a chunk at a time: a big model's copy would
    // otherwise be one long slice. The same sum as gradNorm (optimize.ts), in the same order.
    const grads: Record<string, Tensor> = {};
    let ss = 0;
    for (const name of PARAM_NAMES[L.cell]) {
      const n = model.params[name].data.length;
      const data = new Float64Array(n);
      const at = L.GD + L.rel[name];
      for (let k = 0; k < n;) {
        const k1 = Math.min(n, k + copyChunk(progress.sliceWork));
        data.set(M.subarray(at + k, at + k1), k);
        for (let j = at + k; j < at + k1; j++) ss += M[j] * M[j];
        yield step(k1 - k);
        k = k1;
      }
      grads[name] = { shape: [...model.params[name].shape], data };
    }
    return {
      ...loss,
      series,
      grads,
      dh0: M.slice(L.DHPREV, L.DHPREV + H),
      dc0: L.DCPREV >= 0 ? M.slice(L.DCPREV, L.DCPREV + H) : null,
      gradNorm: Math.sqrt(ss),
    };
  } finally {
    heap.release();
  }
}

/** Elements a memory-bound loop (a copy, an update) handles per slice: about as long as a slice of
 *  multiply-adds in the kernel. */
function copyChunk(sliceWork: number): number {
  return Math.max(1, Math.floor(sliceWork / 8));
}

/** θ − lr · (factor · g) for every parameter, as fresh tensors, a chunk per slice: the arithmetic
 *  of updatedParams (optimize.ts), element for element. */
function* updateInSlices(
  model: Model,
  grads: Readonly<Record<string, Tensor>>,
  factor: number,
  progress: { done: number; total: number; sliceWork: number },
): Generator<number, Record<string, Tensor>> {
  const lr = model.train.learningRate;
  const out: Record<string, Tensor> = {};
  for (const name of Object.keys(model.params)) {
    const s = model.params[name].data,
      g = grads[name].data;
    const d = new Float64Array(s.length);
    for (let k = 0; k < s.length;) {
      const k1 = Math.min(s.length, k + copyChunk(progress.sliceWork));
      for (let j = k; j < k1; j++) d[j] = s[j] - lr * (factor * g[j]);
      yield (progress.done += k1 - k) / progress.total;
      k = k1;
    }
    out[name] = { shape: [...model.params[name].shape], data: d };
  }
  return out;
}

/** Multiply-adds of one forward timestep: the recurrent product, the input product for vector
 *  inputs, and the element-wise gate arithmetic. */
function forwardWork(L: Layout): number {
  return L.GH * L.H + (L.tokens ? 0 : L.GH * L.I) + 12 * L.GH;
}

function paramCount(model: Model): number {
  return PARAM_NAMES[model.cell].reduce((n, p) => n + model.params[p].data.length, 0);
}

/** Everything runSlices counts, so that progress ends at 1. */
function totalWork(L: Layout, model: Model): number {
  const { T, H, I, O, GH } = L;
  // gradientJobs: ∂L/∂Wh, ∂L/∂Wx (a scatter for tokens), ∂L/∂W_hy, the biases
  const grads = T * (GH * H + (L.tokens ? GH + O : GH * I) + O * H + GH + O);
  const series = SERIES[model.cell].reduce((n, s) => n + T * (s.size === 'H' ? H : O), 0);
  return (
    2 * L.paramCount +
    T * forwardWork(L) +
    T * (O * H + O) +
    T * 3 * O +
    L.paramCount +
    T * O * H +
    T * (GH * H + 20 * GH) +
    grads +
    series +
    2 * paramCount(model) +
    T
  );
}
