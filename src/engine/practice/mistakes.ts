// The wrong answers a learner is likely to give for a question, each computed from the step's
// operands with the recorded values of the trace, with a sentence that names the mistake without
// giving the answer: a term left out (a_t without W_xh x_t; δh_t without what comes back from
// t + 1; δy_t without the −1 at the target), an operand from the wrong timestep (h_t for h_{t−1}),
// a transposed weight, a function forgotten or swapped, a partial gradient sum. diagnose.ts
// compares the answer with each, in this order: the step's own mistakes first (mistakesForward.ts,
// mistakesGated.ts, mistakesBackward.ts, mistakesLater.ts), then the ones any value can suffer
// (sign, a factor of 2, a decimal point, a transposed matrix).

import { valueAt } from '../trace/stepValues';
import type { Trace } from '../trace/trace';
import type { Question } from './questions';
import { forwardMistakes } from './mistakesForward';
import { backwardMistakes } from './mistakesBackward';
import { laterMistakes } from './mistakesLater';
import { scale, transposed } from './valueMath';

export type MistakeKind =
  | 'sign'
  | 'factor'
  | 'decimal-point'
  | 'transposed'
  | 'missing-term'
  | 'wrong-operand'
  | 'wrong-function'
  | 'partial-sum';

export interface Mistake {
  readonly kind: MistakeKind;
  /** What went wrong, in plain text, without the right value: "a₁ without the input term W_xh x₁". */
  readonly message: string;
  /** The wrong answer it produces (row-major, the question's shape). */
  readonly value: ArrayLike<number>;
}

/** The exact value a question asks for, as recorded at its step. */
export function exactValue(trace: Trace, q: Question): Float64Array {
  const v = valueAt(trace, q.target, q.stepIndex);
  if (!v) throw new Error(`${q.label} is not recorded at step ${q.stepIndex}`);
  return v.data;
}

/** Above this many multiply-adds (timesteps × hidden × the largest layer), a model is far beyond
 *  hand computation and only the general mistakes are tried: checking an answer stays a few
 *  milliseconds, never a pause of the extension host. */
export const SPECIFIC_MISTAKES_BUDGET = 4_000_000;

/** Every mistake worth testing an answer against, most specific first. */
export function candidateMistakes(trace: Trace, q: Question): Mistake[] {
  const step = trace.steps[q.stepIndex];
  const m = trace.model;
  const cost = m.steps * m.hiddenSize * Math.max(m.hiddenSize, m.inputSize, m.outputSize);
  const specific =
    cost > SPECIFIC_MISTAKES_BUDGET
      ? []
      : step.phase === 'forward' || step.phase === 'loss'
        ? forwardMistakes(trace, q)
        : step.phase === 'backward'
          ? backwardMistakes(trace, q)
          : laterMistakes(trace, q);
  return [...specific, ...generalMistakes(exactValue(trace, q), q)];
}

/** Mistakes any value can suffer. */
export function generalMistakes(exact: Float64Array, q: Question): Mistake[] {
  const out: Mistake[] = [
    {
      kind: 'sign',
      message: `the sign is flipped — check each minus sign on the way to ${q.label}`,
      value: scale(exact, -1),
    },
    {
      kind: 'factor',
      message: `this is twice ${q.label} — look for a factor of 2 that does not belong`,
      value: scale(exact, 2),
    },
    {
      kind: 'factor',
      message: `this is half of ${q.label} — look for a factor of ½ or a division by 2`,
      value: scale(exact, 0.5),
    },
    { kind: 'decimal-point', message: 'the decimal point is one place off', value: scale(exact, 10) },
    { kind: 'decimal-point', message: 'the decimal point is one place off', value: scale(exact, 0.1) },
  ];
  const [r, c] = q.shape;
  if (q.shape.length === 2 && r === c && r > 1)
    out.push({
      kind: 'transposed',
      message: `rows and columns are swapped: this is the transpose of ${q.label}`,
      value: transposed(exact, r, c),
    });
  return out;
}
