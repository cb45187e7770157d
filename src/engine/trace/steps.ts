// The navigable timeline of a run: `buildSteps` lists every equation a person steps through, in
// the order the engine evaluates them; the navigation helpers give the stepper its three levels
// (equation, timestep group, phase).
//
// Order: forward t = 1…T, the loss, backward t = T…1, clip, update. Step kinds (STEP_KINDS,
// stepDetails.ts):
//   forward   rnn  a, h, y, p (cross-entropy only), loss (only where t has a target)
//             lstm i, f, g, o, c, h, y, p, loss      gru  r, z, n, h, y, p, loss
//   loss      total (L = Σ ℓ_t, or the mean over the steps that have a target)
//   backward  every cell: dy, dWy (accumulate ∂L/∂W_hy, ∂L/∂b_y), dh (δh_t = W_hyᵀ δy_t + δh_t^next)
//             rnn  da, dW, dhprev
//             lstm dc, da_o, da_i, da_f, da_g, dW, dhprev (δh_{t−1} and δc_{t−1})
//             gru  da_n, da_z, dhn (δm_t), da_r, dW, dhprev
//   clip      clip: always present — without clipNorm it still shows ‖g‖ and the factor 1, since
//             ‖g‖ is worth seeing (exploding gradients) whether or not it is clipped
//   update    one step per parameter, kind = its name, in PARAM_NAMES order
// The step list depends only on the model's shape (cell, loss, T, which steps have targets), so
// an edit that changes only numbers keeps every step id, and the cursor with it.
//
// Memory. A step stores only its index, phase, t and kind (about 32 bytes); its id is derived, and
// its title, reads and writes are built for its whole timestep group when first asked for
// (stepDetails.ts), the last group kept. A million steps (T = 100 000) then cost tens of
// megabytes instead of hundreds, and build in a fraction of the time.

import type { Model } from '../model';
import type { Phase, Step, TensorRef } from './trace';
import { groupDetails, groupKinds, type StepDetail } from './stepDetails';

/** Builds a group's details on demand and keeps the last group (steps are read group by group). */
class DetailCache {
  private phase: Phase | null = null;
  private t: number | null = null;
  private details: StepDetail[] = [];

  constructor(private readonly model: Model) {}

  get(step: Step): StepDetail {
    if (step.phase !== this.phase || step.t !== this.t) {
      this.details = groupDetails(this.model, step.phase, step.t);
      this.phase = step.phase;
      this.t = step.t;
    }
    const found = this.details.find((x) => x.kind === step.kind);
    if (!found) throw new Error(`no step ${step.kind} in ${step.phase} t=${String(step.t)}`);
    return found;
  }
}

/** A step of the timeline; title, reads and writes come from the group's details on demand. */
class TimelineStep implements Step {
  constructor(
    readonly index: number,
    readonly phase: Phase,
    readonly t: number | null,
    readonly kind: string,
    private readonly cache: DetailCache,
  ) {}

  get id(): string {
    return `${this.phase}:${this.t ?? ''}:${this.kind}`;
  }
  get title(): string {
    return this.cache.get(this).title;
  }
  get reads(): readonly TensorRef[] {
    return this.cache.get(this).reads;
  }
  get writes(): readonly TensorRef[] {
    return this.cache.get(this).writes;
  }

  /** Every field, as a plain object (JSON and logs see what the interface promises). */
  toJSON(): Step {
    const { index, phase, t, kind, id, title, reads, writes } = this;
    return { index, phase, t, kind, id, title, reads, writes };
  }
}

export function buildSteps(model: Model): Step[] {
  const cache = new DetailCache(model);
  const steps: Step[] = [];
  const group = (phase: Phase, t: number | null): void => {
    for (const kind of groupKinds(model, phase, t)) steps.push(new TimelineStep(steps.length, phase, t, kind, cache));
  };
  const T = model.steps;
  for (let t = 1; t <= T; t++) group('forward', t);
  group('loss', null);
  for (let t = T; t >= 1; t--) group('backward', t);
  group('clip', null);
  group('update', null);
  return steps;
}
