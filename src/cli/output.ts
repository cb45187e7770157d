// How the CLI writes numbers. JSON: every float64 in full precision (JSON.stringify of the double,
// which round-trips exactly; compact, one line — pipe through jq to read); a non-finite number,
// which JSON cannot hold, becomes null and is counted so the caller can warn — the output is always
// valid JSON. Text: rounded for reading, large tensors elided.

import { PARAM_NAMES, tensorToJson, type Model, type Tensor } from '../engine/model';
import { fmtPlain } from '../engine/equations/latex';

export interface JsonText {
  readonly text: string;
  /** How many NaN / ±Infinity were written as null. */
  readonly nonFinite: number;
}

export function toJson(value: unknown): JsonText {
  let nonFinite = 0;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) {
      nonFinite++;
      return null;
    }
    return v;
  });
  return { text, nonFinite };
}

/** Rows of a T×n series as arrays (a T×n matrix, as the file writes one). */
export function seriesJson(data: Float64Array, T: number, n: number): number[][] {
  return tensorToJson({ shape: [T, n], data }) as number[][];
}

/** Per-step losses with null where the step has no target (the engine stores NaN there). */
export function lossesJson(losses: Float64Array, hasTarget: (t: number) => boolean): (number | null)[] {
  return Array.from(losses, (l, i) => (hasTarget(i + 1) ? l : null));
}

const MAX_SHOWN = 6;

function listText(values: ArrayLike<number>, digits: number): string {
  const n = values.length;
  const idx = n <= MAX_SHOWN ? [...Array(n).keys()] : [0, 1, 2, -1, n - 2, n - 1];
  return idx.map((i) => (i < 0 ? '…' : fmtPlain(values[i], digits))).join(', ');
}

/** A tensor for reading: `[0.1, 0.2]`, `[[…], […]]`, elided beyond six entries per dimension. */
export function tensorText(t: Tensor, digits = 6): string {
  if (t.shape.length === 1) return `[${listText(t.data, digits)}]`;
  const [r, c] = t.shape;
  const rows = r <= MAX_SHOWN ? [...Array(r).keys()] : [0, 1, 2, -1, r - 2, r - 1];
  const body = rows.map((i) => (i < 0 ? '…' : `[${listText(t.data.subarray(i * c, (i + 1) * c), digits)}]`)).join(', ');
  return `[${body}]${r * c > MAX_SHOWN * MAX_SHOWN ? `  (${r}×${c})` : ''}`;
}

/** Left-aligned columns for a small table. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows
    .map(
      (row) =>
        indent +
        row
          .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length)))
          .join('  '),
    )
    .join('\n');
}

/** One line about a model: `rnn (tanh), hidden 1, input 4, output 4, 4 timesteps, 13 parameters`. */
export function describe(m: Model): string {
  const act = m.cell === 'rnn' ? ` (${m.activation})` : '';
  const nParams = PARAM_NAMES[m.cell].reduce((n, p) => n + m.params[p].data.length, 0);
  return `${m.cell}${act}, hidden ${m.hiddenSize}, input ${m.inputSize}, output ${m.outputSize}, ${m.steps} timestep${m.steps === 1 ? '' : 's'}, ${nParams} parameters`;
}
