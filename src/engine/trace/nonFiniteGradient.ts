// When a parameter gradient is not finite although every delta and operand it sums is: the sum
// Σ_{t=T…1} delta_t ⊗ operand_t overflowed along the way. The backward step that did it is the
// first (highest) t at which some element of the running sum stops being finite — a sum that is
// ±Infinity or NaN stays so — found here by re-summing in the engine's own order (stepValues.ts,
// bptt.ts), stopping at that t. Only a run whose gradient did overflow pays for this.

import { paramShape } from '../model';
import { GRAD_SOURCES } from './trace';
import type { RunValues } from './nonFinite';

/** The backward timestep at which a gradient's running sum first overflowed, and where. */
export interface Blowup {
  readonly t: number;
  readonly index: number;
}

export function gradientBlowup(values: RunValues, param: string): Blowup | null {
  const m = values.model;
  const src = GRAD_SOURCES[m.cell][param];
  if (!src) throw new Error(`no parameter ${param} for cell ${m.cell}`);
  const shape = paramShape(param, m.inputSize, m.hiddenSize, m.outputSize);
  const rows = shape[0];
  const cols = shape.length === 2 ? shape[1] : 1;
  const acc = new Float64Array(rows * cols);
  const tokens = src.operand === 'x' && m.inputs.kind === 'tokens' ? m.inputs.ids : null;
  for (let t = m.steps; t >= 1; t--) {
    const delta = values.row(src.delta, t);
    let first = -1;
    const touch = (k: number, v: number): void => {
      acc[k] = v;
      if (v - v !== 0 && (first < 0 || k < first)) first = k;
    };
    if (src.operand === null) {
      for (let i = 0; i < rows; i++) touch(i, acc[i] + delta[i]);
    } else if (tokens) {
      // One-hot x_t: only the column of this token moves (the engine's scatter).
      const id = tokens[t - 1];
      for (let i = 0; i < rows; i++) touch(i * cols + id, acc[i * cols + id] + delta[i]);
    } else {
      const op = operand(values, src.operand, t);
      for (let i = 0; i < rows; i++) {
        const d = delta[i];
        const row = i * cols;
        for (let j = 0; j < cols; j++) touch(row + j, acc[row + j] + d * op[j]);
      }
    }
    if (first >= 0) return { t, index: first };
  }
  return null;
}

function operand(values: RunValues, which: 'x' | 'hprev' | 'h', t: number): ArrayLike<number> {
  const m = values.model;
  switch (which) {
    case 'x':
      if (m.inputs.kind !== 'vectors') throw new Error('token inputs are a column lookup');
      return m.inputs.data.subarray((t - 1) * m.inputSize, t * m.inputSize);
    case 'hprev':
      return values.row('h', t - 1);
    case 'h':
      return values.row('h', t);
  }
}
