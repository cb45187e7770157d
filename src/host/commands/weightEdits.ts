// The text edits that write new parameter values into a `.rnn.json` document. Pure (no vscode):
// the host turns them into one WorkspaceEdit, so one Ctrl+Z undoes them.
//
// Explicit matrices: only the number tokens whose value changes are replaced — comments, spacing,
// line breaks and every other character stay byte for byte. `{"init": …}` weights have no numbers
// to replace, so the whole `weights` value becomes explicit matrices, laid out one row per line in
// the file's own indentation and line endings. Numbers are written as the shortest text that reads
// back to the same float64 (String(x)), so parsing the edited text gives the new values bit for bit.

import type { Edit, Node } from 'jsonc-parser';
import type { Tensor } from '../../engine/model';
import { propertyValue, weightNumbers } from '../editor/jsonLocation';

/** The shortest JSON number text that parses back to exactly `x` (keeps the sign of −0). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x))
    throw new Error(`cannot write ${x} into the file: the value is not finite (training diverged?)`);
  return Object.is(x, -0) ? '-0' : String(x);
}

/** Whether the `weights` of the text are drawn from `{"init": …}` rather than written out. */
export function hasInitWeights(root: Node | undefined): boolean {
  const weights = propertyValue(root, 'weights');
  return !!weights?.children?.some((p) => p.children?.[0]?.value === 'init');
}

/** Flat row-major index of a file index ([i] or [row, col]) in a tensor; undefined if it does not fit. */
export function flatIndex(t: Tensor, index: readonly number[]): number | undefined {
  if (t.shape.length !== index.length) return undefined;
  if (index.length === 1) return index[0] < t.shape[0] ? index[0] : undefined;
  const [r, c] = index;
  return r < t.shape[0] && c < t.shape[1] ? r * t.shape[1] + c : undefined;
}

/**
 * Edits that make the text's `weights` hold `params`. `order` is the order the parameters are
 * written in when the weights are materialized (PARAM_NAMES[cell]). Throws when the written
 * matrices do not match the parameters' shapes (the caller only edits files without problems).
 */
export function weightEdits(
  text: string,
  root: Node | undefined,
  params: Readonly<Record<string, Tensor>>,
  order: readonly string[],
): Edit[] {
  const weights = propertyValue(root, 'weights');
  if (!weights || weights.type !== 'object') throw new Error('the file has no "weights" object');
  if (hasInitWeights(root)) {
    return [
      { offset: weights.offset, length: weights.length, content: formatWeights(text, weights.offset, params, order) },
    ];
  }
  const edits: Edit[] = [];
  const seen = new Map<string, number>();
  for (const w of weightNumbers(root)) {
    const tensor = params[w.param];
    const k = tensor ? flatIndex(tensor, w.index) : undefined;
    if (!tensor || k === undefined)
      throw new Error(`weights.${w.param}${w.index.map((i) => `[${i}]`).join('')} does not match the model`);
    seen.set(w.param, (seen.get(w.param) ?? 0) + 1);
    const value = tensor.data[k];
    if (Object.is(w.node.value, value)) continue; // unchanged: keep the text as the person wrote it
    edits.push({ offset: w.node.offset, length: w.node.length, content: formatNumber(value) });
  }
  for (const name of Object.keys(params)) {
    if (seen.get(name) !== params[name].data.length)
      throw new Error(`weights.${name} in the file does not match the model`);
  }
  return edits;
}

/** The file's line ending and one level of its indentation (two spaces when nothing is indented). */
export function detectLayout(text: string): { eol: string; unit: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const m = /^([ \t]+)\S/m.exec(text);
  const unit = m ? (m[1].startsWith('\t') ? '\t' : m[1]) : '  ';
  return { eol, unit };
}

/** The `weights` object written out, starting at `offset` (where its `{` goes). One row per line. */
export function formatWeights(
  text: string,
  offset: number,
  params: Readonly<Record<string, Tensor>>,
  order: readonly string[],
): string {
  const { eol, unit } = detectLayout(text);
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const base = /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
  const inner = base + unit;
  const names = order.filter((n) => params[n]);
  const lines = names.map((name, i) => {
    const key = `${JSON.stringify(name)}: `;
    const comma = i < names.length - 1 ? ',' : '';
    return inner + key + formatTensor(params[name], inner + ' '.repeat(key.length), eol) + comma;
  });
  return ['{', ...lines, base + '}'].join(eol);
}

/** A vector on one line; a matrix as rows, one per line, continuation rows aligned under the first. */
function formatTensor(t: Tensor, indent: string, eol: string): string {
  const cells = Array.from(t.data, formatNumber);
  if (t.shape.length === 1) return `[${cells.join(', ')}]`;
  const [rows, cols] = t.shape;
  // Right-align each column so that a matrix reads as one.
  const width = Array.from({ length: cols }, (_, c) =>
    Math.max(...Array.from({ length: rows }, (_, r) => cells[r * cols + c].length)),
  );
  const row = (r: number) =>
    `[${Array.from({ length: cols }, (_, c) => cells[r * cols + c].padStart(width[c])).join(', ')}]`;
  return '[' + Array.from({ length: rows }, (_, r) => row(r)).join(`,${eol}${indent} `) + ']';
}
