// Where a session's runs happen: in the run worker (runWorker.ts), one run at a time, the newest
// superseding the one before; or, when no worker can start, on this thread in slices of at most
// SLICE_MS that yield to the event loop in between — slower, never frozen. No vscode here: the
// worker is started by a function the caller gives (runWorkerHost.ts), so tests inject their own.
//
// Only the latest run lands: `run()` cancels the previous job (its outcome is 'cancelled') and
// replies that carry another run's id are dropped. The trace comes back as transferred buffers
// and is put together here against the caller's own Model (trace/transfer.ts).

import { PARAM_NAMES, paramShape, type Model, type Tensor } from '../../engine/model';
import { startRun, type RunTask } from '../../engine/compute/run';
import { restoreTrace } from '../../engine/trace/transfer';
import type { Trace } from '../../engine/trace/trace';
import { runFailure, type RunReply, type RunRequest } from './runServer';

/** Longest stretch the host-thread fallback computes before yielding (a slice of startRun is ~1 ms). */
export const SLICE_MS = 15;

export type RunOutcome =
  | { readonly kind: 'done'; readonly trace: Trace }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/** What to run: the host's parse of a text, and the text itself (the worker parses it again). */
export interface RunSource {
  readonly model: Model;
  readonly text: string;
  readonly fileName?: string;
}

export interface RunJob {
  /** Settles once: the trace, 'cancelled' (superseded or cancelled), or why it failed. */
  readonly outcome: Promise<RunOutcome>;
  /** Fraction of the work done, 0…1, as last reported. */
  readonly progress: number;
  cancel(): void;
}

/** A started worker, as the scheduler drives it. */
export interface WorkerPort {
  post(request: RunRequest): void;
  terminate(): void;
}

/** Starts a worker that calls `reply` with each RunReply, and `fail` if it breaks (or cannot load,
 *  before any reply). Throws when this host has no workers at all. */
export type StartWorker = (reply: (r: RunReply) => void, fail: (why: string) => void) => WorkerPort;

export interface SchedulerOptions {
  /** Told once when the runs move to the host thread, and why. */
  readonly onFallback?: (why: string) => void;
  readonly sliceMs?: number;
  readonly now?: () => number;
  readonly defer?: (f: () => void) => void;
}

interface Job {
  readonly id: number;
  readonly source: RunSource;
  readonly onProgress: (fraction: number) => void;
  readonly settle: (o: RunOutcome) => void;
  progress: number;
  hostTask?: RunTask;
}

export class RunScheduler {
  private worker: WorkerPort | undefined;
  private answered = false;
  private fallbackReason: string | undefined;
  private current: Job | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly startWorker: StartWorker | undefined,
    private readonly options: SchedulerOptions = {},
  ) {
    if (!startWorker) this.fallbackReason = 'no worker on this host';
  }

  /** Where runs happen now: the worker, or the host thread after a worker could not start. */
  get runner(): 'worker' | 'host' {
    return this.fallbackReason === undefined ? 'worker' : 'host';
  }

  /** Starts a run of `source`, superseding the current one. */
  run(source: RunSource, onProgress: (fraction: number) => void = () => undefined): RunJob {
    this.cancelCurrent(false);
    let resolve!: (o: RunOutcome) => void;
    const outcome = new Promise<RunOutcome>((r) => (resolve = r));
    let settled = false;
    const job: Job = {
      id: this.nextId++,
      source,
      onProgress,
      progress: 0,
      settle: (o) => {
        if (settled) return;
        settled = true;
        if (this.current === job) this.current = undefined;
        resolve(o);
      },
    };
    if (this.disposed) {
      job.settle({ kind: 'cancelled' });
    } else {
      this.current = job;
      this.dispatch(job);
    }
    return {
      outcome,
      get progress() {
        return job.progress;
      },
      cancel: () => {
        if (this.current === job) this.cancelCurrent(true);
      },
    };
  }

  dispose(): void {
    this.disposed = true;
    this.cancelCurrent(false);
    this.worker?.terminate();
    this.worker = undefined;
  }

  private cancelCurrent(tellWorker: boolean): void {
    const job = this.current;
    if (!job) return;
    this.current = undefined;
    if (job.hostTask) job.hostTask.cancel();
    else if (tellWorker) this.worker?.post({ type: 'cancel', id: job.id });
    job.settle({ kind: 'cancelled' });
  }

  private dispatch(job: Job): void {
    if (this.fallbackReason === undefined) {
      try {
        if (!this.worker) {
          // A worker's failure counts only while it is the current one (not one terminated since).
          const started: { port?: WorkerPort } = {};
          started.port = this.startWorker!(
            (r) => this.onReply(r),
            (why) => {
              if (this.worker === started.port) this.onWorkerFailed(why);
            },
          );
          this.worker = started.port;
        }
        this.worker.post({ type: 'run', id: job.id, text: job.source.text, fileName: job.source.fileName });
        return;
      } catch (e) {
        this.fallBack(e instanceof Error ? e.message : String(e));
      }
    }
    this.runOnHost(job);
  }

  private onReply(r: RunReply): void {
    this.answered = true;
    const job = this.current;
    if (!job || r.id !== job.id) return; // a superseded run's late words
    switch (r.type) {
      case 'progress':
        job.progress = r.fraction;
        job.onProgress(r.fraction);
        return;
      case 'done': {
        let trace: Trace;
        try {
          trace = restoreTrace(r.params ? withDrawn(job.source.model, r.params) : job.source.model, r.payload);
        } catch (e) {
          job.settle({ kind: 'failed', message: runFailure(e) });
          return;
        }
        job.progress = 1;
        job.settle({ kind: 'done', trace });
        return;
      }
      case 'cancelled':
        return;
      case 'error':
        job.settle({ kind: 'failed', message: r.message });
        return;
      default: {
        const never: never = r;
        throw new Error(`unknown reply ${String(never)}`);
      }
    }
  }

  /** A worker that never answered could not load: runs move to the host for good. One that broke
   *  later (out of memory, say) fails its run and is replaced at the next run. */
  private onWorkerFailed(why: string): void {
    this.worker?.terminate();
    this.worker = undefined;
    const job = this.current;
    if (!this.answered) {
      this.fallBack(why);
      if (job) this.runOnHost(job);
    } else if (job) {
      job.settle({ kind: 'failed', message: `the run worker stopped: ${why}` });
    }
  }

  private fallBack(why: string): void {
    if (this.fallbackReason !== undefined) return;
    this.fallbackReason = why;
    this.options.onFallback?.(why);
  }

  private runOnHost(job: Job): void {
    const now = this.options.now ?? Date.now;
    const defer = this.options.defer ?? ((f: () => void) => void setTimeout(f, 0));
    const sliceMs = this.options.sliceMs ?? SLICE_MS;
    try {
      job.hostTask = startRun(job.source.model);
    } catch (e) {
      job.settle({ kind: 'failed', message: runFailure(e) });
      return;
    }
    const task = job.hostTask;
    const pump = (): void => {
      if (this.current !== job) return;
      const start = now();
      try {
        if (task.advance(() => now() - start >= sliceMs)) {
          job.progress = 1;
          job.settle({ kind: 'done', trace: task.result() });
          return;
        }
      } catch (e) {
        job.settle({ kind: 'failed', message: runFailure(e) });
        return;
      }
      job.progress = task.progress;
      job.onProgress(task.progress);
      defer(pump);
    };
    defer(pump);
  }
}

/** `model` with the weights the worker drew for its `init` (the host's are drawn only if read). */
function withDrawn(model: Model, drawn: Readonly<Record<string, Float64Array>>): Model {
  const { inputSize: I, hiddenSize: H, outputSize: O } = model;
  const params: Record<string, Tensor> = {};
  for (const p of PARAM_NAMES[model.cell]) params[p] = { shape: paramShape(p, I, H, O), data: drawn[p] };
  return { ...model, params };
}
