// What "RNN: Check Gradients" says (gradientCheckCommand.ts), without vscode so the unit tests read
// it: the largest error and where it is, and, when the error is not a number, why — the engine's
// note on the entry ("finite differences overflow at this magnitude: …", gradcheck.ts, the CLI's
// words too) and the run's own first non-finite value when it has one (nonFiniteSentence).

import type { GradCheckEntry, GradCheckResult } from '../../engine/compute/gradcheck';
import { PARAM_NAMES, type Model } from '../../engine/model';
import { nonFiniteSentence } from '../../engine/trace/nonFinite';

/** An error above this means the analytic gradient is wrong (see gradcheck.ts for the scale). */
export const GRADCHECK_TOLERANCE = 1e-6;
/** Entries probed at most (two forward passes each): enough to catch a wrong formula, quick on the host. */
export const GRADCHECK_MAX_ENTRIES = 600;

/** The entries per tensor to probe so the whole check stays within GRADCHECK_MAX_ENTRIES. */
export function entriesPerTensor(model: Model): number | undefined {
  const tensors = [
    ...PARAM_NAMES[model.cell].map((n) => model.params[n].data.length),
    model.hiddenSize,
    ...(model.c0 ? [model.hiddenSize] : []),
  ];
  const total = tensors.reduce((a, b) => a + b, 0);
  return total <= GRADCHECK_MAX_ENTRIES ? undefined : Math.max(1, Math.floor(GRADCHECK_MAX_ENTRIES / tensors.length));
}

function where(e: GradCheckEntry): string {
  return `${e.name}[${e.index}] (analytic ${e.analytic}, finite difference ${e.numeric})`;
}

export function checkMessage(r: GradCheckResult): { ok: boolean; text: string } {
  const ok = r.maxError <= GRADCHECK_TOLERANCE;
  const worst = r.worst ? `; largest at ${where(r.worst)}` : '';
  const head = ok ? 'Gradients check out' : 'Gradient check FAILED';
  const note = !ok && r.worst?.note ? `: ${r.worst.note}` : '';
  const run = r.nonFinite ? ` The run itself computes a ${nonFiniteSentence(r.nonFinite)}.` : '';
  return {
    ok,
    text: `RNN: ${head}: max relative error ${r.maxError.toExponential(2)} over ${r.checked} entries (ε = ${r.eps})${worst}${note}.${run}`,
  };
}
