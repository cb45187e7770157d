// How the CLI writes numbers for reading: rounded, large tensors elided, small tables aligned, a
// model in one line. (JSON, every float64 in full precision, is jsonStream.ts.)

import { PARAM_NAMES, type Model, type Tensor } from '../engine/model';
import { fmtPlain } from '../engine/equations/latex';

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
