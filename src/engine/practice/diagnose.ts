// The verdict on an answer: right (and then, only then, the exact value), or not quite with what
// was off — the mistake it matches (mistakes.ts), else which elements are wrong (their sign, or
// close but not to the tolerance), else that it is not the value — never the value itself. The
// panel announces `message`; `kind` and `elementIndex` let it mark the element that is off.

import type { Tensor } from '../model';
import type { Trace } from '../trace/trace';
import { formatAnswer, readAnswer, type AnswerProblem } from './answerFit';
import { elementWords } from './labels';
import { candidateMistakes, exactValue, type MistakeKind } from './mistakes';
import { practiceSettingsOf, type Tolerance } from './practiceSettings';
import type { Question } from './questions';
import { agrees, allAgree, allowedError, describeTolerance, disagreeing } from './tolerance';

export type VerdictKind = MistakeKind | 'unreadable' | 'shape' | 'elements' | 'close' | 'unknown';

export interface Verdict {
  readonly correct: boolean;
  /** The exact value, only when the answer is correct: a wrong answer never reveals it. */
  readonly exact: Tensor | null;
  /** The exact value as text a learner can read back (formatAnswer), only when correct. */
  readonly exactText: string | null;
  /** "Correct: δa₄ = 0.28491…", or "Not quite: …" with what was off. */
  readonly message: string;
  /** What kind of slip (absent when correct). */
  readonly kind?: VerdictKind;
  /** Row-major index of the first element that is off, when only some are. */
  readonly elementIndex?: number;
  readonly elements?: readonly number[];
  /** Why the text could not be read (kind 'unreadable' or 'shape'), with its place in the text. */
  readonly problem?: AnswerProblem;
}

/** How close counts as "close": within this many times the tolerance. */
const CLOSE = 10;

/** Reads and checks a typed answer. */
export function judgeAnswer(
  trace: Trace,
  q: Question,
  text: string,
  tol: Tolerance = practiceSettingsOf(trace.model).tolerance,
): Verdict {
  const read = readAnswer(text, { shape: q.shape, label: q.label });
  if (!read.ok) {
    const p = read.problem;
    const kind: VerdictKind = p.transposed ? 'transposed' : p.kind === 'syntax' ? 'unreadable' : 'shape';
    const lead = p.kind === 'syntax' ? "Can't read that" : 'Not quite';
    return { correct: false, exact: null, exactText: null, message: `${lead}: ${p.message}.`, kind, problem: p };
  }
  return checkAnswer(trace, q, read.value, tol);
}

/** Checks an answer of the question's shape. */
export function checkAnswer(trace: Trace, q: Question, answer: Tensor, tol: Tolerance): Verdict {
  const exact = exactValue(trace, q);
  const a = answer.data;
  if (a.length !== exact.length) throw new Error(`the answer has ${a.length} numbers, ${q.label} has ${exact.length}`);
  if (allAgree(a, exact, tol)) {
    const value: Tensor = { shape: [...q.shape], data: exact.slice() };
    const exactText = formatAnswer(value);
    return { correct: true, exact: value, exactText, message: `Correct: ${q.label} = ${exactText}` };
  }
  const wrong = (message: string, kind: VerdictKind, elements?: number[]): Verdict => ({
    correct: false,
    exact: null,
    exactText: null,
    message: `Not quite: ${message}.`,
    kind,
    ...(elements ? { elementIndex: elements[0], elements } : {}),
  });
  for (const m of candidateMistakes(trace, q)) {
    if (m.value.length !== exact.length || allAgree(m.value, exact, tol)) continue; // not a mistake here
    if (allAgree(a, m.value, tol)) return wrong(m.message, m.kind);
  }
  const off = disagreeing(a, exact, tol);
  const close = (i: number): boolean => Math.abs(a[i] - exact[i]) <= CLOSE * allowedError(exact[i], tol);
  const flipped = (i: number): boolean => exact[i] !== 0 && agrees(-a[i], exact[i], tol);
  const words = describeTolerance(tol);
  if (off.length < exact.length) {
    const where = listWords(off.map((i) => elementWords(q.shape, i)));
    const verb = off.length === 1 ? 'is' : 'are';
    if (off.every(flipped))
      return wrong(
        `${where} of ${q.label} ${off.length === 1 ? 'has' : 'have'} the wrong sign (the rest is right)`,
        'sign',
        off,
      );
    if (off.every(close)) return wrong(`${where} ${verb} close but not to ${words} (the rest is right)`, 'close', off);
    return wrong(`${where} of ${q.label} ${verb} off (the rest is right)`, 'elements', off);
  }
  if (off.every(close))
    return wrong(`close, but not to ${words} — carry more digits through the intermediate results`, 'close');
  return wrong(`this is not ${q.label}, and not a slip I recognize — check the equation term by term`, 'unknown');
}

/** "a", "a and b", "a, b and c". */
function listWords(items: readonly string[]): string {
  const s = items.length > 6 ? [...items.slice(0, 5), `${items.length - 5} more`] : items;
  return s.length === 1 ? s[0] : `${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}`;
}
