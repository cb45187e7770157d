// A step → where its stack frames show in the `.rnn.json` (pure): the weight for updates and
// accumulations, the target for ℓ_t, the input token for the other steps of timestep t; a phase
// frame on `inputs` for the passes, on the loss / clip / learning-rate settings for the others.

import type { Step, Trace } from '../../engine/trace/trace';
import { findSpan, positionOf, type ModelText, type Span, type TextPosition } from './modelSpans';

/** Where a step shows in the file (its top stack frame): see the header. Line 1 when nothing maps. */
export function stepPosition(doc: ModelText, trace: Trace, stepIndex: number): TextPosition {
  const step = trace.steps[stepIndex];
  const start: TextPosition = { line: 1, column: 1 };
  if (!step) return start;
  const param =
    step.phase === 'update'
      ? step.kind
      : step.writes.find((w) => w.name.startsWith('d') && w.name.slice(1) in trace.model.params)?.name.slice(1);
  const t = step.t;
  const span =
    (param !== undefined ? findSpan(doc, (a) => a.kind === 'param' && a.param === param) : undefined) ??
    (t !== null && step.kind === 'loss' ? findSpan(doc, (a) => a.kind === 'target' && a.t === t) : undefined) ??
    (t !== null ? timestepSpan(doc, t) : undefined) ??
    phaseSpan(doc, step.phase);
  return span ? positionOf(doc, span.offset) : start;
}

function timestepSpan(doc: ModelText, t: number): Span | undefined {
  return findSpan(doc, (a) => a.kind === 'input' && a.t === t);
}

function phaseSpan(doc: ModelText, phase: Step['phase']): Span | undefined {
  switch (phase) {
    case 'forward':
    case 'backward':
      return findSpan(doc, (a) => a.kind === 'inputs');
    case 'loss':
      return findSpan(doc, (a) => a.kind === 'loss') ?? findSpan(doc, (a) => a.kind === 'targets');
    case 'clip':
      return findSpan(doc, (a) => a.kind === 'clipNorm');
    case 'update':
      return findSpan(doc, (a) => a.kind === 'learningRate') ?? findSpan(doc, (a) => a.kind === 'param');
    default: {
      const never: never = phase;
      throw new Error(`unknown phase ${String(never)}`);
    }
  }
}

/** Where the timestep frame of `t` shows: the input token of t. */
export function timestepPosition(doc: ModelText, t: number): TextPosition {
  const span = timestepSpan(doc, t);
  return span ? positionOf(doc, span.offset) : { line: 1, column: 1 };
}

/** Where a phase frame shows: `inputs` for the passes, the loss / clip / learning-rate settings. */
export function phasePosition(doc: ModelText, phase: Step['phase']): TextPosition {
  const span = phaseSpan(doc, phase);
  return span ? positionOf(doc, span.offset) : { line: 1, column: 1 };
}
