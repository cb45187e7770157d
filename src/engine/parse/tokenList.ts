// `vocab` and `classes`: arrays of distinct strings. Each token is one row of the one-hot input
// (vocab) or one output (classes), so a duplicate would make two rows mean the same thing.
//
// A list with a problem (a duplicate, a number among the strings) has no size — the input or
// output size it would give is in doubt — but its strings are still known: the inputs and
// targets are checked against them, so a token missing from the vocab is reported whatever else
// is wrong with it.

import { describe, elements, type Member } from './jsonNodes';
import { ABSENT, INVALID, ok, type Field } from './fields';
import { indexPath } from './jsonPath';
import { count, quote, tokenListText } from './wording';
import { closest } from './suggest';
import type { ProblemList } from './problemList';

export interface TokenList {
  readonly tokens: string[];
  /** token → index in `tokens` */
  readonly index: Map<string, number>;
}

/** Where token targets are drawn from: `classes`, or `vocab` when classes is not given. */
export interface TokenSource {
  readonly what: 'classes' | 'vocab';
  readonly list: Field<TokenList>;
  /** The strings of the list (each at its first index), also when `list` is invalid. */
  readonly known: TokenList | null;
}

export interface TokenListRead {
  readonly field: Field<TokenList>;
  /** The strings of the list as written, each indexed at its first occurrence (null when the
   *  list is absent, not an array, empty or beyond the limit). */
  readonly known: TokenList | null;
}

export function readTokenList(
  member: Member | undefined,
  limit: number,
  limitName: string,
  problems: ProblemList,
): TokenListRead {
  const none = (field: Field<TokenList>): TokenListRead => ({ field, known: null });
  if (!member) return none(ABSENT);
  const node = member.value;
  if (!node) return none(INVALID);
  const what = member.key;
  const role = what === 'vocab' ? 'each is one entry of the one-hot input' : 'each is one output of the model';
  if (node.type !== 'array') {
    const hint =
      node.type === 'string'
        ? ` — write each token as its own string, e.g. ${JSON.stringify(Array.from(String(node.value)).slice(0, 3))}`
        : '';
    problems.error(
      node,
      member.path,
      `${what} must be an array of distinct strings (${role}), found ${describe(node, problems.text)}${hint}`,
    );
    return none(INVALID);
  }
  const items = elements(node);
  if (items.length === 0) {
    problems.error(node, member.path, `${what} is empty; it must list at least one token`);
    return none(INVALID);
  }
  if (items.length > limit) {
    problems.error(
      node,
      member.path,
      `${what} has ${items.length} tokens, more than the limit of ${count(limit)} (${limitName})`,
    );
    return none(INVALID);
  }
  const tokens: string[] = [];
  const written: string[] = [];
  const index = new Map<string, number>();
  let valid = true;
  const report = problems.elementReporter(node, member.path, what);
  for (let k = 0; k < items.length; k++) {
    const item = items[k];
    const path = indexPath(member.path, k);
    if (item.type !== 'string') {
      report.error(
        item,
        path,
        `${path} is ${describe(item, problems.text)}, but every token of ${what} must be a string`,
      );
      valid = false;
      continue;
    }
    const token = String(item.value);
    written.push(token);
    const first = index.get(token);
    if (first !== undefined) {
      report.error(
        item,
        path,
        `${path} is ${quote(token)}, which is already ${indexPath(what, first)}; the tokens of ${what} must be distinct (${role})`,
      );
      valid = false;
      continue;
    }
    index.set(token, k);
    tokens.push(token);
  }
  report.close();
  const list: TokenList = { tokens, index };
  return valid ? { field: ok(list, member, node), known: list } : { field: INVALID, known: { tokens: written, index } };
}

/** `inputs[3] is "cat", which is not in the vocab (did you mean "cart"?); vocab is ["hi", …]`. */
export function notInListMessage(
  path: string,
  token: string,
  source: TokenSource,
  list: TokenList,
  role: 'inputs' | 'targets',
  note = '',
): string {
  const hint = list.tokens.length <= 5000 ? closest(token, list.tokens) : undefined;
  const where = source.what === 'classes' ? 'which is not one of the classes' : 'which is not in the vocab';
  const why =
    source.what === 'vocab' && role === 'targets'
      ? ' (token targets are drawn from classes, which defaults to the vocab)'
      : '';
  return `${path} is ${quote(token)}${note}, ${where}${hint !== undefined ? ` (did you mean ${quote(hint)}?)` : ''}; ${tokenListText(source.what, list.tokens)}${why}`;
}
