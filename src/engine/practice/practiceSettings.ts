// What a `.rnn.json` file's optional `practice` section says (docs/FORMAT.md, "Practice"): which
// steps to ask, how close an answer must be, and whether hints may be shown. Plain data, carried on
// the Model (model.ts) so that every view of a run can read it; parse/practiceSection.ts reads it
// from the file, questions.ts turns it into the questions of one run.

import type { Phase } from '../trace/trace';

/** When an answer counts as correct; see tolerance.ts for the exact rule. */
export interface Tolerance {
  /** Relative part: |answer − exact| ≤ relative · |exact| … */
  readonly relative: number;
  /** … or ≤ absolute, whichever is larger (the absolute part matters near zero). */
  readonly absolute: number;
}

/** One entry of `practice.ask`, read but not yet resolved against a run (questions.ts does that). */
export interface PracticeAsk {
  /** The entry as the file writes it (a string, or the object form rewritten as one), for messages. */
  readonly text: string;
  readonly phase: Phase;
  /** The timesteps asked; null: every timestep that has the step (or, for a parameter gradient,
   *  the finished sum at t = 1). */
  readonly times: readonly number[] | null;
  /** The tensor, normalized by askGrammar.ts (`da`, `dW_hh`, `W_hh'`, `gradNorm`); null: every
   *  step of the phase at those timesteps, each with its usual result. */
  readonly tensor: string | null;
}

export interface PracticeSettings {
  /** null: every step of the run is asked. */
  readonly asks: readonly PracticeAsk[] | null;
  readonly tolerance: Tolerance;
  /** May the hint ladder (equation, numbers, answer) be shown? */
  readonly hints: boolean;
}

/** Significant digits an answer must agree to by default (docs/FORMAT.md). */
export const DEFAULT_DIGITS = 4;

/** Relative tolerance of agreeing to `digits` significant digits, in the textbook sense: an
 *  approximation a of e is good to n significant digits when |a − e| / |e| ≤ 5 × 10⁻ⁿ. */
export function relativeForDigits(digits: number): number {
  return 5 * 10 ** -digits;
}

export const DEFAULT_TOLERANCE: Tolerance = { relative: relativeForDigits(DEFAULT_DIGITS), absolute: 1e-4 };

/** Practice mode on a file without a `practice` section: every step, default tolerance, hints on. */
export const DEFAULT_PRACTICE: PracticeSettings = { asks: null, tolerance: DEFAULT_TOLERANCE, hints: true };

/** The practice settings of a model: its own section, or the defaults. */
export function practiceSettingsOf(model: { readonly practice?: PracticeSettings }): PracticeSettings {
  return model.practice ?? DEFAULT_PRACTICE;
}
