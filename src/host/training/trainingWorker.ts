// The training loop off the extension host's thread. Bundled on its own (esbuild.mjs): for desktop
// VS Code as a Node worker_threads script (dist/trainingWorker.js), for the web as a Web Worker
// script (dist/web/trainingWorker.js). Engine only — no vscode here.
//
// Protocol: the host posts one TrainRequest; the worker answers with 'progress' messages (the new
// losses since the last message, at most ~10 a second so the host's queue never floods) and one
// 'done', 'diverged' or 'error'. Cancelling is the host terminating the worker: nothing to clean up.
// Training stops at the first step that is not finite (optimize.ts stopOnNonFinite): its weights
// would be NaN or ±Infinity, so none are sent back — only the losses and where it diverged.

import type { Model, Tensor } from '../../engine/model';
import { train, withParams, type TrainDivergence } from '../../engine/compute/optimize';

export interface TrainRequest {
  readonly type: 'train';
  readonly model: Model;
  readonly steps: number;
}

export type TrainReply =
  /** `losses` are the losses of steps `from` … `from + losses.length − 1` (0-based). */
  | { readonly type: 'progress'; readonly from: number; readonly losses: number[] }
  | {
      readonly type: 'done';
      readonly losses: number[];
      readonly params: Record<string, Tensor>;
      readonly finalLoss: number;
    }
  /** Step `divergence.step` (0-based) was not finite; `losses` end with its loss. */
  | { readonly type: 'diverged'; readonly losses: number[]; readonly divergence: TrainDivergence }
  | { readonly type: 'error'; readonly message: string };

/** Minimum time between two progress messages. */
export const PROGRESS_INTERVAL_MS = 100;

/** The loss of `params` on the model's sequence: one more pass, its loss taken before its update. */
export function lossOf(model: Model, params: Record<string, Tensor>): number {
  return train(withParams(model, params), 1).losses[0];
}

/** Runs a whole request, reporting through `post`. */
export function runTraining(
  request: TrainRequest,
  post: (reply: TrainReply) => void,
  now: () => number = Date.now,
): void {
  try {
    const { model, steps } = request;
    const losses: number[] = [];
    let sent = 0;
    let last = now();
    const result = train(
      model,
      steps,
      (_k, loss) => {
        losses.push(loss);
        if (now() - last >= PROGRESS_INTERVAL_MS) {
          post({ type: 'progress', from: sent, losses: losses.slice(sent) });
          sent = losses.length;
          last = now();
        }
      },
      { stopOnNonFinite: true },
    );
    if (result.divergence) return post({ type: 'diverged', losses: result.losses, divergence: result.divergence });
    post({ type: 'done', losses: result.losses, params: result.params, finalLoss: lossOf(model, result.params) });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

// Entry: wire the request/reply to whichever worker this bundle runs in. `__WEB__` is a constant
// of the bundle (esbuild `define`), so each bundle keeps only its own branch.
interface Port {
  postMessage(message: unknown): void;
}
// Under mocha (no bundle, no define) `__WEB__` does not exist: take the Node branch, where
// parentPort is null outside a worker, so importing this file in a test is inert.
if (typeof __WEB__ !== 'undefined' && __WEB__) {
  const scope = globalThis as unknown as Port & { onmessage: ((e: { data: TrainRequest }) => void) | null };
  // Only a worker scope has postMessage + onmessage; importing this file elsewhere (tests) is inert.
  if (typeof scope.postMessage === 'function' && 'onmessage' in scope) {
    scope.onmessage = (e) => runTraining(e.data, (reply) => scope.postMessage(reply));
  }
} else {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parentPort } = require('node:worker_threads') as typeof import('node:worker_threads');
  parentPort?.on('message', (request: TrainRequest) => runTraining(request, (reply) => parentPort.postMessage(reply)));
}
