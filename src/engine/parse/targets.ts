// `targets`: what the model should output at each timestep — tokens of `classes` (defaulting to
// the vocab, resolved like the inputs: sequences.ts), vectors of one length, or null where a
// timestep has no target. Vector values are copied only after the whole file is valid.

import type { Node } from 'jsonc-parser';
import type { Limits } from './problems';
import { describe, elements, type Member } from './jsonNodes';
import { indexPath } from './jsonPath';
import { count, plural } from './wording';
import type { ProblemList } from './problemList';
import { checkNumber, isFiniteNumber } from './numericArrays';
import type { TokenSource } from './tokenList';
import { resolveTokens, sequenceLength } from './sequences';

export type TargetsInfo =
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid' }
  /** ids: index into the classes, −1 for null; null when some target could not be resolved (reported). */
  | { readonly kind: 'tokens'; readonly node: Node; readonly ids: Int32Array | null }
  /** O: the common vector length, null when unusable (reported). Values are copied later. */
  | { readonly kind: 'vectors'; readonly node: Node; readonly O: number | null };

export function readTargets(
  member: Member | undefined,
  classes: TokenSource | null,
  T: number | undefined,
  limits: Limits,
  problems: ProblemList,
): TargetsInfo {
  if (!member) return { kind: 'none' };
  const node = member.value;
  if (!node) return { kind: 'invalid' };
  if (node.type !== 'array' && node.type !== 'string') {
    problems.error(
      node,
      member.path,
      `targets must be an array (one entry per input step: a token of the classes, a vector of numbers, or null) or a string read as its characters, found ${describe(node, problems.text)}`,
    );
    return { kind: 'invalid' };
  }
  const length = sequenceLength(node);
  let valid = true;
  if (T !== undefined && length !== T) {
    problems.error(
      node,
      member.path,
      `targets has ${node.type === 'string' ? plural(length, 'character') : plural(length, 'entry', 'entries')} but inputs has ${plural(T, 'step')} (one target per input step; use null for a step without a target)`,
    );
    valid = false;
  }
  const items = elements(node);
  const firstIndex = node.type === 'string' ? (length > 0 ? 0 : -1) : items.findIndex((n) => n.type !== 'null');
  if (firstIndex < 0) {
    // Empty (its length problem is already reported when the inputs are known) or all null.
    if (length > 0)
      problems.error(
        node,
        member.path,
        `targets has no target at any step (every entry is null); give at least one, or leave "targets" out to run without a loss`,
      );
    else if (T === undefined)
      problems.error(node, member.path, `targets is empty; give one target per input step, or leave "targets" out`);
    return { kind: 'invalid' };
  }
  const first = node.type === 'string' ? node : items[firstIndex];
  if (first.type === 'string') {
    if (!classes) {
      problems.error(
        node,
        member.path,
        `the targets are tokens but there is neither "classes" nor "vocab" to draw them from: add "classes": [ … ] listing every possible target`,
      );
      return { kind: 'tokens', node, ids: null };
    }
    const { ids, ok } = resolveTokens(member, classes, 'targets', indexPath(member.path, firstIndex), problems);
    return { kind: 'tokens', node, ids: valid && ok ? ids : null };
  }
  if (first.type !== 'array') {
    problems.error(
      first,
      indexPath(member.path, firstIndex),
      `${indexPath(member.path, firstIndex)} is ${describe(first, problems.text)}, but a target must be a token (a string), a vector of numbers, or null`,
    );
    return { kind: 'invalid' };
  }
  // Vector targets: the output size O is their common length.
  const O = elements(first).length;
  const report = problems.elementReporter(node, member.path, 'targets');
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const path = indexPath(member.path, k);
    if (item.type === 'null') continue;
    if (item.type !== 'array') {
      report.error(
        item,
        path,
        `${path} is ${describe(item, problems.text)}, but ${indexPath(member.path, firstIndex)} is a vector; the targets must be all vectors of numbers (null where a step has none)${item.type === 'string' ? ' or all tokens' : ''}`,
      );
      continue;
    }
    const values = elements(item);
    if (values.length !== O) {
      report.error(
        item,
        path,
        `${path} has ${plural(values.length, 'number')} but ${indexPath(member.path, firstIndex)} has ${O} (every target vector must have the same length: the output size)`,
      );
    }
    for (let c = 0; c < values.length; c++)
      if (!isFiniteNumber(values[c])) checkNumber(values[c], indexPath(path, c), 'targets', report, problems.text);
  }
  report.close();
  let size: number | null = O;
  if (O === 0) {
    problems.error(
      first,
      indexPath(member.path, firstIndex),
      `${indexPath(member.path, firstIndex)} is an empty vector; the output size must be at least 1`,
    );
    size = null;
  } else if (O > limits.maxOutput) {
    problems.error(
      first,
      indexPath(member.path, firstIndex),
      `${indexPath(member.path, firstIndex)} has ${O} numbers, more than the limit of ${count(limits.maxOutput)} for the output size`,
    );
    size = null;
  }
  if (classes && classes.what === 'classes' && classes.list.kind === 'ok') {
    const m = classes.list.member;
    problems.error(
      m.keyNode,
      m.path,
      `classes only applies to token targets, but the targets are vectors (their length, ${O}, is the output size); remove "classes" or give token targets`,
    );
  }
  return { kind: 'vectors', node, O: size };
}
