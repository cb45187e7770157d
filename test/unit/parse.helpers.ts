// Helpers for the parse/validate tests: a small valid model to mutate (the seed's, in token or
// vector mode), a serializer that puts each top-level key (and each weight) on its own line, and
// expectations that locate the offending text by a marker and compute line/column independently
// of jsonc-parser.

import assert from 'node:assert/strict';
import { parseModel, type ParseOptions, type ParseResult } from '../../src/engine/parse/parse';
import type { Problem } from '../../src/engine/parse/problems';
import { SEED } from './fixtures/models';

/** A value written into the text as is (for numbers JSON cannot express, such as 1e999). */
export class Raw {
  constructor(readonly text: string) {}
}

type Value = unknown;

/** The seed's hidden-size-1 example (FORMAT.md), the base every bad file is made from: a fresh
 *  copy each time (the tests mutate it), named 'base' (the name stays the first key). */
export function base(): Record<string, Value> {
  return { ...structuredClone(SEED), name: 'base' };
}

export function compact(v: Value): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(compact).join(',')}]`;
  if (v !== null && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${compact(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** The model as text: one line per top-level key, one line per weight. */
export function serialize(model: Record<string, Value>): string {
  const lines = Object.entries(model).map(([k, v]) => {
    if (k === 'weights' && v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw)) {
      const inner = Object.entries(v).map(([wk, wv]) => `    ${JSON.stringify(wk)}: ${compact(wv)}`);
      return `  "weights": {\n${inner.join(',\n')}\n  }`;
    }
    return `  ${JSON.stringify(k)}: ${compact(v)}`;
  });
  return `{\n${lines.join(',\n')}\n}\n`;
}

/** The base model changed by `edit`, as text. */
export function doc(edit: (m: Record<string, any>) => void = () => {}): string {
  const m = base();
  edit(m as Record<string, any>);
  return serialize(m);
}

/** The base model in vector mode (no vocab; one-number inputs, a null target), changed by `edit`. */
export function vectorDoc(edit: (m: Record<string, any>) => void = () => {}): string {
  return doc((m) => {
    delete m.vocab;
    m.inputs = [[1], [2], [3]];
    m.targets = [[0.5], null, [1.5]];
    m.weights = { W_xh: [[1]], W_hh: [[1]], b_h: [0], W_hy: [[1]], b_y: [0] };
    edit(m);
  });
}

/** 1-based line and UTF-16 column of an offset, counted naively ("\r\n", "\r", "\n" end lines). */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Offset of the n-th (0-based) occurrence of `marker`; fails the test when there is none. */
export function locate(text: string, marker: string, nth = 0): number {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(marker, at + 1);
    assert.ok(at >= 0, `marker ${JSON.stringify(marker)} (#${nth}) not in the text:\n${text}`);
  }
  return at;
}

export interface Expected {
  readonly path: string;
  /** The text where the problem starts (its first occurrence, or the `nth`)… */
  readonly at?: string;
  /** …or the text right before it (the problem starts where this ends). */
  readonly after?: string;
  readonly nth?: number;
  readonly message: string;
  readonly severity?: 'error' | 'warning';
  /** When given, the length of the flagged node. */
  readonly length?: number;
}

function expectedProblem(text: string, e: Expected): Omit<Problem, 'length'> {
  const offset =
    e.after !== undefined ? locate(text, e.after, e.nth) + e.after.length : locate(text, e.at ?? '', e.nth);
  return { severity: e.severity ?? 'error', path: e.path, offset, ...lineCol(text, offset), message: e.message };
}

const withoutLength = ({ length: _l, ...rest }: Problem): Omit<Problem, 'length'> => rest;

/** Parses `text` and asserts that its problems are exactly `expected`, in document order. */
export function expectProblems(text: string, expected: readonly Expected[], options?: ParseOptions): ParseResult {
  const result = parseModel(text, options);
  assert.deepEqual(
    result.problems.map(withoutLength),
    expected.map((e) => expectedProblem(text, e)),
  );
  expected.forEach((e, i) => {
    if (e.length !== undefined) assert.equal(result.problems[i].length, e.length, `length of problem ${i}`);
  });
  const errors = expected.some((e) => (e.severity ?? 'error') === 'error');
  assert.equal(
    result.model === null,
    errors,
    errors ? 'a file with errors gives no model' : 'a file with only warnings still gives a model',
  );
  return result;
}

export function expectProblem(text: string, expected: Expected, options?: ParseOptions): ParseResult {
  return expectProblems(text, [expected], options);
}
