// A position in the `.rnn.json` → the expression a debug hover evaluates there (pure), so that
// hovering a weight's number while debugging shows its value and gradient at the current step.

import { findNodeAtOffset } from 'jsonc-parser';
import { locate, propertyValue } from '../editor/jsonLocation';
import type { ModelText } from './modelSpans';

/** The expression a debug hover at `offset` evaluates (evaluate.ts), or undefined: a weight's
 *  number → `W_hh[0][0]`, its key → `W_hh`, an input / target token → `x_2` / `target_2`,
 *  an entry of h0 → `h_0[0]`. With the range of text it covers. */
export function expressionAt(
  doc: ModelText,
  offset: number,
): { expression: string; offset: number; length: number } | undefined {
  const { text, root } = doc;
  const loc = locate(text, root, offset);
  if (loc) {
    switch (loc.kind) {
      case 'weight':
        return {
          expression: `${loc.param}${loc.index.map((i) => `[${i}]`).join('')}`,
          offset: loc.node.offset,
          length: loc.node.length,
        };
      case 'input':
        return { expression: `x_${loc.t}`, offset: loc.offset, length: loc.length };
      case 'target':
        return { expression: `target_${loc.t}`, offset: loc.offset, length: loc.length };
      case 'h0':
      case 'c0':
        return { expression: `${loc.kind[0]}_0[${loc.i}]`, offset: loc.node.offset, length: loc.node.length };
      default: {
        const never: never = loc;
        throw new Error(`unknown location ${JSON.stringify(never)}`);
      }
    }
  }
  // A parameter's key inside `weights`: the whole tensor.
  const node = root ? findNodeAtOffset(root, offset, true) : undefined;
  const prop = node?.parent;
  if (
    node?.type === 'string' &&
    prop?.type === 'property' &&
    prop.children?.[0] === node &&
    prop.parent === propertyValue(root, 'weights')
  ) {
    const name = String(node.value);
    if (name !== 'init') return { expression: name, offset: node.offset, length: node.length };
  }
  return undefined;
}
