// Models for the steps/equations/explain tests: the seed's worked example built by hand exactly as
// FORMAT.md writes it (so these tests do not lean on the parser), small random models of every
// cell (seeded init) with every input, target, loss and reduction kind, and the examples/ files.

import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { initParams, mulberry32 } from '../../src/engine/parse/init';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import type { Trace } from '../../src/engine/trace/trace';
import type * as KatexModule from '../../node_modules/katex/types/katex';
import { PARAM_NAMES, type CellKind, type Model, type Tensor } from '../../src/engine/model';

const t = (shape: number[], values: number[]): Tensor => ({ shape, data: Float64Array.from(values) });

/** examples/hi-there-class.rnn.json: the seed's second example (hidden size 1). */
export function seedModel(): Model {
  return {
    name: 'hi there class !',
    cell: 'rnn',
    activation: 'tanh',
    inputSize: 4,
    hiddenSize: 1,
    outputSize: 4,
    steps: 4,
    vocab: ['hi', 'there', 'class', '!'],
    classes: ['hi', 'there', 'class', '!'],
    inputs: { kind: 'tokens', ids: Int32Array.from([0, 1, 2, 3]) },
    targets: { kind: 'tokens', ids: Int32Array.from([1, 2, 3, 3]) },
    loss: 'cross-entropy',
    reduction: 'sum',
    h0: new Float64Array(1),
    c0: null,
    params: {
      W_xh: t([1, 4], [0.5, -0.3, 0.8, 0.0]),
      W_hh: t([1, 1], [0.2]),
      b_h: t([1], [0]),
      W_hy: t([4, 1], [1.0, 0.5, -0.5, 0.0]),
      b_y: t([4], [0, 0, 0, 0]),
    },
    init: null,
    train: { learningRate: 0.1, clipNorm: null, steps: 1 },
  };
}

export interface RandomSpec {
  readonly cell: CellKind;
  readonly activation?: 'tanh' | 'relu';
  readonly tokens: boolean;
  readonly loss: 'cross-entropy' | 'mse';
  readonly reduction?: 'sum' | 'mean';
  readonly H: number;
  readonly T: number;
  readonly I?: number;
  readonly O?: number;
  /** Timesteps (1-based) without a target. */
  readonly masked?: readonly number[];
  readonly clipNorm?: number | null;
  readonly seed?: number;
  readonly vocab?: readonly string[];
}

/** A random model of any cell / input / loss kind, weights from the seeded init. */
export function randomModel(spec: RandomSpec): Model {
  const rnd = mulberry32(spec.seed ?? 3);
  const vocab = spec.vocab ?? (spec.tokens ? Array.from({ length: spec.I ?? 3 }, (_, i) => `tok${i}`) : null);
  const I = vocab ? vocab.length : (spec.I ?? 2);
  const classes =
    spec.loss === 'cross-entropy' ? (vocab ?? Array.from({ length: spec.O ?? 3 }, (_, i) => `c${i}`)) : null;
  const O = classes ? classes.length : (spec.O ?? 2);
  const { H, T } = spec;
  const masked = new Set(spec.masked ?? []);
  const inputs: Model['inputs'] = vocab
    ? { kind: 'tokens', ids: Int32Array.from({ length: T }, () => Math.floor(rnd() * I)) }
    : { kind: 'vectors', data: Float64Array.from({ length: T * I }, () => rnd() * 2 - 1) };
  const targets: Model['targets'] = classes
    ? {
        kind: 'tokens',
        ids: Int32Array.from({ length: T }, (_, k) => (masked.has(k + 1) ? -1 : Math.floor(rnd() * O))),
      }
    : {
        kind: 'vectors',
        data: Float64Array.from({ length: T * O }, () => rnd() * 2 - 1),
        mask: Uint8Array.from({ length: T }, (_, k) => (masked.has(k + 1) ? 0 : 1)),
      };
  const params = initParams(spec.cell, I, H, O, spec.seed ?? 3, 0.8);
  for (const p of PARAM_NAMES[spec.cell]) if (!params[p]) throw new Error(`init missed ${p}`);
  return {
    name: `${spec.cell} test`,
    cell: spec.cell,
    activation: spec.activation ?? 'tanh',
    inputSize: I,
    hiddenSize: H,
    outputSize: O,
    steps: T,
    vocab: vocab ? [...vocab] : null,
    classes: classes ? [...classes] : null,
    inputs,
    targets,
    loss: spec.loss,
    reduction: spec.reduction ?? 'sum',
    h0: Float64Array.from({ length: H }, () => rnd() - 0.5),
    c0: spec.cell === 'lstm' ? Float64Array.from({ length: H }, () => rnd() - 0.5) : null,
    params,
    init: null,
    train: { learningRate: 0.1, clipNorm: spec.clipNorm ?? null, steps: 1 },
  };
}

export const EXAMPLES_DIR = join(__dirname, '../../examples');

/** Every examples/*.rnn.json, parsed and run. */
export function exampleTraces(): { name: string; trace: Trace }[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.rnn.json'))
    .sort()
    .map((f) => {
      const { model, problems } = parseModel(readFileSync(join(EXAMPLES_DIR, f), 'utf8'));
      assert.ok(model, `${f}: ${problems.map((p) => p.message).join('; ')}`);
      return { name: f, trace: runModel(model) };
    });
}

/** KaTeX, typed. Its types are reachable only through its package "exports", which this tsconfig's
 *  "node" module resolution does not read, so the module is loaded and typed by path. */
export const katex = require('katex') as typeof KatexModule;
