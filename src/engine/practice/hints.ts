// The ladder of hints for a question, shown one rung at a time and counted by progress.ts:
//   1. the symbolic equation, with one plain sentence on what it computes (stepSentences.ts);
//   2. the numbers substituted, with the result hidden (hiddenEquation.ts);
//   3. the answer: the equation with every number, and the exact value.
// A practice section with "hints": false has no ladder at all (not even the answer).

import type { Tensor } from '../model';
import { stepEquation, type EquationOptions } from '../equations/equations';
import type { Trace } from '../trace/trace';
import { formatAnswer } from './answerFit';
import { hiddenStepEquation } from './hiddenEquation';
import { exactValue } from './mistakes';
import { practiceSettingsOf, type PracticeSettings } from './practiceSettings';
import type { Question } from './questions';
import { stepSentence } from './stepSentences';

export type HintLevel = 1 | 2 | 3;

export const HINT_LEVELS: readonly HintLevel[] = [1, 2, 3];

export type Hint =
  | {
      readonly level: 1;
      readonly title: string;
      /** What the step computes, in words. */
      readonly text: string;
      /** The symbolic equation (KaTeX). */
      readonly tex: string;
    }
  | {
      readonly level: 2;
      readonly title: string;
      readonly text: string;
      /** The numbers substituted, the result a box of `?` (KaTeX). */
      readonly tex: string;
    }
  | {
      readonly level: 3;
      readonly title: string;
      /** "δa₄ = 0.2850659086801632" (text a learner could type back). */
      readonly text: string;
      /** The full numeric equation (KaTeX). */
      readonly tex: string;
      readonly value: Tensor;
    };

/** One rung of the ladder. */
export function hintAt(trace: Trace, q: Question, level: HintLevel, opts: EquationOptions = {}): Hint {
  const step = trace.steps[q.stepIndex];
  switch (level) {
    case 1:
      return {
        level,
        title: 'The equation',
        text: stepSentence(trace, step),
        tex: stepEquation(trace, q.stepIndex, opts).symbolic,
      };
    case 2:
      return {
        level,
        title: 'The numbers',
        text: `The equation with this run's numbers; ${q.label} is left for you to compute.`,
        tex: hiddenStepEquation(trace, q.stepIndex, opts).numeric,
      };
    case 3: {
      const value: Tensor = { shape: [...q.shape], data: exactValue(trace, q).slice() };
      return {
        level,
        title: 'The answer',
        text: `${q.label} = ${formatAnswer(value)}`,
        tex: stepEquation(trace, q.stepIndex, opts).numeric,
        value,
      };
    }
    default: {
      const never: never = level;
      throw new Error(`no hint level ${String(never)}`);
    }
  }
}

/** The whole ladder, or none when the practice section turns hints off. */
export function hintLadder(
  trace: Trace,
  q: Question,
  settings: PracticeSettings = practiceSettingsOf(trace.model),
  opts: EquationOptions = {},
): Hint[] {
  return settings.hints ? HINT_LEVELS.map((level) => hintAt(trace, q, level, opts)) : [];
}
