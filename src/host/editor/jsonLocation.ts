// Where in the model a text offset points: a weight's element, an input or target token, an
// entry of h0/c0. Pure (jsonc-parser only, no vscode) so that it is tested directly on texts with
// comments, odd formatting, one-line matrices and CRLF. It reads the jsonc-parser tree that the
// engine's parse already built (session.parse.root): no second parse of the document.

import { findNodeAtOffset, type Node } from 'jsonc-parser';
import { characterSpans } from '../../engine/parse/jsonNodes';

/** What a position in a `.rnn.json` text refers to. Indices are 0-based, timesteps 1-based. */
export type ModelLocation =
  /** An element of a parameter: index [i] for a vector, [row, col] for a matrix. */
  | { readonly kind: 'weight'; readonly param: string; readonly index: readonly number[]; readonly node: Node }
  /** Input x_t; `component` is set when the offset is on one number of a vector input. */
  | {
      readonly kind: 'input';
      readonly t: number;
      readonly component?: number;
      readonly node: Node;
      readonly offset: number;
      readonly length: number;
    }
  | {
      readonly kind: 'target';
      readonly t: number;
      readonly component?: number;
      readonly node: Node;
      readonly offset: number;
      readonly length: number;
    }
  | { readonly kind: 'h0' | 'c0'; readonly i: number; readonly node: Node };

/** One number written inside `weights`, with the parameter element it sets. */
export interface WeightNumber {
  readonly param: string;
  readonly index: readonly number[];
  readonly node: Node;
}

/** The value node of top-level property `key` (the last one if the key is repeated, as JSON.parse does). */
export function propertyValue(root: Node | undefined, key: string): Node | undefined {
  if (!root || root.type !== 'object' || !root.children) return undefined;
  let found: Node | undefined;
  for (const prop of root.children) {
    const [k, v] = prop.children ?? [];
    if (k?.value === key && v) found = v;
  }
  return found;
}

/** Every number inside `weights` (explicit matrices only; an `init` object has none), in document order. */
export function weightNumbers(root: Node | undefined): WeightNumber[] {
  const out: WeightNumber[] = [];
  const weights = propertyValue(root, 'weights');
  if (!weights || weights.type !== 'object') return out;
  for (const prop of weights.children ?? []) {
    const [k, v] = prop.children ?? [];
    if (!k || !v || typeof k.value !== 'string' || k.value === 'init' || v.type !== 'array') continue;
    const param = k.value;
    (v.children ?? []).forEach((row, r) => {
      if (row.type === 'number') out.push({ param, index: [r], node: row });
      else if (row.type === 'array') {
        (row.children ?? []).forEach((cell, c) => {
          if (cell.type === 'number') out.push({ param, index: [r, c], node: cell });
        });
      }
    });
  }
  return out;
}

/** The JSON path of a node as keys and indices, from the root down. */
function pathOf(node: Node): (string | number)[] {
  const path: (string | number)[] = [];
  let child = node;
  let parent = node.parent;
  while (parent) {
    if (parent.type === 'property') {
      // A property's children are [key, value]; the segment is the key, taken when we come up from the value.
      if (parent.children?.[1] === child) path.unshift(String(parent.children[0].value));
      else return []; // on the key itself: not a value location
    } else if (parent.type === 'array') {
      path.unshift(parent.children?.indexOf(child) ?? -1);
    }
    child = parent;
    parent = parent.parent;
  }
  return path;
}

/**
 * The character of a string input at `offset` (`"inputs": "hell"` is read as its characters, code
 * points, exactly as the engine splits it). A position just after the last character counts as on it.
 */
export function stringCharAt(
  text: string,
  node: Node,
  offset: number,
): { index: number; offset: number; length: number } | undefined {
  const spans = characterSpans(node, text);
  for (let k = 0; k < spans.length; k++) {
    if (offset < spans[k].offset + spans[k].length || k === spans.length - 1) return { index: k, ...spans[k] };
  }
  return undefined; // empty string
}

/**
 * What `offset` in `text` points at, given jsonc-parser's tree of that text. A position just after
 * a number (where the mouse often rests) counts as on it.
 */
export function locate(text: string, root: Node | undefined, offset: number): ModelLocation | undefined {
  if (!root) return undefined;
  const node = findNodeAtOffset(root, offset, true);
  if (!node || node.type === 'property' || node.type === 'object') return undefined;
  const path = pathOf(node);
  if (path.length === 0) return undefined;
  const [top, a, b, c] = path;

  if (top === 'weights' && typeof a === 'string' && a !== 'init' && node.type === 'number') {
    if (path.length === 3 && typeof b === 'number') return { kind: 'weight', param: a, index: [b], node };
    if (path.length === 4 && typeof b === 'number' && typeof c === 'number')
      return { kind: 'weight', param: a, index: [b, c], node };
    return undefined;
  }
  if ((top === 'h0' || top === 'c0') && path.length === 2 && typeof a === 'number' && node.type === 'number') {
    return { kind: top, i: a, node };
  }
  if (top === 'inputs' || top === 'targets') {
    const kind = top === 'inputs' ? 'input' : 'target';
    if (path.length === 1 && node.type === 'string') {
      // `"inputs": "hell"`: one token per character.
      const ch = stringCharAt(text, node, offset);
      return ch ? { kind, t: ch.index + 1, node, offset: ch.offset, length: ch.length } : undefined;
    }
    if (typeof a !== 'number') return undefined;
    if (path.length === 2) return { kind, t: a + 1, node, offset: node.offset, length: node.length };
    if (path.length === 3 && typeof b === 'number' && node.type === 'number') {
      return { kind, t: a + 1, component: b, node, offset: node.offset, length: node.length };
    }
  }
  return undefined;
}
