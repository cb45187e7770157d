// Downsampling of a training loss curve for the panel. "RNN: Train…" accepts up to a million
// steps and reports all losses so far on every progress event; posting (and drawing) a million
// points ten times a second would stall both sides. Per bucket of consecutive steps we keep the
// lowest and the highest loss, in step order, so spikes and the floor of the curve survive — the
// shape a person reads is the same as the full curve's at any width the panel can draw.

/** At most this many buckets (so at most twice as many points, plus the last one). */
export const LOSS_CURVE_BUCKETS = 1000;

export interface LossCurve {
  /** 0-based training step of each point. */
  readonly steps: number[];
  readonly losses: number[];
}

export function downsampleLosses(losses: readonly number[], buckets = LOSS_CURVE_BUCKETS): LossCurve {
  const n = losses.length;
  if (n <= 2 * buckets) return { steps: losses.map((_, k) => k), losses: [...losses] };
  const steps: number[] = [];
  const out: number[] = [];
  const size = Math.ceil(n / buckets);
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = -1;
    let hi = -1;
    for (let k = start; k < end; k++) {
      const v = losses[k];
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < losses[lo]) lo = k;
      if (hi < 0 || v > losses[hi]) hi = k;
    }
    if (lo < 0) continue;
    for (const k of lo === hi ? [lo] : [Math.min(lo, hi), Math.max(lo, hi)]) {
      steps.push(k);
      out.push(losses[k]);
    }
  }
  // The last loss is the one the person reads as "where training got to": always keep it.
  if (steps[steps.length - 1] !== n - 1 && Number.isFinite(losses[n - 1])) {
    steps.push(n - 1);
    out.push(losses[n - 1]);
  }
  return { steps, losses: out };
}
