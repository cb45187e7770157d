// The panel's "Why it learns" section on the host side: once the webview asks (the section was
// opened), the dynamics of the run shown are computed — off the host thread, by the analyser
// panel.ts gives (the training worker: dynamicsJob.ts) — and posted; each new trace after that is
// analysed again, the older computation cancelled. A trace analysed once is not analysed twice.

import type { Model } from '../../engine/model';
import type { Trace } from '../../engine/trace/trace';
import type { DynamicsMessage } from '../../shared/protocol';
import { dynamicsOutcome, type DynamicsOutcome } from './dynamicsPayload';

/** A running analysis: its result, and how to stop it (terminate the worker). */
export interface AnalysisJob {
  readonly result: Promise<DynamicsOutcome>;
  cancel(): void;
}

/** Starts analysing `model`; `partial` receives a first answer without the connectivity, when
 *  the analyser gives one before the whole (dynamicsJob.ts). */
export type Analyser = (model: Model, partial: (o: DynamicsOutcome) => void) => AnalysisJob;

/** The analyser without a worker: on the calling thread (the webview tests; small models). */
export const analyseHere: Analyser = (model) => ({
  result: new Promise((resolve, reject) => {
    try {
      resolve(dynamicsOutcome(model));
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  }),
  cancel: () => undefined,
});

export class DynamicsFeed {
  private wanted = false;
  private job: { readonly trace: Trace; job: AnalysisJob } | undefined;
  private done: { trace: Trace; message: Omit<DynamicsMessage, 'runId'> } | undefined;
  analyser: Analyser = analyseHere;

  constructor(
    private readonly post: (m: DynamicsMessage) => void,
    /** The id of the run the panel shows now (a result goes out under it). */
    private readonly runId: () => number,
  ) {}

  /** The section was opened while the panel shows `trace`: analyse it, and every trace after it. */
  request(trace: Trace | undefined): void {
    this.wanted = true;
    this.show(trace);
  }

  /** The panel shows `trace` (a new run, or new numbers in the same run): analyse it if wanted. */
  show(trace: Trace | undefined): void {
    const runId = this.runId();
    if (!this.wanted || !trace) return;
    if (this.done?.trace === trace) return this.post({ ...this.done.message, runId });
    if (this.job?.trace === trace)
      return this.post({ type: 'dynamics', runId, state: 'computing', reason: null, data: null });
    this.job?.job.cancel();
    // The slot is ours before the analyser starts: it may answer its partial result at once.
    const slot: { trace: Trace; job: AnalysisJob } = {
      trace,
      job: { result: new Promise(() => {}), cancel: () => {} },
    };
    this.job = slot;
    this.post({ type: 'dynamics', runId, state: 'computing', reason: null, data: null });
    const job = this.analyser(trace.model, (o) => {
      if (this.job === slot && o.kind === 'ready')
        this.post({ type: 'dynamics', runId: this.runId(), state: 'ready', reason: null, data: o.data, partial: true });
    });
    slot.job = job;
    const settle = (message: Omit<DynamicsMessage, 'runId'>) => {
      if (this.job !== slot) return;
      this.job = undefined;
      this.done = { trace, message };
      this.post({ ...message, runId: this.runId() });
    };
    job.result.then(
      (o) =>
        settle(
          o.kind === 'ready'
            ? { type: 'dynamics', state: 'ready', reason: null, data: o.data }
            : { type: 'dynamics', state: 'refused', reason: o.reason, data: null },
        ),
      (e: unknown) =>
        settle({ type: 'dynamics', state: 'failed', reason: e instanceof Error ? e.message : String(e), data: null }),
    );
  }

  dispose(): void {
    this.job?.job.cancel();
    this.job = undefined;
  }
}
