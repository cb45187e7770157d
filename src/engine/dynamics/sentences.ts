// One plain sentence for each measurement of the dynamics (gradient flow, connectivity, spectral
// radius, saturation), built from the data of verdicts.ts, recurrentSpectra.ts and saturation.ts —
// the same words in the CLI and the panel. Numbers are rounded for reading (2 significant digits);
// the exact values are in the data.

import type { Activation, CellKind } from '../model';
import type { ConnectivitySummary, FlowSummary } from './verdicts';
import type { MatrixSpectrum } from './recurrentSpectra';
import type { GateSaturation } from './saturation';

const SUPERSCRIPT: Readonly<Record<string, string>> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** A factor for reading: 0.59, 0.0044, 1.7, 250 — or 3.2·10⁻⁷ / 10⁻⁶ outside [10⁻³, 10⁴). */
export function readableFactor(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e4) return String(Number(x.toPrecision(2))).replace('-', '−');
  const [mant, exp] = x.toExponential(1).split('e');
  const power = `10${[...String(Number(exp))].map((c) => SUPERSCRIPT[c] ?? c).join('')}`;
  return mant === '1.0' ? power : mant === '-1.0' ? `−${power}` : `${mant.replace('-', '−')}·${power}`;
}

/** A share as a percentage for reading: 62%, 0.4%, <0.1%, 0%. */
export function readablePercent(x: number): string {
  if (x === 0) return '0%';
  const p = 100 * x;
  if (p < 0.1) return '<0.1%';
  return p < 1 ? `${p.toFixed(1)}%` : `${Math.round(p)}%`;
}

export function flowSentence(s: FlowSummary): string {
  switch (s.verdict) {
    case 'no-loss':
      return 'No step has a target, so there is no loss whose gradient could flow back.';
    case 'no-gradient':
      return `The loss has a zero gradient at every step with a target (a perfect prediction, or a zero output layer): nothing flows back.`;
    case 'non-finite':
      return `The gradient of the loss at step ${s.nonFiniteAt?.t} is not finite (NaN or ±∞) by step ${s.nonFiniteAt?.k}: the run itself has diverged.`;
    case 'short':
      return 'The only loss is at step 1: there is no earlier step for its gradient to flow back to.';
    case 'vanishing': {
      const how = s.ratio < 1e-6 ? 'cannot learn' : 'can hardly learn';
      return (
        `The gradient from step ${s.t} shrinks by ${readableFactor(s.ratio)} before it reaches step 1 ` +
        `(×${readableFactor(s.perStep)} per step): the model ${how} this dependency; it keeps 1% of its ` +
        `size only back to step ${s.reach}.`
      );
    }
    case 'exploding':
      return (
        `The gradient from step ${s.t} grows by ${readableFactor(s.ratio)} before it reaches step 1 ` +
        `(×${readableFactor(s.perStep)} per step): it explodes — clip it (train.clipNorm) or make the ` +
        `recurrent weights smaller.`
      );
    case 'stable':
      return (
        `The gradient from step ${s.t} reaches step 1 at ${readableFactor(s.ratio)} of its size ` +
        `(×${readableFactor(s.perStep)} per step): a dependency across the whole sequence can be learned.`
      );
    default: {
      const never: never = s.verdict;
      throw new Error(`unknown verdict ${String(never)}`);
    }
  }
}

/** `skipped`: the work and limit when the connectivity was left out for its cost. */
export function connectivitySentence(
  s: ConnectivitySummary | null,
  skipped: { readonly work: number; readonly limit: number } | null,
): string {
  if (s === null)
    return skipped
      ? `The connectivity was not computed: it would take ${skipped.work.toExponential(1)} multiply–adds, more than the limit of ${skipped.limit.toExponential(0)}.`
      : 'The connectivity was not computed.';
  if (!s.finite) return `The output at step ${s.t} depends on its inputs through non-finite numbers (NaN or ±∞).`;
  if (s.strongestNorm === 0) return `The output at step ${s.t} does not depend on any input (every Jacobian is 0).`;
  if (s.t === 1) return 'The output at step 1 depends only on the input at step 1.';
  return (
    `The output at step ${s.t} depends on the input at step 1 ${readableFactor(s.ratio)} times as strongly ` +
    `as on its strongest input (step ${s.strongest}); inputs from step ${s.reach} on count for at least 1% of that.`
  );
}

export function spectralSentence(
  cell: CellKind,
  activation: Activation,
  spectra: Readonly<Record<string, MatrixSpectrum>>,
): string {
  const names = Object.keys(spectra);
  if (names.some((n) => !Number.isFinite(spectra[n].radius)))
    return 'A recurrent matrix has a non-finite entry: its spectral radius is not defined.';
  if (cell !== 'rnn') {
    const list = names.map((n) => `${n} ${readableFactor(spectra[n].radius)}`).join(', ');
    const why =
      cell === 'lstm'
        ? 'the cell state passes gradients back multiplied only by the forget gate'
        : 'h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1} passes gradients back multiplied by the update gate';
    return `Spectral radius of each recurrent block: ${list}. In ${cell === 'lstm' ? 'an LSTM' : 'a GRU'} the gates, not these blocks alone, decide how far gradients reach: ${why}.`;
  }
  const { radius: rho, norm } = spectra.W_hh;
  const act = activation === 'tanh' ? 'tanh′' : 'relu′';
  const r = readableFactor(rho),
    n = readableFactor(norm);
  if (norm < 1)
    return `ρ(W_hh) = ${r} and ‖W_hh‖₂ = ${n} < 1: every step back multiplies the gradient by at most ${n} (${act} ≤ 1), so it vanishes whatever the inputs.`;
  if (rho < 1)
    return `ρ(W_hh) = ${r} < 1: powers of W_hh shrink by about ${r} per step, and ${act} ≤ 1 only shrinks them more — long-range gradients tend to vanish (‖W_hh‖₂ = ${n} lets a few steps grow).`;
  return `ρ(W_hh) = ${r} > 1: powers of W_hh grow by about ${r} per step, so gradients can explode unless ${act} keeps them down (${activation === 'tanh' ? 'saturated units' : 'inactive units'}).`;
}

export function saturationSentence(cell: CellKind, sat: Readonly<Record<string, GateSaturation>>): string {
  const gates = Object.keys(sat);
  if (gates.length === 0) return 'A relu rnn has no saturating nonlinearity (relu′ is 0 or 1).';
  if (cell === 'rnn') {
    const h = sat.h;
    if (h.fraction === 0)
      return 'No value of h_t is saturated (|h| > 0.95): tanh′ ≥ 0.1 everywhere, so no unit blocks the gradient.';
    return `h_t is saturated (|h| > 0.95) in ${readablePercent(h.fraction)} of its values; there tanh′ < 0.1 and the gradient through those units nearly stops.`;
  }
  const list = gates.map((g) => `${g} ${readablePercent(sat[g].fraction)}`).join(', ');
  let worst = gates[0];
  for (const g of gates) if (sat[g].fraction > sat[worst].fraction) worst = g;
  const w = sat[worst];
  const lead = `Saturated (σ < 0.05 or > 0.95, tanh beyond ±0.95): ${list}.`;
  if (w.fraction === 0) return `${lead} No gate is stuck: every gate still learns.`;
  if (cell === 'lstm' && worst === 'f' && w.high >= w.low)
    return `${lead} The forget gate is mostly open (above 0.95 in ${readablePercent(w.high)}): the cell state carries gradients far back, nearly unchanged.`;
  const side =
    w.kind === 'sigmoid'
      ? `${readablePercent(w.low)} below 0.05, ${readablePercent(w.high)} above 0.95`
      : `${readablePercent(w.low)} below −0.95, ${readablePercent(w.high)} above 0.95`;
  return `${lead} Gate ${worst} is the most saturated (${side}): there its derivative is nearly 0, so its weights barely learn.`;
}
