// "Step into iteration k" without VS Code: where the replay of a training step starts and what it
// asks the worker for. Iteration k (0-based) ran on the weights k steps of training produced; the
// run's record keeps them every `every` steps (checkpointInterval below), so the weights of
// k are the checkpoint at or before k followed by at most every − 1 more steps of the same
// deterministic `train` (engine/dynamics/trainingReplay.ts) — run in the training worker.

import type { Model, Tensor } from '../../engine/model';
import { withParams } from '../../engine/compute/optimize';
import type { TrainingRecordRef } from '../session/session';
import type { TrainRequest } from './trainingWorker';

/** Bytes the checkpoints of one training run may hold (the weights every `every` steps). */
export const CHECKPOINT_BUDGET_BYTES = 64 * 1024 * 1024;

/** Steps between checkpoints of a run of `steps` steps: about 64 checkpoints, fewer when the
 *  weights are large — so "Step into iteration" replays at most that many steps in the worker. */
export function checkpointInterval(model: Model, steps: number): number {
  let doubles = 0;
  for (const t of Object.values(model.params)) doubles += t.data.length;
  const fit = Math.max(1, Math.floor(CHECKPOINT_BUDGET_BYTES / (8 * Math.max(1, doubles))));
  return Math.max(1, Math.ceil(steps / 64), Math.ceil(steps / fit));
}

export interface ReplayPlan {
  /** The checkpoint the replay starts from (a training step, 0-based) and its weights. */
  readonly from: number;
  readonly params: Readonly<Record<string, Tensor>>;
  /** Training steps from the checkpoint to iteration k: null when k is the checkpoint itself. */
  readonly request: TrainRequest | null;
}

/** How to get the weights iteration `k` started from, out of `record` of a run of `total` steps. */
export function replayPlan(record: TrainingRecordRef, k: number, total: number): ReplayPlan {
  if (!Number.isInteger(k) || k < 0 || k >= total)
    throw new Error(`iteration ${k + 1} was not run: the training run has ${total} step${total === 1 ? '' : 's'}`);
  let from = Math.floor(k / record.every) * record.every;
  // A record always holds step 0 (the starting weights); the nearest kept checkpoint at or below k.
  while (from > 0 && !record.checkpoints.has(from)) from -= record.every;
  const params = record.checkpoints.get(from) ?? record.model.params;
  if (!record.checkpoints.has(from)) from = 0;
  const request: TrainRequest | null =
    k === from ? null : { type: 'train', model: withParams(record.model, params), steps: k - from };
  return { from, params, request };
}

/** The model whose single run is iteration k: the record's model on the replayed weights. */
export function iterationModelOf(record: TrainingRecordRef, params: Readonly<Record<string, Tensor>>): Model {
  return withParams(record.model, params);
}
