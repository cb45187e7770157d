// Runs a dynamics request (dynamicsJobs.ts) in the dynamics worker with a cancellable progress
// notification, so the extension host never computes a comparison, a what-if or a sample itself.
// Desktop: a Node worker_threads Worker on dist/dynamicsWorker.js; web: a Web Worker on
// dist/web/dynamicsWorker.js, started as every worker is (src/host/workers/startWorker.ts).
// Should neither start, a request small enough to finish within HOST_FALLBACK_WORK multiply–adds
// (a few milliseconds) runs on the host; a larger one fails with the reason, never freezes.

import * as vscode from 'vscode';
import {
  requestWork,
  runDynamicsJob,
  type DynamicsReply,
  type DynamicsRequest,
  type DynamicsResult,
} from './dynamicsJobs';
import { startWorkerJob, type WorkerJob } from '../workers/startWorker';
import type { Logger } from '../log';

/** The most work the host computes itself when no worker starts: about 5 ms of the kernel. */
export const HOST_FALLBACK_WORK = 1 << 22;

type Reply = (reply: DynamicsReply) => void;

export type DynamicsOutcome =
  | { readonly kind: 'done'; readonly result: DynamicsResult }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/** Runs `request` off the host with a progress notification titled `title`. */
export function runDynamics(
  extensionUri: vscode.Uri,
  request: DynamicsRequest,
  title: string,
  log: Logger,
): Promise<DynamicsOutcome> {
  return Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (progress, token) =>
        new Promise<DynamicsOutcome>((resolve) => {
          let settled = false;
          let done = 0;
          let job: WorkerJob | undefined;
          const finish = (outcome: DynamicsOutcome) => {
            if (settled) return;
            settled = true;
            job?.stop();
            resolve(outcome);
          };
          const onReply: Reply = (reply) => {
            if (settled) return;
            switch (reply.type) {
              case 'progress': {
                const percent = Math.round(100 * reply.fraction);
                progress.report({ increment: Math.max(0, percent - done), message: reply.message });
                done = Math.max(done, percent);
                break;
              }
              case 'done':
                finish({ kind: 'done', result: reply.result });
                break;
              case 'error':
                log.error(`${title} failed: ${reply.message}`);
                finish({ kind: 'failed', message: reply.message });
                break;
              default: {
                const never: never = reply;
                return never;
              }
            }
          };
          const fallback = (why: string) => {
            if (settled) return;
            const work = requestWork(request);
            if (work > HOST_FALLBACK_WORK) {
              finish({
                kind: 'failed',
                message: `no worker could start (${why}), and this is too much work (about ${work.toExponential(1)} multiply–adds) to do without freezing the editor`,
              });
              return;
            }
            log.warn(`dynamics worker unavailable (${why}); a small request runs on the host`);
            setTimeout(() => runDynamicsJob(request, onReply), 0);
          };
          try {
            job = startWorkerJob<DynamicsRequest, DynamicsReply>(
              extensionUri,
              'dynamicsWorker',
              request,
              onReply,
              fallback,
            );
          } catch (e) {
            fallback(e instanceof Error ? e.message : String(e));
          }
          token.onCancellationRequested(() => finish({ kind: 'cancelled' }));
        }),
    ),
  );
}
