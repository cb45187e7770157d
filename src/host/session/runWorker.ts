// The model's run off the extension host's thread. Bundled on its own (esbuild.mjs), like the
// training worker: a Node worker_threads script for desktop (dist/runWorker.js), a Web Worker
// script for the web (dist/web/runWorker.js). Engine only — no vscode here.
//
// Protocol: the host posts RunRequests; a 'run' supersedes whatever run the worker is busy with
// (only the latest text's run matters), a 'cancel' stops the run of that id. The worker works in
// chunks of CHUNK_MS (startRun's slices: compute/run.ts) and returns to its event loop between
// them, so a newer request is seen within a chunk. It answers each run with 'progress' messages
// (at most every PROGRESS_INTERVAL_MS) and one 'done' (the trace as transferable buffers:
// trace/transfer.ts), 'cancelled' or 'error'.

import type { Model } from '../../engine/model';
import { startRun, type RunTask } from '../../engine/compute/run';
import { tracePayload, type TracePayload } from '../../engine/trace/transfer';

export type RunRequest =
  | { readonly type: 'run'; readonly id: number; readonly model: Model }
  | { readonly type: 'cancel'; readonly id: number };

export type RunReply =
  | { readonly type: 'progress'; readonly id: number; readonly fraction: number }
  | { readonly type: 'done'; readonly id: number; readonly payload: TracePayload }
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
  let current: { id: number; task: RunTask; posted: number } | undefined;
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
        post({ type: 'done', id: c.id, payload }, transfer);
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
          current = { id: request.id, task: startRun(request.model), posted: now() };
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

// Entry: wire the requests to whichever worker this bundle runs in (as trainingWorker.ts does).
// Under mocha (no bundle, no define) `__WEB__` does not exist: the Node branch, where parentPort
// is null outside a worker, so importing this file in a test is inert.
interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
}
if (typeof __WEB__ !== 'undefined' && __WEB__) {
  const scope = globalThis as unknown as Port & { onmessage: ((e: { data: RunRequest }) => void) | null };
  if (typeof scope.postMessage === 'function' && 'onmessage' in scope) {
    const handle = runServer((reply, transfer) => scope.postMessage(reply, transfer ?? []));
    scope.onmessage = (e) => handle(e.data);
  }
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  if (parentPort) {
    const handle = runServer((reply, transfer) => parentPort.postMessage(reply, transfer ?? []));
    parentPort.on('message', handle);
  }
}
