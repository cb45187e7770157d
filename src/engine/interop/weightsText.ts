// How the engine writes numbers and `weights` into `.rnn.json` text: the host's weight edits
// (src/host/commands/weightEdits.ts) and the PyTorch import (importModel.ts) both write through
// here, so a written file reads back to the same float64 values bit for bit. Numbers are the
// shortest text that reads back to the same float64 (String(x)); matrices are laid out one row per
// line in the file's own indentation and line endings.

import type { Tensor } from '../model';

/** The shortest JSON number text that parses back to exactly `x` (keeps the sign of −0). */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x))
    throw new Error(`cannot write ${x} into the file: the value is not finite (training diverged?)`);
  return Object.is(x, -0) ? '-0' : String(x);
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
