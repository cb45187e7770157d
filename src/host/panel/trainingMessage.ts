// The panel's 'training' message from a training run's progress (session.ts TrainingProgress): the
// loss curve and the per-step statistics (‖g‖, clip factor, η), each downsampled for drawing
// (lossCurve.ts), with what is counted over every step — the clipped steps — and whether the run
// can be replayed (Step into iteration).

import type { SeriesCurve, TrainingMessage } from '../../shared/protocol';
import { downsampleLosses } from '../../shared/lossCurve';
import { divergenceText, type TrainingDivergenceView } from './nonFiniteView';

/** A training run's progress as the session reports it (session.ts TrainingProgress). */
export interface TrainingView {
  readonly state: TrainingMessage['state'];
  readonly step: number;
  readonly total: number;
  readonly losses: readonly number[];
  readonly finalLoss?: number;
  readonly error?: string;
  readonly gradNorms?: readonly number[];
  readonly clipFactors?: readonly number[];
  readonly learningRates?: readonly number[];
  readonly divergedAt?: number | null;
  /** The step training stopped at and its first non-finite value (session.ts TrainingProgress). */
  readonly divergence?: TrainingDivergenceView;
  /** Present once the run can be replayed (session.ts TrainingRecordRef). */
  readonly record?: unknown;
}

function seriesCurve(values: readonly number[] | undefined): SeriesCurve | undefined {
  if (!values) return undefined;
  const c = downsampleLosses(values);
  return { steps: c.steps, values: c.losses };
}

/** How many steps clipping scaled down, and the strongest of them (from every step, not the curve). */
function clippedSteps(factors: readonly number[] | undefined): TrainingMessage['clipped'] {
  if (!factors) return null;
  let count = 0;
  let min = 1;
  let at = -1;
  for (let k = 0; k < factors.length; k++) {
    if (!(factors[k] < 1)) continue;
    count++;
    if (factors[k] < min) {
      min = factors[k];
      at = k;
    }
  }
  return count === 0 ? null : { count, min, at };
}

export function trainingMessage(p: TrainingView): TrainingMessage {
  const curve = downsampleLosses(p.losses);
  const gradNorms = seriesCurve(p.gradNorms);
  const clipFactors = seriesCurve(p.clipFactors);
  const learningRates = seriesCurve(p.learningRates);
  return {
    ...(gradNorms ? { gradNorms } : {}),
    ...(clipFactors ? { clipFactors } : {}),
    ...(learningRates ? { learningRates } : {}),
    clipped: clippedSteps(p.clipFactors),
    divergedAt: p.divergedAt ?? null,
    replayable: p.record !== undefined && p.state !== 'running',
    type: 'training',
    state: p.state,
    step: p.step,
    total: p.total,
    losses: curve.losses,
    lossSteps: curve.steps,
    finalLoss: p.finalLoss ?? null,
    error: p.error ?? null,
    divergence: p.divergence ? divergenceText(p.divergence) : null,
  };
}
