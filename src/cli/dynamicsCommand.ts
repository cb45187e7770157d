// `rnn-step dynamics FILE [--json]`: why the model learns or doesn't (engine/dynamics/dynamics.ts).
// JSON: {"lossToHidden": rows t = 1…T of ‖∂ℓ_t/∂h_k‖ for k = 0…T (null for a step without a
// target), "outputToInput": rows t of ‖∂y_t/∂x_k‖_F for k = 1…T (null when left out for its cost),
// "spectralRadius": {W: ρ}, "saturation": {gate: fraction}, then the details (spectral norms,
// saturation sides, verdicts, the sentences, the work done). Text: the same, rounded, with the
// sentences; a long sequence shows the row that the sentence reads rather than the whole matrix.
// Exit 1 on an invalid file or one too long to analyse.

import { analyzeDynamics, dynamicsRefusal, type Dynamics } from '../engine/dynamics/dynamics';
import { fmtPlain } from '../engine/equations/latex';
import type { Model } from '../engine/model';
import type { Invocation } from './args';
import type { CliIo } from './commands';
import { load } from './loadModel';
import { describe, table } from './output';
import { printJson } from './printJson';

/** Up to this many timesteps the text shows whole matrices. */
const WHOLE_MATRIX = 12;

export function dynamicsCommand(io: CliIo, inv: Invocation): number {
  const model = load(io, inv.file, 'err');
  if (!model) return 1;
  const refusal = dynamicsRefusal(model);
  if (refusal) {
    io.err(`rnn-step: ${inv.file}: cannot analyse the dynamics: ${refusal}`);
    return 1;
  }
  const d = analyzeDynamics(model);
  if (d.connectivitySkipped) io.err(`rnn-step: ${inv.file}: ${d.sentences.connectivity}`);
  if (inv.json) printJson(io, inv.file, dynamicsJson(d));
  else io.out(dynamicsText(model, d));
  return 0;
}

/** The JSON contract of `dynamics --json`. */
export function dynamicsJson(d: Dynamics): Record<string, unknown> {
  const { T, values, hasRow } = d.flow;
  const lossToHidden = Array.from({ length: T }, (_, i) =>
    hasRow[i] ? Array.from(values.subarray(i * (T + 1), (i + 1) * (T + 1))) : null,
  );
  const c = d.connectivity;
  const outputToInput = c
    ? Array.from({ length: T }, (_, i) => Array.from(c.values.subarray(i * T, (i + 1) * T)))
    : null;
  const spectralRadius: Record<string, number> = {},
    spectralNorm: Record<string, number> = {};
  for (const [name, s] of Object.entries(d.spectra)) {
    spectralRadius[name] = s.radius;
    spectralNorm[name] = s.norm;
  }
  const saturation: Record<string, number> = {},
    saturationSides: Record<string, { low: number; high: number }> = {};
  for (const [gate, s] of Object.entries(d.saturation)) {
    saturation[gate] = s.fraction;
    saturationSides[gate] = { low: s.low, high: s.high };
  }
  return {
    lossToHidden,
    outputToInput,
    spectralRadius,
    saturation,
    spectralNorm,
    saturationSides,
    verdicts: { flow: d.flowSummary, connectivity: d.connectivitySummary },
    sentences: d.sentences,
    multiplyAdds: { lossToHidden: d.flow.multiplyAdds, outputToInput: c ? c.multiplyAdds : null },
  };
}

/** 3 significant digits; powers of ten beyond [10⁻³, 10⁴) (gradients span hundreds of them). */
const f3 = (x: number): string => {
  const a = Math.abs(x);
  return a !== 0 && Number.isFinite(a) && (a < 1e-3 || a >= 1e4) ? x.toExponential(2) : fmtPlain(x, 3);
};

function dynamicsText(model: Model, d: Dynamics): string {
  const T = model.steps;
  const lines = [`${model.name} — ${describe(model)}`, ''];
  lines.push('gradient flow ‖∂ℓ_t/∂h_k‖ (how much the loss at step t depends on the hidden state h_k)');
  const flowAt = (t: number, k: number): number => d.flow.values[(t - 1) * (T + 1) + k];
  if (T <= WHOLE_MATRIX) {
    const rows = [['t \\ k', ...Array.from({ length: T + 1 }, (_, k) => String(k))]];
    for (let t = 1; t <= T; t++)
      rows.push([
        String(t),
        ...Array.from({ length: T + 1 }, (_, k) =>
          !d.flow.hasRow[t - 1] ? (k === 0 ? '(no target)' : '') : k > t ? '·' : f3(flowAt(t, k)),
        ),
      ]);
    lines.push(table(rows));
  } else if (d.flowSummary.t !== null) {
    const t = d.flowSummary.t;
    const ks = spread(0, t);
    lines.push(`  the loss at step ${t}, at ${ks.length} of its ${t + 1} columns:`);
    lines.push(
      table([
        ['k', ...ks.map(String)],
        ['', ...ks.map((k) => f3(flowAt(t, k)))],
      ]),
    );
  }
  lines.push(
    d.sentences.flow,
    '',
    'connectivity ‖∂y_t/∂x_k‖_F (how much the output at step t depends on the input x_k)',
  );
  const c = d.connectivity;
  if (c) {
    const at = (t: number, k: number): number => c.values[(t - 1) * T + (k - 1)];
    if (T <= WHOLE_MATRIX) {
      const rows = [['t \\ k', ...Array.from({ length: T }, (_, k) => String(k + 1))]];
      for (let t = 1; t <= T; t++)
        rows.push([String(t), ...Array.from({ length: T }, (_, k) => (k + 1 > t ? '·' : f3(at(t, k + 1))))]);
      lines.push(table(rows));
    } else {
      const ks = spread(1, T);
      lines.push(`  the output at step ${T}, at ${ks.length} of its ${T} columns:`);
      lines.push(
        table([
          ['k', ...ks.map(String)],
          ['', ...ks.map((k) => f3(at(T, k)))],
        ]),
      );
    }
  }
  lines.push(d.sentences.connectivity, '', 'spectral radius ρ = max |λ| of each recurrent matrix (and its norm ‖·‖₂)');
  lines.push(table(Object.entries(d.spectra).map(([n, s]) => [n, `ρ ${f3(s.radius)}`, `‖·‖₂ ${f3(s.norm)}`])));
  lines.push(d.sentences.spectralRadius, '', 'saturation (share of values where the derivative is nearly 0)');
  const sat = Object.entries(d.saturation);
  if (sat.length > 0)
    lines.push(
      table(
        sat.map(([g, s]) => [
          g,
          `${f3(100 * s.fraction)}%`,
          s.kind === 'sigmoid'
            ? `below 0.05: ${f3(100 * s.low)}%, above 0.95: ${f3(100 * s.high)}%`
            : `below −0.95: ${f3(100 * s.low)}%, above 0.95: ${f3(100 * s.high)}%`,
        ]),
      ),
    );
  lines.push(d.sentences.saturation, '', 'Full precision: rnn-step dynamics FILE --json');
  return lines.join('\n');
}

/** At most 11 evenly spaced integers from lo to hi, both included. */
function spread(lo: number, hi: number): number[] {
  const n = hi - lo;
  if (n <= 10) return Array.from({ length: n + 1 }, (_, i) => lo + i);
  return Array.from({ length: 11 }, (_, i) => lo + Math.round((i * n) / 10));
}
