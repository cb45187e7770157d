// Reading jsonc-parser's tree safely. The tree is only trusted for positions and literal values:
// every accessor checks the node's type and guards missing children, so a malformed or
// half-typed document can never make validation throw.

import type { Node } from 'jsonc-parser';
import { keyPath } from './jsonPath';
import type { ProblemList } from './problemList';
import { clip, quote } from './wording';

/** One `"key": value` of an object. `value` is undefined only for a broken property. */
export interface Member {
  readonly key: string;
  readonly keyNode: Node;
  readonly value: Node | undefined;
  readonly path: string;
}

/** The members of an object by key; a duplicate key is an error (JSON readers disagree on which wins). */
export function members(object: Node, path: string, problems: ProblemList): Map<string, Member> {
  const out = new Map<string, Member>();
  for (const prop of object.children ?? []) {
    const keyNode = prop.children?.[0];
    if (prop.type !== 'property' || !keyNode || typeof keyNode.value !== 'string') continue;
    const key: string = keyNode.value;
    const member: Member = { key, keyNode, value: prop.children?.[1], path: keyPath(path, key) };
    const first = out.get(key);
    if (first) {
      problems.error(
        keyNode,
        member.path,
        `${quote(key)} appears twice in ${path === '' ? 'the model' : path} (first at line ${problems.lineOf(first.keyNode.offset)}); remove one — JSON readers disagree on which one counts`,
      );
    }
    out.set(key, member);
  }
  return out;
}

/** What a node is, for messages: `a string ("abc")`, `a number (3)`, `an array`, `an object`, `null`. */
export function describe(node: Node, text: string): string {
  switch (node.type) {
    case 'string':
      return `a string (${clip(JSON.stringify(String(node.value)))})`;
    case 'number':
      return `a number (${clip(text.slice(node.offset, node.offset + node.length))})`;
    case 'boolean':
      return String(node.value);
    case 'null':
      return 'null';
    case 'array':
      return node.children && node.children.length > 0 ? 'an array' : 'an empty array';
    case 'object':
      return 'an object';
    case 'property':
      return 'a property';
    default: {
      const never: never = node.type;
      return String(never);
    }
  }
}

/** The literal text of a number node as written (`1e999`), for messages about it. */
export function numberText(node: Node, text: string): string {
  return clip(text.slice(node.offset, node.offset + node.length));
}

/** A finite number node's value, else undefined. */
export function finiteNumber(node: Node | undefined): number | undefined {
  return node && node.type === 'number' && typeof node.value === 'number' && Number.isFinite(node.value)
    ? node.value
    : undefined;
}

/** The children of an array node (empty for anything else). */
export function elements(node: Node): Node[] {
  return node.type === 'array' ? (node.children ?? []) : [];
}

/** A string node's value read as characters (code points, so an emoji is one character). */
export function characters(node: Node): string[] {
  return typeof node.value === 'string' ? Array.from(node.value) : [];
}

/** Where each character of a string node starts in the text, and how long it is there — escapes
 *  such as `\u00e9` take six code units in the text for one character. Index k: character k. */
export function characterSpans(node: Node, text: string): { offset: number; length: number }[] {
  const end = node.offset + node.length - 1; // the closing quote
  const unitStarts: number[] = [];
  for (let i = node.offset + 1; i < end;) {
    unitStarts.push(i);
    if (text.charCodeAt(i) === 92 /* \ */) i += text.charCodeAt(i + 1) === 117 /* u */ ? 6 : 2;
    else i += 1;
  }
  const spans: { offset: number; length: number }[] = [];
  const value = typeof node.value === 'string' ? node.value : '';
  let unit = 0;
  for (const ch of value) {
    const start = unitStarts[unit] ?? end;
    unit += ch.length;
    const next = unitStarts[unit] ?? end;
    spans.push({ offset: start, length: Math.max(1, next - start) });
  }
  return spans;
}
