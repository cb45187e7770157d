// The training loop off the extension host's thread. Bundled on its own (esbuild.mjs): for desktop
// VS Code as a Node worker_threads script (dist/trainingWorker.js), for the web as a Web Worker
// script (dist/web/trainingWorker.js). Engine only — no vscode here.
//
// Protocol: the host posts one request; for a TrainRequest the worker answers with 'progress'
// messages (the new losses and step statistics since the last message, at most ~10 a second so the
// host's queue never floods) and one 'done', 'diverged' or 'error'. Training stops at the first
// step that is not finite (optimize.ts stopOnNonFinite): its weights would be NaN or ±Infinity, so
// none are sent back — only the losses, the statistics and where it diverged. A DynamicsRequest (the
// panel's "Why it learns" section: gradient flow, connectivity, spectra, saturation) is answered by
// one 'dynamics' or 'error'. Cancelling is the host terminating the worker: nothing to clean up here.

import type { Model, Tensor } from '../../engine/model';
import { train, withParams, type TrainDivergence } from '../../engine/compute/optimize';
import { trainWithCheckpoints } from '../../engine/dynamics/trainingReplay';
import { dynamicsOutcome, type DynamicsOutcome } from '../panel/dynamicsPayload';
import { dynamicsRefusal } from '../../engine/dynamics/dynamics';
import { connectivityWork } from '../../engine/dynamics/connectivity';
import { serveRequests } from '../workers/workerEntry';

export interface TrainRequest {
  readonly type: 'train';
  readonly model: Model;
  readonly steps: number;
  /** Keep a copy of the weights every this many steps, for "Step into iteration" (training.ts
   *  replayPlan.ts checkpointInterval); none when absent. */
  readonly checkpointEvery?: number;
}

export interface DynamicsRequest {
  readonly type: 'dynamics';
  readonly model: Model;
}

export type WorkerRequest = TrainRequest | DynamicsRequest;

/** Step k's statistics (optimize.ts StepStats), one array each, aligned with the losses. */
export interface StepSeries {
  readonly gradNorms: number[];
  readonly clipFactors: number[];
  readonly learningRates: number[];
}

export type TrainReply =
  /** `losses` are the losses of steps `from` … `from + losses.length − 1` (0-based); `stats` theirs. */
  | { readonly type: 'progress'; readonly from: number; readonly losses: number[]; readonly stats?: StepSeries }
  | {
      readonly type: 'done';
      readonly losses: number[];
      readonly params: Record<string, Tensor>;
      readonly finalLoss: number;
      readonly stats?: StepSeries;
      /** The weights before step k, by k (every checkpointEvery steps), when asked for. */
      readonly checkpoints?: ReadonlyMap<number, Readonly<Record<string, Tensor>>>;
      readonly checkpointEvery?: number;
    }
  /** Step `divergence.step` (0-based) was not finite; `losses` (and `stats`) end with its own. */
  | {
      readonly type: 'diverged';
      readonly losses: number[];
      readonly divergence: TrainDivergence;
      readonly stats?: StepSeries;
      readonly checkpoints?: ReadonlyMap<number, Readonly<Record<string, Tensor>>>;
      readonly checkpointEvery?: number;
    }
  | { readonly type: 'error'; readonly message: string };

/** `partial`: the first of two answers, without the connectivity (FLOW_FIRST_WORK). */
export type DynamicsReply =
  | { readonly type: 'dynamics'; readonly outcome: DynamicsOutcome; readonly partial: boolean }
  | { readonly type: 'error'; readonly message: string };

/** Connectivity work (multiply–adds) beyond which the rest is answered first, without it: for
 *  char-rnn-128 the flow matrix takes about 25 ms, the connectivity seconds. */
export const FLOW_FIRST_WORK = 1e8;

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
    const gradNorms: number[] = [];
    const clipFactors: number[] = [];
    const learningRates: number[] = [];
    let sent = 0;
    let last = now();
    const every = request.checkpointEvery ?? Math.max(1, steps);
    const record = trainWithCheckpoints(
      model,
      steps,
      every,
      (_k, loss, s) => {
        losses.push(loss);
        gradNorms.push(s.gradNorm);
        clipFactors.push(s.clipFactor);
        learningRates.push(s.learningRate);
        if (now() - last >= PROGRESS_INTERVAL_MS) {
          const stats = {
            gradNorms: gradNorms.slice(sent),
            clipFactors: clipFactors.slice(sent),
            learningRates: learningRates.slice(sent),
          };
          post({ type: 'progress', from: sent, losses: losses.slice(sent), stats });
          sent = losses.length;
          last = now();
        }
      },
      { stopOnNonFinite: true },
    );
    const stats = { gradNorms: record.gradNorms, clipFactors: record.clipFactors, learningRates: record.learningRates };
    const kept =
      request.checkpointEvery !== undefined ? { checkpoints: record.checkpoints, checkpointEvery: record.every } : {};
    if (record.divergence)
      return post({ type: 'diverged', losses: record.losses, divergence: record.divergence, stats, ...kept });
    post({
      type: 'done',
      losses: record.losses,
      params: record.params,
      finalLoss: lossOf(model, record.params),
      stats,
      ...kept,
    });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

/** Answers a DynamicsRequest: the analysis, or the engine's refusal, or why it failed. */
export function runDynamics(
  request: DynamicsRequest,
  post: (reply: DynamicsReply) => void,
  flowFirst: number = FLOW_FIRST_WORK,
): void {
  try {
    const m = request.model;
    if (dynamicsRefusal(m) === null && connectivityWork(m) > flowFirst)
      post({ type: 'dynamics', outcome: dynamicsOutcome(m, 'never'), partial: true });
    post({ type: 'dynamics', outcome: dynamicsOutcome(m), partial: false });
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

function serve(request: WorkerRequest, post: (reply: TrainReply | DynamicsReply) => void): void {
  if (request.type === 'dynamics') runDynamics(request, post);
  else runTraining(request, post);
}

// Entry: whichever worker this bundle runs in (workers/workerEntry.ts).
serveRequests<WorkerRequest, TrainReply | DynamicsReply>((replyTo) => (request) => serve(request, replyTo));
