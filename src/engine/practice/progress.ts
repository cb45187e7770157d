// A learner's progress on one model: per question, the answers given (latest last), whether one was
// right, and how many rungs of the hint ladder were shown — plain JSON-safe data, changed only by
// the pure functions below (each returns a new value), so the host can keep it in workspace state
// and the panel can show "3 of 8 steps correct, 2 hints". The progress carries the fingerprint of
// the run it was made on (runFingerprint): once the model's numbers change, the old answers no
// longer apply and `progressFor` starts afresh. Stored progress is untrusted input and is read
// defensively (parseProgress).

import type { Trace } from '../trace/trace';
import type { HintLevel } from './hints';
import type { Question } from './questions';

export interface AnswerRecord {
  /** The text as typed (at most MAX_TEXT characters are kept). */
  readonly text: string;
  readonly correct: boolean;
}

export interface QuestionProgress {
  /** Answers given, oldest first (the last MAX_ANSWERS are kept). */
  readonly answers: readonly AnswerRecord[];
  /** Some answer was right. */
  readonly solved: boolean;
  /** The highest rung of the hint ladder shown (0: none). */
  readonly hints: 0 | HintLevel;
}

export interface PracticeProgress {
  readonly version: 1;
  /** runFingerprint of the run the answers were given on. */
  readonly fingerprint: string;
  /** By Question.key. */
  readonly questions: Readonly<Record<string, QuestionProgress>>;
}

export type QuestionStatus = 'correct' | 'incorrect' | 'unanswered';

export interface ProgressSummary {
  /** Asked steps all of whose questions are solved. */
  readonly correct: number;
  /** Asked steps with a question answered, but not yet right. */
  readonly incorrect: number;
  /** The rest: nothing answered yet, or some questions right and the others not tried. */
  readonly unanswered: number;
  /** Asked steps in all. */
  readonly total: number;
  /** Hint rungs shown, over every question. */
  readonly hints: number;
  /** "3 of 8 steps correct, 2 hints" */
  readonly text: string;
}

export const MAX_ANSWERS = 20;
export const MAX_TEXT = 2000;
const MAX_QUESTIONS = 100_000;

export function emptyProgress(fingerprint: string): PracticeProgress {
  return { version: 1, fingerprint, questions: {} };
}

const NONE: QuestionProgress = { answers: [], solved: false, hints: 0 };

export function questionProgress(p: PracticeProgress, key: string): QuestionProgress {
  return Object.prototype.hasOwnProperty.call(p.questions, key) ? p.questions[key] : NONE;
}

function withQuestion(p: PracticeProgress, key: string, q: QuestionProgress): PracticeProgress {
  return { ...p, questions: { ...p.questions, [key]: q } };
}

/** Records an answer and whether it was right. */
export function recordAnswer(p: PracticeProgress, key: string, text: string, correct: boolean): PracticeProgress {
  const q = questionProgress(p, key);
  const answers = [...q.answers, { text: text.slice(0, MAX_TEXT), correct }].slice(-MAX_ANSWERS);
  return withQuestion(p, key, { ...q, answers, solved: q.solved || correct });
}

/** Records that the ladder was shown up to `level` (showing a rung again costs nothing). */
export function recordHint(p: PracticeProgress, key: string, level: HintLevel): PracticeProgress {
  const q = questionProgress(p, key);
  return level <= q.hints ? p : withQuestion(p, key, { ...q, hints: level });
}

/** The last answer given to a question (shown again when the learner steps back to it), or null. */
export function lastAnswer(p: PracticeProgress, key: string): AnswerRecord | null {
  const a = questionProgress(p, key).answers;
  return a.length > 0 ? a[a.length - 1] : null;
}

export function questionStatus(p: PracticeProgress, key: string): QuestionStatus {
  const q = questionProgress(p, key);
  return q.solved ? 'correct' : q.answers.length > 0 ? 'incorrect' : 'unanswered';
}

/** Forgets every answer and hint (the same run). */
export function resetProgress(p: PracticeProgress): PracticeProgress {
  return emptyProgress(p.fingerprint);
}

/** Counts per asked step: a step is correct when all its questions are solved. */
export function progressSummary(p: PracticeProgress, questions: readonly Question[]): ProgressSummary {
  const steps = new Map<number, QuestionStatus[]>();
  let hints = 0;
  for (const q of questions) {
    const list = steps.get(q.stepIndex) ?? [];
    list.push(questionStatus(p, q.key));
    steps.set(q.stepIndex, list);
    hints += questionProgress(p, q.key).hints;
  }
  let correct = 0;
  let incorrect = 0;
  for (const list of steps.values()) {
    if (list.every((s) => s === 'correct')) correct++;
    else if (list.some((s) => s === 'incorrect')) incorrect++;
  }
  const total = steps.size;
  return {
    correct,
    incorrect,
    unanswered: total - correct - incorrect,
    total,
    hints,
    text: `${correct} of ${total} step${total === 1 ? '' : 's'} correct, ${hints} hint${hints === 1 ? '' : 's'}`,
  };
}

/** The stored progress when it belongs to this run, else a fresh one. */
export function progressFor(stored: unknown, fingerprint: string): PracticeProgress {
  const p = parseProgress(stored);
  return p && p.fingerprint === fingerprint ? p : emptyProgress(fingerprint);
}

/** Validates stored progress (workspace state is not trusted); null when it is not progress. */
export function parseProgress(value: unknown): PracticeProgress | null {
  if (!isRecord(value) || value.version !== 1 || typeof value.fingerprint !== 'string' || !isRecord(value.questions))
    return null;
  const entries = Object.entries(value.questions);
  if (entries.length > MAX_QUESTIONS) return null;
  const questions: [string, QuestionProgress][] = [];
  for (const [key, q] of entries) {
    if (!isRecord(q) || !Array.isArray(q.answers) || typeof q.solved !== 'boolean') return null;
    if (q.hints !== 0 && q.hints !== 1 && q.hints !== 2 && q.hints !== 3) return null;
    const answers: AnswerRecord[] = [];
    for (const a of q.answers.slice(-MAX_ANSWERS)) {
      if (!isRecord(a) || typeof a.text !== 'string' || typeof a.correct !== 'boolean') return null;
      answers.push({ text: a.text.slice(0, MAX_TEXT), correct: a.correct });
    }
    questions.push([key, { answers, solved: q.solved, hints: q.hints }]);
  }
  // fromEntries defines own properties, so a key such as "__proto__" is data, never a prototype.
  return { version: 1, fingerprint: value.fingerprint, questions: Object.fromEntries(questions) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A short hash of a run: its shape and settings, and numbers every edit of the model's numbers
 *  moves (the loss, the gradient norm, the hidden states — the first and last 4096 of them when
 *  there are more). Two runs of the same file give the same fingerprint on every machine. */
export function runFingerprint(trace: Trace): string {
  const m = trace.model;
  let h = 0x811c9dc5;
  const bytes = new Uint8Array(8);
  const view = new DataView(bytes.buffer);
  const mix = (x: number): void => {
    view.setFloat64(0, x);
    for (let i = 0; i < 8; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  };
  const text = `${m.cell}|${m.activation}|${m.loss}|${m.reduction}|${m.inputSize}|${m.hiddenSize}|${m.outputSize}|${m.steps}|${trace.steps.length}`;
  for (let i = 0; i < text.length; i++) mix(text.charCodeAt(i));
  for (const x of [m.train.learningRate, m.train.clipNorm ?? -1, trace.loss, trace.lossSum, trace.gradNorm]) mix(x);
  const hs = trace.series.h;
  const cap = 4096;
  for (let i = 0; i < hs.length; i++) {
    if (hs.length > 2 * cap && i === cap) i = hs.length - cap;
    mix(hs[i]);
  }
  for (const x of trace.dh0) mix(x);
  return (h >>> 0).toString(16).padStart(8, '0');
}
