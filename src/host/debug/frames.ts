// The call stack of a step (pure): the trace's nesting (docs/ARCHITECTURE.md), innermost first — the equation (the step
// itself, named by its title), its timestep ("BPTT t=3", none for the loss / clip / update), its
// phase ("backward") — each placed in the `.rnn.json` where it shows (modelLines.ts).

import type { Step, Trace } from '../../engine/trace/trace';
import { PHASE_WORDS, phaseAt } from '../../engine/trace/phases';
import { phasePosition, stepPosition, timestepPosition } from './framePositions';
import type { ModelText, TextPosition } from './modelSpans';

export interface Frame extends TextPosition {
  /** Stable ids, so the client's frame focus survives a step. */
  readonly id: number;
  readonly name: string;
}

export const FRAME_STEP = 1;
export const FRAME_TIMESTEP = 2;
export const FRAME_PHASE = 3;

/** The timestep frame's name: "BPTT t=3", "forward t=1". */
export function timestepName(step: Pick<Step, 'phase' | 't'>): string {
  return phaseAt(step.phase, step.t);
}

export function stepFrames(doc: ModelText, trace: Trace, stepIndex: number): Frame[] {
  const step = trace.steps[stepIndex];
  if (!step) return [];
  const frames: Frame[] = [{ id: FRAME_STEP, name: step.title, ...stepPosition(doc, trace, stepIndex) }];
  if (step.t !== null) frames.push({ id: FRAME_TIMESTEP, name: timestepName(step), ...timestepPosition(doc, step.t) });
  frames.push({ id: FRAME_PHASE, name: PHASE_WORDS[step.phase].word, ...phasePosition(doc, step.phase) });
  return frames;
}
