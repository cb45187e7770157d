// `inputs`: the sequence the model runs on. Token mode (a vocab is given): tokens of the vocab, or
// one string read as its characters. Vector mode (no vocab): arrays of numbers, all of one length.
// The token sequences of `targets` (targets.ts) are resolved by the same resolveTokens. Token ids
// are resolved here; vector values are copied only after the whole file is valid.

import type { Node } from 'jsonc-parser';
import type { Limits } from './problems';
import { characterSpans, characters, describe, elements, type Member } from './jsonNodes';
import { indexPath } from './jsonPath';
import { count, plural, quote } from './wording';
import type { ProblemList } from './problemList';
import { checkNumber, isFiniteNumber } from './numericArrays';
import { notInListMessage, type TokenList, type TokenSource } from './tokenList';

export type InputsInfo =
  | { readonly kind: 'tokens'; readonly T: number; readonly ids: Int32Array | null; readonly node: Node }
  | { readonly kind: 'vectors'; readonly T: number; readonly I: number | null; readonly node: Node };

/** One token sequence (an array of strings or a string of characters) resolved against `list`. */
export function resolveTokens(
  member: Member,
  source: TokenSource,
  role: 'inputs' | 'targets',
  firstToken: string,
  problems: ProblemList,
): { ids: Int32Array | null; ok: boolean } {
  const node = member.value as Node;
  // The known strings even of an invalid list: a token missing from it is reported regardless.
  const list: TokenList | null = source.known;
  const report = problems.elementReporter(node, member.path, member.key);
  let valid = true;
  if (node.type === 'string') {
    const chars = characters(node);
    const ids = list ? new Int32Array(chars.length) : null;
    let spans: { offset: number; length: number }[] | null = null;
    for (let k = 0; k < chars.length; k++) {
      const id = list?.index.get(chars[k]);
      if (ids && list) {
        if (id === undefined) {
          spans ??= characterSpans(node, problems.text);
          const span = spans[k] ?? { offset: node.offset, length: node.length };
          const path = indexPath(member.path, k);
          report.at(
            span.offset,
            span.length,
            path,
            notInListMessage(path, chars[k], source, list, role, ` (character ${k + 1} of the string)`),
          );
          valid = false;
        } else ids[k] = id;
      }
    }
    report.close();
    return { ids: valid ? ids : null, ok: valid };
  }
  const items = elements(node);
  const ids = list ? new Int32Array(items.length) : null;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    if (item.type === 'null' && role === 'targets') {
      if (ids) ids[k] = -1;
      continue;
    }
    if (item.type === 'string' && ids && list) {
      const id = list.index.get(String(item.value));
      if (id !== undefined) {
        ids[k] = id; // the common case: no path, no message, nothing allocated
        continue;
      }
    }
    const path = indexPath(member.path, k);
    if (item.type !== 'string') {
      let message: string;
      if (role === 'inputs') {
        message = `${path} is ${describe(item, problems.text)}, but with a vocab every input must be a token of it (a string)${item.type === 'array' ? ' — remove "vocab" to use vector inputs' : ''}`;
      } else if (item.type === 'array') {
        message = `${path} is a vector, but ${firstToken} is a token; the targets must be all tokens or all vectors (null where a step has none)`;
      } else {
        message = `${path} is ${describe(item, problems.text)}, but every target must be a token of the ${source.what} (a string) or null`;
      }
      report.error(item, path, message);
      valid = false;
      continue;
    }
    if (!ids || !list) continue;
    report.error(item, path, notInListMessage(path, String(item.value), source, list, role));
    valid = false;
  }
  report.close();
  return { ids: valid ? ids : null, ok: valid };
}

/** Length of a sequence node: characters of a string, elements of an array. */
export function sequenceLength(node: Node): number {
  return node.type === 'string' ? characters(node).length : elements(node).length;
}

export function readInputs(
  member: Member | undefined,
  root: Node,
  vocab: TokenSource | null,
  limits: Limits,
  problems: ProblemList,
): InputsInfo | undefined {
  if (!member || !member.value) {
    if (!member)
      problems.add(
        'error',
        '',
        root.offset,
        1,
        `the model has no "inputs": add the input sequence — tokens of the vocab (e.g. ["hi", "there"]) or, without a vocab, vectors of numbers (e.g. [[0.5], [0.1]])`,
      );
    return undefined;
  }
  const node = member.value;
  const tokenMode = vocab !== null;
  if (node.type !== 'array' && !(node.type === 'string' && tokenMode)) {
    const expected = tokenMode
      ? 'an array of tokens of the vocab, or a string read as its characters'
      : 'an array of vectors of numbers (e.g. [[0.5], [0.1]]) — or add a "vocab" to give tokens';
    problems.error(node, member.path, `inputs must be ${expected}, found ${describe(node, problems.text)}`);
    return undefined;
  }
  const T = sequenceLength(node);
  if (T === 0) {
    problems.error(node, member.path, `inputs is empty; it must have at least one step`);
    return undefined;
  }
  if (T > limits.maxSteps) {
    problems.error(
      node,
      member.path,
      `inputs has ${T} steps, more than the limit of ${count(limits.maxSteps)} timesteps`,
    );
    return undefined;
  }
  if (vocab) {
    const { ids } = resolveTokens(member, vocab, 'inputs', '', problems);
    return { kind: 'tokens', T, ids, node };
  }
  // Vector mode: every element an array of numbers, all as long as the first (the input size I).
  const items = elements(node);
  if (items.every((item) => item.type === 'string')) {
    problems.error(
      node,
      member.path,
      `inputs are tokens (${quote(String(items[0].value))}, …), but there is no vocab: add "vocab": [ … ] listing every token, or give the inputs as vectors of numbers`,
    );
    return undefined;
  }
  const report = problems.elementReporter(node, member.path, 'inputs');
  const firstNode = items[0];
  const I = firstNode.type === 'array' ? elements(firstNode).length : null;
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const path = indexPath(member.path, k);
    if (item.type === 'string') {
      report.error(
        item,
        path,
        `${path} is the token ${quote(String(item.value))}, but there is no vocab: add "vocab": [ … ] listing every token, or give the inputs as vectors of numbers`,
      );
      continue;
    }
    if (item.type !== 'array') {
      report.error(
        item,
        path,
        `${path} is ${describe(item, problems.text)}, but every input must be a vector of numbers (an array such as [0.5]), or a token when a vocab is given`,
      );
      continue;
    }
    const values = elements(item);
    if (k > 0 && I !== null && values.length !== I) {
      report.error(
        item,
        path,
        `${path} has ${plural(values.length, 'number')} but inputs[0] has ${I} (every input vector must have the same length: the input size)`,
      );
    }
    for (let c = 0; c < values.length; c++)
      if (!isFiniteNumber(values[c])) checkNumber(values[c], indexPath(path, c), 'inputs', report, problems.text);
  }
  report.close();
  if (I === 0)
    problems.error(
      firstNode,
      indexPath(member.path, 0),
      `inputs[0] is an empty vector; the input size must be at least 1`,
    );
  else if (I !== null && I > limits.maxInput)
    problems.error(
      firstNode,
      indexPath(member.path, 0),
      `inputs[0] has ${I} numbers, more than the limit of ${count(limits.maxInput)} for the input size`,
    );
  return { kind: 'vectors', T, I: I !== null && I > 0 && I <= limits.maxInput ? I : null, node };
}
