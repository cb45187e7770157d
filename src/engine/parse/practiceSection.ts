// The optional `practice` section of a `.rnn.json` file (docs/FORMAT.md, "Practice"): which steps
// to ask (practiceAsks.ts), the tolerance of an answer, and whether hints may be shown. Read like
// `train`: unknown keys are warnings with a did-you-mean. Whether each asked step exists in the run
// is checked once the model is built (attachPractice, with practice/questions.ts's checkAsks), and
// every entry that names a step the run does not have is an error at its place.

import type { Model } from '../model';
import { describe, members, type Member } from './jsonNodes';
import { readNumber, valueOr } from './fields';
import type { ProblemList } from './problemList';
import { closest, listOf } from './suggest';
import { quote } from './wording';
import { readAsks, type AskSource } from './practiceAsks';
import { checkAsks } from '../practice/questions';
import {
  DEFAULT_PRACTICE,
  DEFAULT_TOLERANCE,
  relativeForDigits,
  type PracticeSettings,
  type Tolerance,
} from '../practice/practiceSettings';

export const PRACTICE_KEYS = ['ask', 'tolerance', 'hints'] as const;
export const TOLERANCE_KEYS = ['digits', 'relative', 'absolute'] as const;

export interface PracticeSection {
  readonly settings: PracticeSettings;
  /** The entries of `ask` that read, parallel to `settings.asks`. */
  readonly sources: readonly AskSource[];
}

/** Reads the section; undefined when the file has none (or it is not an object, reported). */
export function readPractice(member: Member | undefined, problems: ProblemList): PracticeSection | undefined {
  if (!member?.value) return undefined;
  const node = member.value;
  if (node.type !== 'object') {
    problems.error(
      node,
      member.path,
      `practice must be an object such as {"ask": ["forward t=1 h"]}, found ${describe(node, problems.text)}`,
    );
    return undefined;
  }
  const keys = members(node, member.path, problems);
  warnUnknown(keys, PRACTICE_KEYS, 'practice', problems);
  const askMember = keys.get('ask');
  const sources = askMember?.value ? readAsks(askMember.value, askMember.path, problems) : [];
  const hintsMember = keys.get('hints');
  let hints = DEFAULT_PRACTICE.hints;
  if (hintsMember?.value) {
    if (hintsMember.value.type === 'boolean') hints = Boolean(hintsMember.value.value);
    else
      problems.error(
        hintsMember.value,
        hintsMember.path,
        `hints must be true or false (may the hint ladder be shown?), found ${describe(hintsMember.value, problems.text)}`,
      );
  }
  return {
    settings: {
      asks: askMember ? sources.map((s) => s.ask) : null,
      tolerance: readTolerance(keys.get('tolerance'), problems),
      hints,
    },
    sources,
  };
}

function warnUnknown(keys: Map<string, Member>, known: readonly string[], where: string, problems: ProblemList): void {
  for (const m of keys.values()) {
    if (known.includes(m.key)) continue;
    const hint = closest(
      m.key,
      known.filter((k) => !keys.has(k)),
    );
    problems.warning(
      m.keyNode,
      m.path,
      `${where} has no setting ${quote(m.key)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}; it is ignored (the settings are ${listOf(known, true, 'and')})`,
    );
  }
}

function readTolerance(member: Member | undefined, problems: ProblemList): Tolerance {
  if (!member?.value) return DEFAULT_TOLERANCE;
  const node = member.value;
  if (node.type !== 'object') {
    problems.error(
      node,
      member.path,
      `tolerance must be an object such as {"digits": 4} or {"relative": 0.0005, "absolute": 0.0001}, found ${describe(node, problems.text)}`,
    );
    return DEFAULT_TOLERANCE;
  }
  const keys = members(node, member.path, problems);
  warnUnknown(keys, TOLERANCE_KEYS, 'tolerance', problems);
  const digits = readNumber(
    keys.get('digits'),
    { integer: true, min: 1, why: 'significant digits an answer must agree to' },
    problems,
  );
  const relative = readNumber(
    keys.get('relative'),
    { min: 0, why: 'the largest |answer − exact| / |exact| accepted' },
    problems,
  );
  const absolute = readNumber(
    keys.get('absolute'),
    { min: 0, why: 'the largest |answer − exact| accepted near zero' },
    problems,
  );
  if (digits.kind === 'ok' && digits.value > 15) {
    problems.error(
      digits.node,
      digits.member.path,
      `digits must be at most 15 (a float64 holds about 16), found ${digits.value}`,
    );
    return DEFAULT_TOLERANCE;
  }
  if (relative.kind === 'ok' && relative.value >= 1) {
    problems.error(
      relative.node,
      relative.member.path,
      `relative must be less than 1 (1 would accept 0 for any value), found ${relative.value}`,
    );
    return DEFAULT_TOLERANCE;
  }
  if (digits.kind === 'ok' && relative.kind === 'ok') {
    problems.error(
      relative.member.keyNode,
      relative.member.path,
      `give "digits" or "relative", not both: digits n means relative 5 × 10^-n`,
    );
    return DEFAULT_TOLERANCE;
  }
  const tol: Tolerance = {
    relative: digits.kind === 'ok' ? relativeForDigits(digits.value) : valueOr(relative, DEFAULT_TOLERANCE.relative),
    absolute: valueOr(absolute, DEFAULT_TOLERANCE.absolute),
  };
  if (tol.relative === 0 && tol.absolute === 0) {
    problems.error(
      node,
      member.path,
      'a tolerance of 0 accepts only the exact float64 value, which no hand computation reaches; give "digits", "relative" or "absolute" > 0',
    );
    return DEFAULT_TOLERANCE;
  }
  return tol;
}

/** The built model with its practice section, once every entry is checked against its run; null
 *  (with a problem at each entry) when an entry asks for a step the run does not have. */
export function attachPractice(model: Model, section: PracticeSection, problems: ProblemList): Model | null {
  const { settings, sources } = section;
  if (settings.asks !== null) {
    const errors = checkAsks(model, settings.asks);
    for (const e of errors) {
      const source = sources[e.askIndex];
      const { offset, length } = source.place(e.part);
      problems.add('error', source.path, offset, length, `${e.message} (in ${quote(source.ask.text)})`);
    }
    if (errors.length > 0) return null;
  }
  return { ...model, practice: settings };
}
