// Models for the dynamics tests: the repository's examples parsed as a person's file is, and rnns
// built to make gradients vanish or explode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Model } from '../../src/engine/model';
import { parseModel } from '../../src/engine/parse/parse';
import { buildModel } from './fixtures/models';

/** An example of the repository, parsed (its weights may be drawn from `init`). */
export function parsedExample(name: string): Model {
  const model = parseModel(readFileSync(join(__dirname, '../../examples', name), 'utf8')).model;
  if (!model) throw new Error(`${name} does not parse`);
  return model;
}

/** A tanh rnn of 4 units over T steps whose W_hh is `gain` times a rotation (ρ = ‖W_hh‖₂ = gain),
 *  with inputs small enough (1e-4) that tanh stays in its linear range: every step back multiplies
 *  the gradient by almost exactly `gain`. One target, at the last step. */
export function gainModel(gain: number, T = 12): Model {
  const c = Math.cos(0.7),
    s = Math.sin(0.7);
  const rot = [
    [c, -s, 0, 0],
    [s, c, 0, 0],
    [0, 0, c, s],
    [0, 0, -s, c],
  ].map((row) => row.map((v) => gain * v));
  return buildModel({
    cell: 'rnn',
    inputs: Array.from({ length: T }, (_, t) => [1e-7 * Math.sin(t), 1e-7 * Math.cos(t)]),
    targets: Array.from({ length: T }, (_, t) => (t === T - 1 ? [1, -1] : null)),
    weights: {
      W_xh: [
        [1, 0],
        [0, 1],
        [1, 1],
        [1, -1],
      ],
      W_hh: rot,
      b_h: [0, 0, 0, 0],
      W_hy: [
        [1, 0, 0.5, 0],
        [0, 1, 0, 0.5],
      ],
      b_y: [0, 0],
    },
  });
}
