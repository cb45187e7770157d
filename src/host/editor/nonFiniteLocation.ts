// Where in the `.rnn.json` a run's first NaN or ±Infinity (engine: trace/nonFinite.ts) is best
// shown: the number that overflowed when the cause points at one (the largest element of an
// overflowing weight, of an overflowing input or target row; the learning rate of a divergent
// update), else the `weights` key (the numbers every other cause grows from), else `inputs`.
// Pure (no vscode): diagnostics.ts turns the span into a warning, the unit tests read it directly.

import { findNodeAtLocation, type JSONPath, type Node } from 'jsonc-parser';
import type { Model } from '../../engine/model';
import type { NonFinite } from '../../engine/trace/nonFinite';

export interface TextSpan {
  readonly offset: number;
  readonly length: number;
}

/** Index of the element of largest magnitude (NaN counts as largest): the one that overflowed. */
function largestAt(values: ArrayLike<number>, from = 0, to = values.length): number {
  let best = from;
  let size = -1;
  for (let i = from; i < to; i++) {
    const a = Math.abs(values[i]);
    if (Number.isNaN(a)) return i;
    if (a > size) {
      size = a;
      best = i;
    }
  }
  return best;
}

/** The JSON paths to try, most precise first. */
function candidates(model: Model, r: Pick<NonFinite, 'cause' | 'operand'>): JSONPath[] {
  const op = r.operand;
  switch (r.cause) {
    case 'weight-overflow': {
      const p = op ? model.params[op.name] : undefined;
      if (!op || !p) return [];
      const k = largestAt(p.data);
      const cols = p.shape.length === 2 ? p.shape[1] : 0;
      const element = cols > 0 ? [Math.floor(k / cols), k % cols] : [k];
      // Drawn weights (`init`) have no numbers in the file: their scale made them overflow.
      return [
        ['weights', op.name, ...element],
        ['weights', op.name],
        ['weights', 'init', 'scale'],
      ];
    }
    case 'input-overflow': {
      if (!op || op.t === undefined) return [];
      const t = op.t;
      if (op.name === 'x' && model.inputs.kind === 'vectors') {
        const I = model.inputSize;
        const j = largestAt(model.inputs.data, (t - 1) * I, t * I) - (t - 1) * I;
        return [
          ['inputs', t - 1, j],
          ['inputs', t - 1],
        ];
      }
      if (op.name === 'target' && model.targets.kind === 'vectors') {
        const O = model.outputSize;
        const j = largestAt(model.targets.data, (t - 1) * O, t * O) - (t - 1) * O;
        return [
          ['targets', t - 1, j],
          ['targets', t - 1],
        ];
      }
      return [];
    }
    case 'divergent-update':
      return [['train', 'learningRate'], ['train']];
    case 'softmax-overflow':
    case 'loss-overflow':
    case 'state-overflow':
    case 'exploding-gradient':
    case 'gradient-overflow':
    case 'norm-overflow':
      return [];
    default: {
      const never: never = r.cause;
      throw new Error(`unknown cause ${String(never)}`);
    }
  }
}

/** The key of a top-level member (`"weights"`), quotes included. */
function keyOf(root: Node, name: string): Node | undefined {
  const value = findNodeAtLocation(root, [name]);
  const key = value?.parent?.type === 'property' ? value.parent.children?.[0] : undefined;
  return key;
}

/** The span to mark for `r` in the text whose tree is `root` (the text `model` was read from). */
export function nonFiniteLocation(
  root: Node | undefined,
  model: Model,
  r: Pick<NonFinite, 'cause' | 'operand'>,
): TextSpan {
  if (!root) return { offset: 0, length: 0 };
  for (const path of candidates(model, r)) {
    const node = findNodeAtLocation(root, path);
    if (node) return { offset: node.offset, length: node.length };
  }
  const key = keyOf(root, 'weights') ?? keyOf(root, 'inputs');
  return key ? { offset: key.offset, length: key.length } : { offset: root.offset, length: 1 };
}
