// The run worker's side of its protocol (the worker script itself is runWorker.ts). Engine only —
// no vscode, no Node: the host's scheduler (runScheduler.ts) shares these types, and tests drive
// runServer in-process.
//
// Protocol: the host posts RunRequests; a 'run' carries the model's text, which the worker parses
// again — cloning a big Model across (its weights) would cost the host more than the text, and a
// model of seeded weights is drawn here, not on the host (parse/init.ts), its drawn weights
// coming back with the trace. A 'run' supersedes whatever run the worker is busy with
// (only the latest text's run matters), a 'cancel' stops the run of that id. The worker works in
// chunks of CHUNK_MS (startRun's slices: compute/run.ts) and returns to its event loop between
// them, so a newer request is seen within a chunk. It answers each run with 'progress' messages
// (at most every PROGRESS_INTERVAL_MS) and one 'done' (the trace as transferable buffers:
// trace/transfer.ts), 'cancelled' or 'error'.

import { PARAM_NAMES, type Model } from '../../engine/model';
import { startRun, type RunTask } from '../../engine/compute/run';
import { parseModel } from '../../engine/parse/parse';
import { tracePayload, type TracePayload } from '../../engine/trace/transfer';

export type RunRequest =
  | { readonly type: 'run'; readonly id: number; readonly text: string; readonly fileName?: string }
  | { readonly type: 'cancel'; readonly id: number };

export type RunReply =
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number }
  | {
      readonly type: 'done';
      readonly id: number;
      readonly payload: TracePayload;
      /** The weights drawn here, for a model of seeded weights (`init`): the host never drew them. */
      readonly params?: Readonly<Record<string, Float64Array>>;
    }
  | { readonly type: 'cancelled'; readonly id: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Work between two looks at the message queue: how late a superseding edit is noticed. */
export const CHUNK_MS = 20;
/** Minimum time between two progress messages of a run. */
export const PROGRESS_INTERVAL_MS = 100;

/** What to tell a person when a run throws. The limits (maxTraceValues) refuse a model too big
 *  to record before it runs; a RangeError here means the process still had less memory than that. */
export function runFailure(e: unknown): string {
  if (e instanceof RangeError) {
    return `the run needs more memory than is available here (${e.message}); make the model smaller — fewer timesteps or a smaller hidden size`;
  }
  return e instanceof Error ? e.message : String(e);
}

export type Post = (reply: RunReply, transfer?: ArrayBuffer[]) => void;

/** The worker's side: returns the handler of each request. `defer` yields to the event loop. */
export function runServer(
  post: Post,
  now: () => number = Date.now,
  defer: (f: () => void) => void = (f) => void setTimeout(f, 0),
): (request: RunRequest) => void {
  let current: { id: number; model: Model; task: RunTask; posted: number } | undefined;
  const stop = (): void => {
    if (!current) return;
    current.task.cancel();
    post({ type: 'cancelled', id: current.id });
    current = undefined;
  };
  const pump = (): void => {
    const c = current;
    if (!c) return;
    const start = now();
    try {
      if (c.task.advance(() => now() - start >= CHUNK_MS)) {
        current = undefined;
        const { payload, transfer } = tracePayload(c.task.result());
        let params: Record<string, Float64Array> | undefined;
        if (c.model.init) {
          params = {};
          for (const p of PARAM_NAMES[c.model.cell]) {
            params[p] = c.model.params[p].data;
            transfer.push(params[p].buffer as ArrayBuffer);
          }
        }
        post({ type: 'done', id: c.id, payload, params }, transfer);
        return;
      }
      if (now() - c.posted >= PROGRESS_INTERVAL_MS) {
        c.posted = now();
        post({ type: 'progress', id: c.id, fraction: c.task.progress });
      }
      defer(pump);
    } catch (e) {
      current = undefined;
      post({ type: 'error', id: c.id, message: runFailure(e) });
    }
  };
  return (request) => {
    switch (request.type) {
      case 'run':
        stop();
        try {
          const model = parseModel(request.text, { fileName: request.fileName }).model;
          if (!model) throw new Error('the text does not parse to a model in the run worker');
          current = { id: request.id, model, task: startRun(model), posted: now() };
        } catch (e) {
          post({ type: 'error', id: request.id, message: runFailure(e) });
          return;
        }
        defer(pump);
        return;
      case 'cancel':
        if (current?.id === request.id) stop();
        return;
      default: {
        const never: never = request;
        throw new Error(`unknown request ${String(never)}`);
      }
    }
  };
}
