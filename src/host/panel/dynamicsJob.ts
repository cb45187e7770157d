// The panel's dynamics computed in the training worker (trainingWorker.ts 'dynamics' request), so
// that the extension host never stalls: char-rnn-128's flow matrix alone is about eleven forward +
// backward passes, its connectivity far more. Without a worker only a model whose flow matrix is
// cheap (under HOST_WORK multiply–adds, a few milliseconds) is analysed on the host thread.

import type * as vscode from 'vscode';
import { flowWork } from '../../engine/dynamics/dynamics';
import { connectivityWork } from '../../engine/dynamics/connectivity';
import type { DynamicsReply, DynamicsRequest } from '../training/trainingWorker';
import { startWorkerJob, type WorkerJob } from '../workers/startWorker';
import { analyseHere, type Analyser } from './dynamicsFeed';
import type { DynamicsOutcome } from './dynamicsPayload';
import type { Logger } from '../log';

/** Multiply–adds the host thread may spend on the dynamics when no worker starts. */
export const HOST_WORK = 2e5;

export function workerAnalyser(extensionUri: vscode.Uri, log: Pick<Logger, 'warn'>): Analyser {
  return (model, partial) => {
    let trainer: WorkerJob | undefined;
    let cancelled = false;
    const result = new Promise<DynamicsOutcome>((resolve, reject) => {
      const onReply = (reply: DynamicsReply) => {
        if (reply.type === 'dynamics' && reply.partial) return partial(reply.outcome);
        trainer?.stop();
        if (reply.type === 'dynamics') resolve(reply.outcome);
        else reject(new Error(reply.message));
      };
      const fallback = (why: string) => {
        if (cancelled) return;
        const work = flowWork(model) + connectivityWork(model);
        if (work > HOST_WORK) {
          reject(
            new Error(`no worker could start to compute them (${why}), and on this thread they would stall VS Code`),
          );
          return;
        }
        log.warn(`dynamics worker unavailable (${why}); analysing a small model on the host`);
        analyseHere(model, partial).result.then(resolve, reject);
      };
      try {
        trainer = startWorkerJob<DynamicsRequest, DynamicsReply>(
          extensionUri,
          'trainingWorker',
          { type: 'dynamics', model },
          onReply,
          fallback,
        );
      } catch (e) {
        fallback(e instanceof Error ? e.message : String(e));
      }
    });
    return {
      result,
      cancel: () => {
        cancelled = true;
        trainer?.stop();
      },
    };
  };
}
