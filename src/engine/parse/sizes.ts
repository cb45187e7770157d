// The three sizes every shape depends on — I (input), H (hidden), O (output) — each with where it
// came from, so a shape message can say why: "the vocab has 4 tokens", "hiddenSize is 2",
// "W_hh is 2 × 2". Sizes come from the JSON's shape alone, before anything is allocated, so the
// limits refuse an oversized model without ever building it.

import type { Node } from 'jsonc-parser';
import { PARAM_NAMES, paramShape, type CellKind } from '../model';
import type { Limits } from './problems';
import { SERIES } from '../trace/trace';
import type { Field } from './fields';
import { count, plural } from './wording';
import type { ProblemList } from './problemList';
import type { InputsInfo } from './sequences';
import type { TargetsInfo } from './targets';
import type { TokenList, TokenSource } from './tokenList';
import type { ParamInfo, WeightsInfo } from './weights';

export interface Dim {
  readonly value: number;
  /** A clause saying where the size comes from: "the vocab has 4 tokens". */
  readonly phrase: string;
  /** The node it was read from, where a limit problem is anchored. */
  readonly node: Node;
  readonly path: string;
}

function listDim(source: TokenSource, list: Field<TokenList>): Dim | null {
  if (list.kind !== 'ok') return null;
  const n = list.value.tokens.length;
  const phrase =
    source.what === 'vocab'
      ? `the vocab has ${plural(n, 'token')}`
      : `there ${n === 1 ? 'is 1 class' : `are ${n} classes`}`;
  return { value: n, phrase, node: list.node, path: list.member.path };
}

export function inputDim(inputs: InputsInfo | undefined, vocab: TokenSource | null): Dim | null {
  if (!inputs) return null;
  if (inputs.kind === 'tokens') return vocab ? listDim(vocab, vocab.list) : null;
  if (inputs.I === null) return null;
  return {
    value: inputs.I,
    phrase: `the input vectors have ${plural(inputs.I, 'number')}`,
    node: inputs.node,
    path: 'inputs',
  };
}

const isHiddenBias = (name: string): boolean => name.startsWith('b_') && name !== 'b_y';

/** H as the written weights imply it, preferring the most telling parameter: a square W_h*, then a
 *  hidden bias, then the rows of a W_x*, then the columns of W_hy. */
function hiddenFromWeights(params: Map<string, ParamInfo>): Dim | null {
  const all = [...params.values()];
  const pick = (p: ParamInfo | undefined, value: number, phrase: string): Dim | null =>
    p && value > 0 ? { value, phrase, node: p.node, path: p.member.path } : null;
  const square = all.find(
    (p) => p.rank === 2 && p.name.startsWith('W_h') && p.name !== 'W_hy' && p.rows > 0 && p.cols === p.rows,
  );
  if (square) return pick(square, square.rows, `${square.name} is ${square.rows} × ${square.rows}`);
  const bias = all.find((p) => isHiddenBias(p.name) && p.rows > 0);
  if (bias) return pick(bias, bias.rows, `${bias.name} has ${plural(bias.rows, 'number')}`);
  const wx = all.find((p) => p.name.startsWith('W_x') && p.rows > 0);
  if (wx) return pick(wx, wx.rows, `${wx.name} has ${plural(wx.rows, 'row')}`);
  const hy = params.get('W_hy');
  if (hy && hy.cols !== null) return pick(hy, hy.cols, `W_hy has ${plural(hy.cols, 'column')}`);
  return null;
}

/** H: hiddenSize when given and agreeing with the weights; a disagreement is one problem at
 *  hiddenSize, and the weights are then checked against each other. */
export function hiddenDim(
  hiddenSize: Field<number>,
  weights: WeightsInfo | undefined,
  problems: ProblemList,
): Dim | null {
  const fromWeights = weights?.kind === 'explicit' ? hiddenFromWeights(weights.params) : null;
  if (hiddenSize.kind !== 'ok') return fromWeights;
  const declared: Dim = {
    value: hiddenSize.value,
    phrase: `hiddenSize is ${hiddenSize.value}`,
    node: hiddenSize.node,
    path: hiddenSize.member.path,
  };
  if (fromWeights && fromWeights.value !== hiddenSize.value) {
    problems.error(
      hiddenSize.node,
      hiddenSize.member.path,
      `hiddenSize is ${hiddenSize.value} but the weights have ${plural(fromWeights.value, 'hidden unit')} (${fromWeights.phrase}); they must agree`,
    );
    return fromWeights;
  }
  return declared;
}

/** O: the classes (or vocab) for token targets, the vector length for vector targets; without
 *  targets, the classes/vocab if any, else the rows of a written W_hy (or length of b_y). */
export function outputDim(
  targets: TargetsInfo,
  classes: TokenSource | null,
  weights: WeightsInfo | undefined,
): Dim | null {
  switch (targets.kind) {
    case 'tokens':
      return classes ? listDim(classes, classes.list) : null;
    case 'vectors':
      return targets.O === null
        ? null
        : {
            value: targets.O,
            phrase: `the target vectors have ${plural(targets.O, 'number')}`,
            node: targets.node,
            path: 'targets',
          };
    case 'invalid':
      return null;
    case 'none': {
      if (classes) return listDim(classes, classes.list);
      if (weights?.kind !== 'explicit') return null;
      const hy = weights.params.get('W_hy');
      if (hy && hy.rows > 0)
        return { value: hy.rows, phrase: `W_hy has ${plural(hy.rows, 'row')}`, node: hy.node, path: hy.member.path };
      const by = weights.params.get('b_y');
      if (by && by.rows > 0)
        return { value: by.rows, phrase: `b_y has ${plural(by.rows, 'number')}`, node: by.node, path: by.member.path };
      return null;
    }
    default: {
      const never: never = targets;
      return never;
    }
  }
}

/** Refuses sizes beyond the limits; true when all known sizes are within them. */
export function checkSizeLimits(
  I: Dim | null,
  H: Dim | null,
  O: Dim | null,
  limits: Limits,
  problems: ProblemList,
): boolean {
  let within = true;
  const check = (dim: Dim | null, limit: number, what: string): void => {
    if (!dim || dim.value <= limit) return;
    problems.error(dim.node, dim.path, `${dim.phrase}, more than the limit of ${count(limit)} for the ${what} size`);
    within = false;
  };
  check(I, limits.maxInput, 'input');
  check(H, limits.maxHidden, 'hidden');
  check(O, limits.maxOutput, 'output');
  return within;
}

/** How many numbers the cell's parameters hold at these sizes (exact in float64 far past the limits). */
export function parameterCount(cell: CellKind, I: number, H: number, O: number): number {
  let n = 0;
  for (const name of PARAM_NAMES[cell]) n += paramShape(name, I, H, O).reduce((a, b) => a * b, 1);
  return n;
}

/** Values one timestep records: every series of the cell (SERIES, trace.ts), H or O numbers each. */
export function traceValuesPerStep(cell: CellKind, H: number, O: number): number {
  let n = 0;
  for (const s of SERIES[cell]) n += s.size === 'H' ? H : O;
  return n;
}

/** Float64 values a run records: T timesteps of series, plus the parameters, their gradients and
 *  the updated parameters. The run's working heap is about as large again, so this bounds memory. */
export function traceValueCount(cell: CellKind, T: number, I: number, H: number, O: number): number {
  return T * traceValuesPerStep(cell, H, O) + 3 * parameterCount(cell, I, H, O);
}
