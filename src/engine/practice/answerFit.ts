// An answer typed by hand, read (answerText.ts) and fitted to the shape of the value asked for.
// A vector may be typed as a row or as a column (`0.46, -0.2` or `0.46; -0.2`), and so may a
// matrix with one row or one column; a matrix with several rows and columns must be typed row by
// row. What does not fit says what was expected: "expected 4 numbers for δa₄ (a 4×1 vector), got 3".

import type { Tensor } from '../model';
import { readAnswerGrid } from './answerText';
import { elementCount, shapeWords } from './labels';

export type AnswerProblemKind = 'syntax' | 'count' | 'shape';

export interface AnswerProblem {
  readonly kind: AnswerProblemKind;
  /** A sentence for the learner; syntax errors start with their place ("at column 5: …"). */
  readonly message: string;
  /** Where in the typed text (syntax errors only), 1-based line and column. */
  readonly offset?: number;
  readonly length?: number;
  readonly line?: number;
  readonly column?: number;
  /** The answer has the asked matrix's shape transposed (rows for columns). */
  readonly transposed?: boolean;
}

export type AnswerRead =
  { readonly ok: true; readonly value: Tensor } | { readonly ok: false; readonly problem: AnswerProblem };

export interface Expected {
  /** The shape of the value asked for (trace conventions: [n] for a vector, [r, c] for a matrix). */
  readonly shape: readonly number[];
  /** Its name, as labels.ts writes it: "δa₄". */
  readonly label: string;
}

/** Reads `text` as a value of `expected.shape`. */
export function readAnswer(text: string, expected: Expected): AnswerRead {
  const read = readAnswerGrid(text);
  if (!read.ok) return { ok: false, problem: { kind: 'syntax', ...read.error } };
  const { rows, decimalCommaSuspect } = read.grid;
  const shape = expected.shape;
  const n = elementCount(shape);
  const total = rows.reduce((a, r) => a + r.length, 0);
  const fail = (kind: AnswerProblemKind, message: string, transposed = false): AnswerRead => ({
    ok: false,
    problem: { kind, message, ...(transposed ? { transposed } : {}) },
  });
  const what = `${expected.label} (${shapeWords(shape)})`;
  const numbers = (k: number): string => `${k} number${k === 1 ? '' : 's'}`;
  const comma = decimalCommaSuspect ? '; write the decimal point as "." (a comma separates numbers)' : '';

  const oneLine = rows.length === 1;
  const oneColumn = rows.every((r) => r.length === 1);
  const isVectorLike = shape.length === 1 || shape[0] === 1 || shape[1] === 1;
  if (isVectorLike) {
    if (total !== n) return fail('count', `expected ${numbers(n)} for ${what}, got ${total}${comma}`);
    if (!oneLine && !oneColumn)
      return fail(
        'shape',
        `expected ${numbers(n)} in one row or one column for ${what}, got ${rows.length} rows of ${rows.map((r) => r.length).join(', ')}`,
      );
    return { ok: true, value: { shape: [...shape], data: Float64Array.from(rows.flat()) } };
  }

  const [R, C] = shape;
  if (rows.length === R && rows.every((r) => r.length === C))
    return { ok: true, value: { shape: [R, C], data: Float64Array.from(rows.flat()) } };
  if (R !== C && rows.length === C && rows.every((r) => r.length === R))
    return fail(
      'shape',
      `expected ${R} rows of ${C} numbers for ${what}, got ${C} rows of ${R}: the matrix is transposed`,
      true,
    );
  if (oneLine && total === n)
    return fail(
      'shape',
      `expected ${R} rows of ${C} numbers for ${what}, got one row of ${total}: separate the rows with ";" or new lines`,
    );
  const ragged = rows.findIndex((r) => r.length !== rows[0].length);
  if (ragged > 0 && total === n)
    return fail(
      'shape',
      `row ${ragged + 1} has ${numbers(rows[ragged].length)} but row 1 has ${rows[0].length}: every row of ${what} needs ${C}`,
    );
  if (total !== n) return fail('count', `expected ${numbers(n)} for ${what}, got ${total}${comma}`);
  return fail('shape', `expected ${R} rows of ${C} numbers for ${what}, got ${rows.length} rows`);
}

/** A value as the learner would type it, read back by readAnswer: `0.4621`, `[0.537, -0.0997]`,
 *  `[0.5, 0.1; -0.2, 0.8]`. `digits` ≥ 17 gives the exact shortest float64 text. */
export function formatAnswer(value: Tensor, digits = 17): string {
  const f = (x: number): string => {
    const r = digits >= 17 || !Number.isFinite(x) ? x : Number(x.toPrecision(digits));
    return Object.is(r, -0) ? '-0' : String(r);
  };
  const d = Array.from(value.data, f);
  if (d.length === 1) return d[0];
  if (value.shape.length === 2 && value.shape[0] > 1 && value.shape[1] > 1) {
    const c = value.shape[1];
    const rows: string[] = [];
    for (let r = 0; r < value.shape[0]; r++) rows.push(d.slice(r * c, (r + 1) * c).join(', '));
    return `[${rows.join('; ')}]`;
  }
  return `[${d.join(', ')}]`;
}
