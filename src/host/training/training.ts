// "RNN: Train…" runs here: N steps of forward/BPTT/clip/SGD in a worker (trainingWorker.ts) so the
// extension host never stalls, with a progress notification that can cancel (terminates the
// worker), progress published on the session (the panel draws the loss curve from it), and —
// because the person may keep editing while it trains — no silent overwrite at the end: if the
// document changed meanwhile, they choose between "Apply anyway" and "Discard".
//
// Desktop: a Node worker_threads Worker on dist/trainingWorker.js. Web: a Web Worker on
// dist/web/trainingWorker.js (both started by host/workers/startWorker.ts). Should neither start,
// training falls back to short slices on the host thread (each ≤ SLICE_MS, yielding in between) —
// slower, never frozen.

import * as vscode from 'vscode';
import type { Model, Tensor } from '../../engine/model';
import { train, withParams, type TrainDivergence } from '../../engine/compute/optimize';
import { nonFiniteSentence } from '../../engine/trace/nonFinite';
import { lossOf, type TrainReply, type TrainRequest } from './trainingWorker';
import { startWorkerJob } from '../workers/startWorker';
import type { Session, TrainingRecordRef } from '../session/session';
import { checkpointInterval } from './replayPlan';
import type { Logger } from '../log';

/** Longest stretch the host-thread fallback computes before yielding. */
export const SLICE_MS = 15;

export interface Trainer {
  stop(): void;
}

type Reply = (reply: TrainReply) => void;

/** The fallback: the same `train` in slices on this thread (identical numbers: same operations, same
 *  order), keeping a checkpoint at each multiple of the request's checkpointEvery it passes. */
export function startSliced(request: TrainRequest, reply: Reply): Trainer {
  let stopped = false;
  let params: Record<string, Tensor> = request.model.params as Record<string, Tensor>;
  const losses: number[] = [];
  const stats = { gradNorms: [] as number[], clipFactors: [] as number[], learningRates: [] as number[] };
  const every = request.checkpointEvery;
  const checkpoints = new Map<number, Record<string, Tensor>>();
  const slice = () => {
    if (stopped) return;
    try {
      const start = Date.now();
      const from = losses.length;
      if (every !== undefined && from % every === 0) checkpoints.set(from, params);
      // A slice ends at the next checkpoint, so that every checkpoint is the weights of a slice's start.
      const left =
        every === undefined
          ? request.steps - from
          : Math.min(request.steps, (Math.floor(from / every) + 1) * every) - from;
      const r = train(withParams(request.model, params), left, () => Date.now() - start < SLICE_MS, {
        stopOnNonFinite: true,
      });
      params = r.params;
      for (const l of r.losses) losses.push(l);
      stats.gradNorms.push(...r.gradNorms);
      stats.clipFactors.push(...r.clipFactors);
      stats.learningRates.push(...r.learningRates);
      const part = {
        gradNorms: r.gradNorms,
        clipFactors: r.clipFactors,
        learningRates: r.learningRates,
      };
      if (r.divergence) {
        // Counted from the start of training, not of this slice.
        const divergence = { ...r.divergence, step: from + r.divergence.step };
        const kept = every === undefined ? {} : { checkpoints, checkpointEvery: every };
        reply({ type: 'diverged', losses, divergence, stats, ...kept });
      } else if (losses.length < request.steps) {
        reply({ type: 'progress', from, losses: r.losses, stats: part });
        setTimeout(slice, 0);
      } else {
        const kept = every === undefined ? {} : { checkpoints, checkpointEvery: every };
        reply({ type: 'done', losses, params, finalLoss: lossOf(request.model, params), stats, ...kept });
      }
    } catch (e) {
      reply({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  };
  setTimeout(slice, 0);
  return { stop: () => (stopped = true) };
}

export type TrainOutcome =
  | {
      readonly kind: 'done';
      readonly losses: readonly number[];
      readonly params: Record<string, Tensor>;
      readonly finalLoss: number;
    }
  /** Stopped at a step that is not finite; no weights (they would be NaN or ±Infinity). */
  | { readonly kind: 'diverged'; readonly losses: readonly number[]; readonly divergence: TrainDivergence }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'failed'; readonly message: string };

/** Trains `model` for `steps` steps with a progress notification; publishes progress on `session`. */
export async function trainWithProgress(
  extensionUri: vscode.Uri,
  session: Session,
  model: Model,
  steps: number,
  log: Logger,
): Promise<TrainOutcome> {
  const losses: number[] = [];
  const gradNorms: number[] = [];
  const clipFactors: number[] = [];
  const learningRates: number[] = [];
  let runner: 'worker' | 'host' = 'worker';
  const report = (
    state: 'running' | 'done' | 'diverged' | 'cancelled' | 'failed',
    extra: {
      finalLoss?: number;
      error?: string;
      divergence?: { step: number; sentence: string };
      record?: TrainingRecordRef;
      divergedAt?: number | null;
    } = {},
  ) =>
    session.reportTraining({
      state,
      step: losses.length,
      total: steps,
      losses,
      gradNorms,
      clipFactors,
      learningRates,
      runner,
      ...extra,
    });
  const refill = (into: number[], from: readonly number[]) => {
    into.length = 0;
    for (const v of from) into.push(v);
  };
  report('running');
  const title = `RNN: training “${model.name}” for ${steps} step${steps === 1 ? '' : 's'}`;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (progress, token) =>
      new Promise<TrainOutcome>((resolve) => {
        let settled = false;
        // What a 'done' reply leaves for "Step into iteration".
        let record: TrainingRecordRef | undefined;
        const finish = (outcome: TrainOutcome) => {
          if (settled) return;
          settled = true;
          trainer?.stop();
          if (outcome.kind === 'done') {
            refill(losses, outcome.losses);
            report('done', { finalLoss: outcome.finalLoss, record: record ?? undefined, divergedAt: null });
          } else if (outcome.kind === 'diverged') {
            refill(losses, outcome.losses);
            const { step, nonFinite } = outcome.divergence;
            report('diverged', {
              divergence: { step, sentence: nonFiniteSentence(nonFinite) },
              divergedAt: step,
              record: record ?? undefined,
            });
          } else
            report(
              outcome.kind === 'cancelled' ? 'cancelled' : 'failed',
              outcome.kind === 'failed' ? { error: outcome.message } : {},
            );
          resolve(outcome);
        };
        const onReply: Reply = (reply) => {
          if (settled) return;
          switch (reply.type) {
            case 'progress': {
              for (const l of reply.losses) losses.push(l);
              if (reply.stats) {
                for (const v of reply.stats.gradNorms) gradNorms.push(v);
                for (const v of reply.stats.clipFactors) clipFactors.push(v);
                for (const v of reply.stats.learningRates) learningRates.push(v);
              }
              const last = losses[losses.length - 1];
              progress.report({
                increment: (100 * reply.losses.length) / steps,
                message: `step ${losses.length} of ${steps} · loss ${Number(last.toPrecision(5))}`,
              });
              report('running');
              break;
            }
            case 'done':
              if (reply.stats) {
                refill(gradNorms, reply.stats.gradNorms);
                refill(clipFactors, reply.stats.clipFactors);
                refill(learningRates, reply.stats.learningRates);
              }
              if (reply.checkpoints && reply.checkpointEvery !== undefined)
                record = { model, every: reply.checkpointEvery, checkpoints: reply.checkpoints };
              finish({ kind: 'done', losses: reply.losses, params: reply.params, finalLoss: reply.finalLoss });
              break;
            case 'diverged':
              if (reply.stats) {
                refill(gradNorms, reply.stats.gradNorms);
                refill(clipFactors, reply.stats.clipFactors);
                refill(learningRates, reply.stats.learningRates);
              }
              // The steps up to the divergent one can be stepped into (their weights are finite).
              if (reply.checkpoints && reply.checkpointEvery !== undefined)
                record = { model, every: reply.checkpointEvery, checkpoints: reply.checkpoints };
              finish({ kind: 'diverged', losses: reply.losses, divergence: reply.divergence });
              break;
            case 'error':
              log.error(`training “${model.name}” (${session.uri.toString()}) failed: ${reply.message}`);
              finish({ kind: 'failed', message: reply.message });
              break;
            default: {
              const never: never = reply;
              return never;
            }
          }
        };
        const request: TrainRequest = {
          type: 'train',
          model,
          steps,
          checkpointEvery: checkpointInterval(model, steps),
        };
        let trainer: Trainer | undefined;
        const fallback = (why: string) => {
          if (settled) return;
          log.warn(`training worker unavailable (${why}); training on the host in ${SLICE_MS} ms slices`);
          runner = 'host';
          trainer = startSliced(request, onReply);
        };
        try {
          trainer = startWorkerJob<TrainRequest, TrainReply>(
            extensionUri,
            'trainingWorker',
            request,
            onReply,
            fallback,
          );
        } catch (e) {
          fallback(e instanceof Error ? e.message : String(e));
        }
        token.onCancellationRequested(() => finish({ kind: 'cancelled' }));
      }),
  );
}
