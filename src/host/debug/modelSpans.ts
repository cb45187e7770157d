// What each stretch of a `.rnn.json` text stands for in the run (pure: jsonc-parser's tree): a
// weight, an input or target token of timestep t, the `inputs` / `targets` keys, h0 / c0, the
// learning rate, clipNorm and the loss settings. The debugger maps both ways over these stretches:
// breakpoint lines to steps (modelLines.ts), steps to stack-frame positions (framePositions.ts).
// Lines and columns are 1-based, counted as editors count them (engine/parse/position.ts).

import type { Node } from 'jsonc-parser';
import { characterSpans } from '../../engine/parse/jsonNodes';
import { LineIndex } from '../../engine/parse/position';

/** A model's text and jsonc-parser's tree of exactly that text. */
export interface ModelText {
  readonly text: string;
  readonly root: Node | undefined;
}

/** What a stretch of the file stands for in the run. */
export type Anchor =
  | { readonly kind: 'param'; readonly param: string }
  | { readonly kind: 'input' | 'target'; readonly t: number }
  /** The `inputs` / `targets` key itself: every timestep. */
  | { readonly kind: 'inputs' | 'targets' }
  | { readonly kind: 'state0'; readonly name: 'h' | 'c' }
  | { readonly kind: 'learningRate' | 'clipNorm' | 'loss' };

export interface Span {
  readonly anchor: Anchor;
  readonly offset: number;
  readonly length: number;
  /** A token / timestep of `inputs` or `targets` (it wins over its section's key on a line). */
  readonly element: boolean;
}

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** spans() of each parse tree: a stop asks for several frames' positions, each a search of them. */
const spansOfTree = new WeakMap<Node, readonly Span[]>();

/** Every anchored stretch of the file, in document order (computed once per parse tree). */
export function spans(doc: ModelText): readonly Span[] {
  const { root } = doc;
  if (!root || root.type !== 'object') return [];
  let out = spansOfTree.get(root);
  if (!out) spansOfTree.set(root, (out = treeSpans(root, doc.text)));
  return out;
}

function treeSpans(root: Node, text: string): Span[] {
  const out: Span[] = [];
  const add = (anchor: Anchor, node: Node, element = false): void => {
    out.push({ anchor, offset: node.offset, length: node.length, element });
  };
  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value) continue;
    switch (key.value) {
      case 'weights':
        for (const p of value.type === 'object' ? (value.children ?? []) : []) {
          const name = p.children?.[0]?.value;
          if (typeof name === 'string' && name !== 'init') add({ kind: 'param', param: name }, p);
        }
        break;
      case 'inputs':
      case 'targets': {
        const kind = key.value === 'inputs' ? 'input' : 'target';
        add({ kind: key.value }, key);
        if (value.type === 'string') {
          characterSpans(value, text).forEach((s, i) => out.push({ anchor: { kind, t: i + 1 }, ...s, element: true }));
        } else {
          (value.type === 'array' ? (value.children ?? []) : []).forEach((el, i) => add({ kind, t: i + 1 }, el, true));
        }
        break;
      }
      case 'h0':
      case 'c0':
        add({ kind: 'state0', name: key.value === 'h0' ? 'h' : 'c' }, prop);
        break;
      case 'train':
        for (const p of value.type === 'object' ? (value.children ?? []) : []) {
          const name = p.children?.[0]?.value;
          if (name === 'learningRate' || name === 'clipNorm') add({ kind: name }, p);
        }
        break;
      case 'loss':
      case 'reduction':
        add({ kind: 'loss' }, prop);
        break;
      default:
        break;
    }
  }
  return out;
}

/** The 1-based line and column of `offset`. */
export function positionOf(doc: ModelText, offset: number): TextPosition {
  return new LineIndex(doc.text).at(offset);
}

/** The first stretch whose anchor matches, in document order. */
export function findSpan(doc: ModelText, match: (a: Anchor) => boolean): Span | undefined {
  return spans(doc).find((s) => match(s.anchor));
}
