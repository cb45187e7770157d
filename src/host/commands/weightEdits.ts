// The text edits that write new parameter values into a `.rnn.json` document. Pure (no vscode):
// the host turns them into one WorkspaceEdit, so one Ctrl+Z undoes them.
//
// Explicit matrices: only the number tokens whose value changes are replaced — comments, spacing,
// line breaks and every other character stay byte for byte. `{"init": …}` weights have no numbers
// to replace, so the whole `weights` value becomes explicit matrices, laid out one row per line in
// the file's own indentation and line endings. Numbers are written as the shortest text that reads
// back to the same float64 (String(x)), so parsing the edited text gives the new values bit for bit
// (src/engine/interop/weightsText.ts writes them).

import type { Edit, Node } from 'jsonc-parser';
import type { Tensor } from '../../engine/model';
import { propertyValue, weightNumbers } from '../editor/jsonLocation';
import { formatNumber, formatWeights } from '../../engine/interop/weightsText';

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
