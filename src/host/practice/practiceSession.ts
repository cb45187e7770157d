// Practice mode of one model's stepper panel, without VS Code: what the current step asks, whether
// its results are hidden, the learner's answers and hints, and their progress — kept in a store
// (VS Code's workspace state in the extension, a Map in the tests) under the document's URI, so it
// survives reloading the panel or the window. Every judgement is the engine's (engine/practice:
// questions.ts, diagnose.ts, hints.ts, progress.ts); this class only keeps the state and builds
// the panel's PracticeInfo. The exact value of a question leaves here only once the answer was
// right or the last hint (the answer) was asked for.

import { judgeAnswer } from '../../engine/practice/diagnose';
import { hintAt, type HintLevel } from '../../engine/practice/hints';
import { shapeWords } from '../../engine/practice/labels';
import { practiceSettingsOf } from '../../engine/practice/practiceSettings';
import {
  lastAnswer,
  progressFor,
  progressSummary,
  questionProgress,
  questionStatus,
  recordAnswer,
  recordHint,
  resetProgress,
  runFingerprint,
  type PracticeProgress,
  type ProgressSummary,
} from '../../engine/practice/progress';
import {
  askedStepIndices,
  nextAskedStep,
  practiceQuestions,
  questionsAt,
  type Question,
} from '../../engine/practice/questions';
import { describeTolerance } from '../../engine/practice/tolerance';
import type { Trace } from '../../engine/trace/trace';
import type { HintPayload, PracticeInfo, PracticeQuestionInfo } from '../../shared/protocol';
import { equationOptions } from '../panel/panelMessages';

/** Where progress is kept: vscode.Memento satisfies it. Values must be JSON-safe. */
export interface PracticeStore {
  get(key: string): unknown;
  update(key: string, value: unknown): PromiseLike<void> | void;
}

/** The store key of a model's progress. */
export function progressKey(uri: string): string {
  return `rnnStepper.practice.progress:${uri}`;
}

/** What practice mode reads of a session (session.ts implements it). */
export interface PracticeSource {
  readonly uri: { toString(): string };
  readonly trace: Trace | undefined;
}

/** The verdict last given in this session, by question, for the text it was given on. */
interface ShownVerdict {
  readonly text: string;
  readonly message: string;
}

interface RunState {
  readonly trace: Trace;
  readonly questions: readonly Question[];
  readonly asked: readonly number[];
  readonly fingerprint: string;
}

export class PracticeSession {
  private run: RunState | undefined;
  private progress: PracticeProgress | undefined;
  private readonly verdicts = new Map<string, ShownVerdict>();

  constructor(
    private readonly source: PracticeSource,
    private readonly store: PracticeStore,
    /** Called after every recorded answer, hint or reset (what is hidden may have changed). */
    private readonly onDidSave: () => void = () => undefined,
  ) {}

  private get key(): string {
    return progressKey(this.source.uri.toString());
  }

  /** The questions of the session's current trace (recomputed once per run). */
  private state(): RunState | undefined {
    const trace = this.source.trace;
    if (!trace) return undefined;
    if (this.run?.trace !== trace) {
      const questions = practiceQuestions(trace);
      const fingerprint = runFingerprint(trace);
      if (this.run?.fingerprint !== fingerprint) this.verdicts.clear();
      this.run = { trace, questions, asked: askedStepIndices(questions), fingerprint };
      this.progress = undefined;
    }
    return this.run;
  }

  /** The stored progress of this run (a fresh one once the model's numbers changed). */
  private current(run: RunState): PracticeProgress {
    this.progress ??= progressFor(this.store.get(this.key), run.fingerprint);
    return this.progress;
  }

  private save(p: PracticeProgress): void {
    this.progress = p;
    void this.store.update(this.key, p);
    this.onDidSave();
  }

  /** The questions the step at `index` asks. */
  questionsAt(index: number): Question[] {
    const run = this.state();
    return run ? questionsAt(run.questions, index) : [];
  }

  /** Whether the step's results are hidden: it asks something not yet solved nor revealed. */
  hides(index: number): boolean {
    const run = this.state();
    if (!run) return false;
    const p = this.current(run);
    return questionsAt(run.questions, index).some((q) => {
      const qp = questionProgress(p, q.key);
      return !qp.solved && qp.hints < 3;
    });
  }

  summary(): ProgressSummary | undefined {
    const run = this.state();
    return run ? progressSummary(this.current(run), run.questions) : undefined;
  }

  /** The step's part of the panel in practice mode. */
  info(index: number): PracticeInfo | undefined {
    const run = this.state();
    if (!run) return undefined;
    const settings = practiceSettingsOf(run.trace.model);
    const p = this.current(run);
    const questions = questionsAt(run.questions, index).map((q) => this.questionInfo(run, p, q, settings.hints));
    return {
      summary: progressSummary(p, run.questions).text,
      tolerance: describeTolerance(settings.tolerance),
      hintsAllowed: settings.hints,
      questions,
      previous: nextAskedStep(run.asked, index, -1),
      next: nextAskedStep(run.asked, index, 1),
    };
  }

  private questionInfo(run: RunState, p: PracticeProgress, q: Question, hints: boolean): PracticeQuestionInfo {
    const qp = questionProgress(p, q.key);
    const last = lastAnswer(p, q.key);
    // The verdict given in this session (an unreadable answer is not stored, but its verdict is
    // shown); after a reload, the stored answer judged again: same text, same verdict.
    let shown = this.verdicts.get(q.key);
    if (!shown && last) {
      shown = { text: last.text, message: judgeAnswer(run.trace, q, last.text).message };
      this.verdicts.set(q.key, shown);
    }
    const answer = shown?.text ?? null;
    const verdict = shown?.message ?? null;
    const opts = equationOptions(run.trace);
    const shownHints: HintPayload[] = [];
    for (let level = 1; hints && level <= qp.hints; level++) {
      const hint = hintAt(run.trace, q, level as HintLevel, opts);
      shownHints.push({ level: hint.level, title: hint.title, text: hint.text, tex: hint.tex });
    }
    return {
      key: q.key,
      label: q.label,
      shape: shapeWords(q.shape),
      status: questionStatus(p, q.key),
      revealed: hints && qp.hints >= 3,
      answer,
      verdict,
      hints: shownHints,
      moreHints: hints && qp.hints < 3,
    };
  }

  /** Judges an answer to a question of the step at `index` and records it. Undefined when the step
   *  does not ask `key` (a message from a panel that is behind). */
  answer(index: number, key: string, text: string): { correct: boolean; message: string } | undefined {
    const run = this.state();
    const q = run && questionsAt(run.questions, index).find((x) => x.key === key);
    if (!run || !q) return undefined;
    const v = judgeAnswer(run.trace, q, text);
    // An answer that could not be read is not an attempt: it is not recorded.
    if (v.kind !== 'unreadable') this.save(recordAnswer(this.current(run), q.key, text, v.correct));
    this.verdicts.set(q.key, { text, message: v.message });
    if (v.kind === 'unreadable') return { correct: false, message: v.message };
    return { correct: v.correct, message: v.message };
  }

  /** Shows the next rung of a question's ladder. False when there is none (or hints are off). */
  hint(index: number, key: string): boolean {
    const run = this.state();
    const q = run && questionsAt(run.questions, index).find((x) => x.key === key);
    if (!run || !q || !practiceSettingsOf(run.trace.model).hints) return false;
    const p = this.current(run);
    const level = questionProgress(p, q.key).hints;
    if (level >= 3) return false;
    this.save(recordHint(p, q.key, (level + 1) as HintLevel));
    return true;
  }

  /** Forgets every answer and hint of this model. */
  reset(): void {
    const run = this.state();
    this.verdicts.clear();
    if (run) this.save(resetProgress(this.current(run)));
    else void this.store.update(this.key, undefined);
  }

  /** Where a stepping command that would go from `from` to `to` stops in practice mode: on a model
   *  whose file has a practice section, the asked step nearest `to` in the same direction (or
   *  `from` when there is none); on any other model, `to` itself — every step is asked there. */
  steer(from: number, to: number): number {
    const run = this.state();
    if (!run || !run.trace.model.practice || to === from) return to;
    const next = to > from ? nextAskedStep(run.asked, to - 1, 1) : nextAskedStep(run.asked, to + 1, -1);
    return next ?? from;
  }

  /** The step practice mode starts on: the cursor if it asks something, else the next asked step
   *  (on a model with a practice section), else the cursor. */
  startAt(cursor: number): number {
    const run = this.state();
    if (!run || !run.trace.model.practice || run.asked.includes(cursor)) return cursor;
    return nextAskedStep(run.asked, cursor, 1) ?? run.asked[0] ?? cursor;
  }
}
