// Checking numeric arrays in place — vectors (`[0.1, 0.2]`) and matrices (`[[…], […]]`) — without
// copying them: the shape is read from the tree, every element must be a finite number, every row
// of a matrix as long as the first. Values are copied into Float64Arrays only once the whole file
// is known to be valid (buildModel.ts), so a file refused by a limit never allocates.

import type { Node } from 'jsonc-parser';
import { describe, elements, numberText } from './jsonNodes';
import { indexPath } from './jsonPath';
import { label, plural } from './wording';
import type { ElementReporter, ProblemList } from './problemList';

/** The shape read from the text: `cols` is null when the rows disagree (ragged) or there are none;
 *  `firstRow` is the length of row 0 whatever the others (null when there is no row 0 array). */
export interface MatrixShape {
  readonly rows: number;
  readonly cols: number | null;
  readonly firstRow: number | null;
}

/** True for a node holding a finite number — the fast path, called once per element of a matrix. */
export function isFiniteNumber(node: Node): boolean {
  return node.type === 'number' && Number.isFinite(node.value);
}

/** Checks one element: a finite number. Reports `W_hh[0][1] is a string ("0.2"); … must be a number`. */
export function checkNumber(node: Node, path: string, what: string, report: ElementReporter, text: string): boolean {
  if (node.type === 'number') {
    if (typeof node.value === 'number' && Number.isFinite(node.value)) return true;
    report.error(
      node,
      path,
      `${label(path)} is ${numberText(node, text)}, which is beyond the range of a 64-bit float (it reads as ${String(node.value)}); every number in ${what} must be finite`,
    );
    return false;
  }
  report.error(node, path, `${label(path)} is ${describe(node, text)}, but every element of ${what} must be a number`);
  return false;
}

/** A flat array of finite numbers; returns its length, or undefined when it is not an array at all
 *  (reported). Element problems are reported but the length is still returned, so that shape
 *  problems are found in the same pass. */
export function readVector(
  node: Node,
  path: string,
  name: string,
  problems: ProblemList,
  expected = 'a flat array of numbers',
): number | undefined {
  if (node.type !== 'array') {
    problems.error(node, path, `${name} must be ${expected}, found ${describe(node, problems.text)}`);
    return undefined;
  }
  const items = elements(node);
  const report = problems.elementReporter(node, path, name);
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item.type === 'array') {
      report.error(
        item,
        indexPath(path, k),
        `${label(indexPath(path, k))} is an array, but ${name} is a vector: a flat array of numbers such as [0.1, 0.2]`,
      );
      continue;
    }
    if (!isFiniteNumber(item)) checkNumber(item, indexPath(path, k), name, report, problems.text);
  }
  report.close();
  return items.length;
}

/** An array of rows of finite numbers, all rows of one length. */
export function readMatrix(node: Node, path: string, name: string, problems: ProblemList): MatrixShape | undefined {
  if (node.type !== 'array') {
    problems.error(
      node,
      path,
      `${name} must be a matrix (an array of rows, e.g. [[0.1, 0.2], [0.3, 0.4]]), found ${describe(node, problems.text)}`,
    );
    return undefined;
  }
  const rows = elements(node);
  if (rows.length > 0 && rows[0].type !== 'array') {
    // The classic slip: a matrix written as one flat row. One problem, not one per number.
    problems.error(
      node,
      path,
      `${name} must be a matrix (an array of rows, e.g. [[0.1, 0.2], [0.3, 0.4]]), found an array whose first element is ${describe(rows[0], problems.text)}`,
    );
    return undefined;
  }
  const report = problems.elementReporter(node, path, name);
  const first = rows.length > 0 ? elements(rows[0]).length : null;
  let regular = first !== null;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.type !== 'array') {
      const rowPath = indexPath(path, r);
      report.error(
        row,
        rowPath,
        `${label(rowPath)} is ${describe(row, problems.text)}, but every row of ${name} must be an array of numbers`,
      );
      regular = false;
      continue;
    }
    const items = elements(row);
    if (items.length !== first) {
      report.error(
        row,
        indexPath(path, r),
        `row ${r} of ${name} has ${plural(items.length, 'number')} but row 0 has ${first} (every row of a matrix must have the same length)`,
      );
      regular = false;
    }
    for (let c = 0; c < items.length; c++)
      if (!isFiniteNumber(items[c]))
        checkNumber(items[c], indexPath(indexPath(path, r), c), name, report, problems.text);
  }
  report.close();
  const cols = regular ? first : null;
  return { rows: rows.length, cols, firstRow: first };
}

/** Copies a checked vector into `out` at `at`. */
export function copyVector(node: Node, out: Float64Array, at = 0): void {
  const items = elements(node);
  for (let k = 0; k < items.length; k++) out[at + k] = items[k].value as number;
}

/** Copies a checked matrix into `out`, row-major. */
export function copyMatrix(node: Node, out: Float64Array, cols: number): void {
  const rows = elements(node);
  for (let r = 0; r < rows.length; r++) copyVector(rows[r], out, r * cols);
}
