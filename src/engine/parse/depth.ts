// A guard against stack overflow: jsonc-parser's parser recurses once per nested array/object, so
// `[[[[…` 200 000 deep would blow the stack. Before building a tree, the text is scanned with
// jsonc-parser's own (iterative) scanner and the nesting depth is bounded.
//
// The bound is conservative: a closing bracket only closes the innermost open container of the
// same kind, and a mismatched closer is ignored. The parser never consumes a closer that matches
// its own innermost container without closing it, and every container it opens is an opening token
// seen here, so the parser's stack is always a subsequence of this one: its depth never exceeds the
// depth measured here (test/unit/parse.depth.test.ts checks this against `visit` on random text).

import { createScanner } from 'jsonc-parser';

// jsonc-parser's SyntaxKind is an ambient const enum, which isolatedModules cannot read: its values.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

export interface ExcessiveNesting {
  /** Offset of the opening bracket that goes one level too deep. */
  readonly offset: number;
  readonly depth: number;
}

/** The first opening bracket beyond `maxDepth` levels, or null when the text stays within it. */
export function findExcessiveNesting(text: string, maxDepth: number): ExcessiveNesting | null {
  const scanner = createScanner(text, true);
  // Open containers as a stack of kinds: 1 = object, 0 = array (a byte per level; it never grows past maxDepth + 1).
  const stack = new Uint8Array(Math.max(0, maxDepth) + 1);
  let depth = 0;
  for (let token: number = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (depth >= maxDepth) return { offset: scanner.getTokenOffset(), depth: depth + 1 };
      stack[depth++] = token === OPEN_BRACE ? 1 : 0;
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      const kind = token === CLOSE_BRACE ? 1 : 0;
      if (depth > 0 && stack[depth - 1] === kind) depth--;
    }
  }
  return null;
}
