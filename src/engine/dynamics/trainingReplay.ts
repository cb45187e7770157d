// Training you can step into: any iteration of a training run, reproduced exactly, so that the
// stepper can show that iteration's forward and backward pass without every trace being kept.
//
// Training is deterministic (optimize.ts: one heap, the same arithmetic every time), so iteration k
// is fully described by the weights it started from, and those are what k steps of train produce.
// Stopping and restarting train changes nothing — the weights leave one heap and enter the next as
// the same float64s — so a run can be recorded in chunks with a copy of the weights every `every`
// steps (checkpoints), and iteration k is then at most `every` steps away from a checkpoint.

import { cloneParams, type Model, type Tensor } from '../model';
import { train, withParams, type TrainDivergence, type TrainOptions } from '../compute/optimize';

export interface TrainingRecord {
  /** Per step, as TrainResult: loss before the update, ‖g‖ before clipping, clip factor, η. */
  readonly losses: number[];
  readonly gradNorms: number[];
  readonly clipFactors: number[];
  readonly learningRates: number[];
  /** The weights before step k, for k = 0, every, 2·every, … (below the number of steps run). */
  readonly checkpoints: ReadonlyMap<number, Readonly<Record<string, Tensor>>>;
  readonly every: number;
  /** The weights after the last step. */
  readonly params: Record<string, Tensor>;
  /** The first divergent step when `options.stopOnNonFinite` stopped the run there, else null. */
  readonly divergence: TrainDivergence | null;
}

/** `steps` training steps of `model` (exactly train's numbers), with a checkpoint every `every`
 *  steps. `onStep` as train's, with the step counted from the start of the whole run. */
export function trainWithCheckpoints(
  model: Model,
  steps: number,
  every: number,
  onStep?: Parameters<typeof train>[2],
  options: TrainOptions = {},
): TrainingRecord {
  if (!Number.isInteger(every) || every < 1) throw new Error(`checkpoints every ${every} steps: must be ≥ 1`);
  const losses: number[] = [],
    gradNorms: number[] = [],
    clipFactors: number[] = [],
    learningRates: number[] = [];
  const checkpoints = new Map<number, Readonly<Record<string, Tensor>>>();
  let params = cloneParams(model.params);
  let done = 0;
  let divergence: TrainDivergence | null = null;
  while (done < steps) {
    checkpoints.set(done, params);
    const base = done;
    const chunk = Math.min(every, steps - done);
    let stopped = false;
    const r = train(
      withParams(model, params),
      chunk,
      (k, loss, stats) => {
        if (onStep && onStep(base + k, loss, stats) === false) {
          stopped = true;
          return false;
        }
      },
      options,
    );
    losses.push(...r.losses);
    gradNorms.push(...r.gradNorms);
    clipFactors.push(...r.clipFactors);
    learningRates.push(...r.learningRates);
    params = r.params;
    if (r.divergence) divergence = { ...r.divergence, step: base + r.divergence.step };
    done += r.losses.length;
    if (stopped || (options.stopOnNonFinite && r.divergence)) break;
  }
  return { losses, gradNorms, clipFactors, learningRates, checkpoints, every, params, divergence };
}

/** The model whose single run (runModel) is iteration k (0-based) of training `model`: the weights
 *  that step started from. From the nearest checkpoint of `record` when given, else from the start. */
export function iterationModel(model: Model, k: number, record?: TrainingRecord): Model {
  if (!Number.isInteger(k) || k < 0) throw new Error(`iteration ${k}: must be an integer ≥ 0`);
  if (record && k >= record.losses.length)
    throw new Error(`iteration ${k + 1} was not run (the record has ${record.losses.length} steps)`);
  let from = 0;
  let params: Readonly<Record<string, Tensor>> = model.params;
  if (record) {
    from = Math.floor(k / record.every) * record.every;
    params = record.checkpoints.get(from) ?? model.params;
    if (!record.checkpoints.has(from)) from = 0;
  }
  if (k === from) return withParams(model, cloneParams(params));
  return withParams(model, train(withParams(model, params), k - from).params);
}
