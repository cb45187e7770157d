// The panel's "Why it learns" data from the engine's analysis (engine/dynamics/dynamics.ts): the
// same numbers and sentences `rnn-step dynamics` prints, in the shape the protocol carries. Pure —
// the training worker (trainingWorker.ts) builds it off the host thread, the tests on theirs.

import type { Model } from '../../engine/model';
import { analyzeDynamics, dynamicsRefusal } from '../../engine/dynamics/dynamics';
import type { DynamicsPayload } from '../../shared/protocol';

/** What the section shows for `model`, or why it cannot (`refused`: too long to analyse). */
export type DynamicsOutcome =
  { readonly kind: 'ready'; readonly data: DynamicsPayload } | { readonly kind: 'refused'; readonly reason: string };

/** `connectivity: 'never'` leaves the (costliest) connectivity out: the first, quick answer. */
export function dynamicsOutcome(model: Model, connectivity: 'auto' | 'never' = 'auto'): DynamicsOutcome {
  const refusal = dynamicsRefusal(model);
  if (refusal) return { kind: 'refused', reason: refusal };
  const d = analyzeDynamics(model, { connectivity });
  return {
    kind: 'ready',
    data: {
      T: d.flow.T,
      flow: d.flow.values,
      flowRows: Array.from(d.flow.hasRow, (v) => v === 1),
      connectivity: d.connectivity ? d.connectivity.values : null,
      spectra: Object.entries(d.spectra).map(([name, sp]) => ({ name, radius: sp.radius, norm: sp.norm })),
      saturation: Object.entries(d.saturation).map(([gate, g]) => ({
        gate,
        kind: g.kind,
        fraction: g.fraction,
        low: g.low,
        high: g.high,
      })),
      sentences: { ...d.sentences },
    },
  };
}
