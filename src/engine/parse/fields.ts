// Readers for single values of the file (enums, strings, numbers with a range), each reporting a
// problem that names the key, what was found and what is expected. A Field keeps "absent" apart
// from "invalid" so that later checks neither cascade from an error already reported nor
// complain that a wrongly typed key is missing.

import type { Node } from 'jsonc-parser';
import { describe, finiteNumber, numberText, type Member } from './jsonNodes';
import { closest, listOf } from './suggest';
import type { ProblemList } from './problemList';
import { count } from './wording';

export type Field<T> =
  | { readonly kind: 'absent' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'ok'; readonly value: T; readonly member: Member; readonly node: Node };

export const ABSENT = { kind: 'absent' } as const;
export const INVALID = { kind: 'invalid' } as const;

export function ok<T>(value: T, member: Member, node: Node): Field<T> {
  return { kind: 'ok', value, member, node };
}

/** The value when present and valid, else `fallback`. */
export function valueOr<T>(field: Field<T>, fallback: T): T {
  return field.kind === 'ok' ? field.value : fallback;
}

/** One of a fixed set of strings: `cell must be "rnn", "lstm" or "gru", found "lst" (did you mean "lstm"?)`. */
export function readEnum<T extends string>(
  member: Member | undefined,
  allowed: readonly T[],
  problems: ProblemList,
): Field<T> {
  if (!member) return ABSENT;
  const node = member.value;
  if (!node) return INVALID;
  if (node.type === 'string' && (allowed as readonly string[]).includes(node.value))
    return ok(node.value as T, member, node);
  const hint = node.type === 'string' ? closest(String(node.value), allowed) : undefined;
  problems.error(
    node,
    member.path,
    `${member.key} must be ${listOf(allowed)}, found ${describe(node, problems.text)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`,
  );
  return INVALID;
}

export function readString(member: Member | undefined, problems: ProblemList, why: string): Field<string> {
  if (!member) return ABSENT;
  const node = member.value;
  if (!node) return INVALID;
  if (node.type === 'string') return ok(String(node.value), member, node);
  problems.error(node, member.path, `${member.key} must be a string (${why}), found ${describe(node, problems.text)}`);
  return INVALID;
}

export interface NumberRule {
  readonly integer?: boolean;
  /** Inclusive lower bound (≥), or exclusive (>) when `exclusive`; none when absent. */
  readonly min?: number;
  readonly exclusive?: boolean;
  /** Inclusive upper bound (≤); none when absent. */
  readonly max?: number;
  /** Also accept `null` (clipNorm). */
  readonly nullable?: boolean;
  /** What the number means, for the message. */
  readonly why: string;
}

/** A finite number within a range: `learningRate must be a number > 0 (the SGD step size), found -0.1`. */
export function readNumber(
  member: Member | undefined,
  rule: NumberRule & { readonly nullable: true },
  problems: ProblemList,
): Field<number | null>;
export function readNumber(member: Member | undefined, rule: NumberRule, problems: ProblemList): Field<number>;
export function readNumber(member: Member | undefined, rule: NumberRule, problems: ProblemList): Field<number | null> {
  if (!member) return ABSENT;
  const node = member.value;
  if (!node) return INVALID;
  if (rule.nullable && node.type === 'null') return ok(null, member, node);
  const bound =
    rule.min === undefined
      ? ''
      : rule.max !== undefined && !rule.exclusive
        ? ` from ${count(rule.min)} to ${count(rule.max)}`
        : ` ${rule.exclusive ? '>' : '≥'} ${rule.min}`;
  const expected = `${rule.integer ? 'an integer' : 'a number'}${bound}${rule.nullable ? ' or null' : ''}`;
  const fail = (found: string): Field<number | null> => {
    problems.error(node, member.path, `${member.key} must be ${expected} (${rule.why}), found ${found}`);
    return INVALID;
  };
  if (node.type !== 'number') return fail(describe(node, problems.text));
  const value = finiteNumber(node);
  if (value === undefined) return fail(`${numberText(node, problems.text)}, which is not a finite 64-bit number`);
  if (rule.integer && !Number.isInteger(value))
    return fail(`${numberText(node, problems.text)}, which is not a whole number`);
  if (rule.min !== undefined && (rule.exclusive ? !(value > rule.min) : !(value >= rule.min)))
    return fail(numberText(node, problems.text));
  if (rule.max !== undefined && value > rule.max) return fail(numberText(node, problems.text));
  return ok(value, member, node);
}
