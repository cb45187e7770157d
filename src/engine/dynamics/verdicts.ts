// What the flow and connectivity matrices say, as data: which row is read, how much of the gradient
// (or dependence) survives from its own step back to step 1, and whether that is vanishing,
// exploding or neither. sentences.ts turns these into words; the panel can draw from them too.
//
// The row read is the last step with a target — the longest way back, and for a many-to-one model
// the only one. Its ratio ‖∂ℓ_t/∂h_1‖ / ‖∂ℓ_t/∂h_t‖ is the whole shrinkage (or growth) over t − 1
// steps, and ratio^(1/(t−1)) the average factor per step. Thresholds: below 10⁻² (less than 1% of
// the gradient reaches step 1) is vanishing, above 10² exploding (docs/DYNAMICS.md).

import type { ConnectivityMatrix } from './connectivity';
import type { FlowMatrix } from './gradientFlow';

export const VANISHING_BELOW = 1e-2;
export const EXPLODING_ABOVE = 1e2;
/** "Reach": how far back a gradient (a dependence) keeps at least this share of its own size. */
export const REACH_SHARE = 1e-2;

export type FlowVerdict = 'vanishing' | 'exploding' | 'stable' | 'short' | 'no-loss' | 'no-gradient' | 'non-finite';

export interface FlowSummary {
  readonly verdict: FlowVerdict;
  /** The row read (1-based step), null without targets. */
  readonly t: number | null;
  /** ‖∂ℓ_t/∂h_1‖ / ‖∂ℓ_t/∂h_t‖ (NaN when not defined). */
  readonly ratio: number;
  /** ratio^(1/(t−1)): the average factor per step back. */
  readonly perStep: number;
  /** The earliest k ≥ 1 such that ‖∂ℓ_t/∂h_j‖ ≥ REACH_SHARE · ‖∂ℓ_t/∂h_t‖ for every j = k…t. */
  readonly reach: number | null;
  /** For 'non-finite': the first (t, k) whose norm is NaN or infinite, scanning t then k. */
  readonly nonFiniteAt: { readonly t: number; readonly k: number } | null;
}

export function summarizeFlow(flow: FlowMatrix): FlowSummary {
  const { T, values, hasRow } = flow;
  const at = (t: number, k: number): number => values[(t - 1) * (T + 1) + k];
  const none = { ratio: NaN, perStep: NaN, reach: null, nonFiniteAt: null };
  for (let t = 1; t <= T; t++) {
    if (!hasRow[t - 1]) continue;
    for (let k = 0; k <= t; k++)
      if (!Number.isFinite(at(t, k))) return { ...none, verdict: 'non-finite', t, nonFiniteAt: { t, k } };
  }
  let t = T;
  while (t >= 1 && !(hasRow[t - 1] && at(t, t) > 0)) t--;
  if (t < 1) {
    const any = hasRow.some((x) => x === 1);
    return { ...none, verdict: any ? 'no-gradient' : 'no-loss', t: any ? lastRow(hasRow) : null };
  }
  if (t === 1) return { ...none, verdict: 'short', t, reach: 1 };
  const ratio = at(t, 1) / at(t, t);
  const perStep = Math.pow(ratio, 1 / (t - 1));
  let reach = t;
  while (reach > 1 && at(t, reach - 1) >= REACH_SHARE * at(t, t)) reach--;
  const verdict: FlowVerdict = ratio < VANISHING_BELOW ? 'vanishing' : ratio > EXPLODING_ABOVE ? 'exploding' : 'stable';
  return { verdict, t, ratio, perStep, reach, nonFiniteAt: null };
}

function lastRow(hasRow: Uint8Array): number {
  for (let t = hasRow.length; t >= 1; t--) if (hasRow[t - 1]) return t;
  return 0;
}

export interface ConnectivitySummary {
  /** The output read: step T. */
  readonly t: number;
  /** The input it depends on most, and that norm. */
  readonly strongest: number;
  readonly strongestNorm: number;
  /** ‖∂y_T/∂x_1‖ / ‖∂y_T/∂x_strongest‖. */
  readonly ratio: number;
  /** The earliest k with ‖∂y_T/∂x_k‖ ≥ REACH_SHARE · the strongest (null when all are 0). */
  readonly reach: number | null;
  readonly finite: boolean;
}

export function summarizeConnectivity(conn: ConnectivityMatrix): ConnectivitySummary {
  const { T, values } = conn;
  const row = values.subarray((T - 1) * T, T * T);
  let strongest = 1,
    finite = true;
  for (let k = 1; k <= T; k++) {
    if (!Number.isFinite(row[k - 1])) finite = false;
    if (row[k - 1] > row[strongest - 1]) strongest = k;
  }
  const top = row[strongest - 1];
  let reach: number | null = null;
  if (top > 0) {
    reach = 1;
    while (row[reach - 1] < REACH_SHARE * top) reach++;
  }
  return { t: T, strongest, strongestNorm: top, ratio: top > 0 ? row[0] / top : NaN, reach, finite };
}
