// Where each debugger request moves the cursor: DAP's requests in the words of the engine's
// navigation (engine/trace/navigation.ts, which defines them), plus the breakpoint stops of
// continue; pure, tested without VS Code. The DAP granularities map onto the trace's nesting
// (docs/ARCHITECTURE.md): 'line' = one timestep group (one (phase, t), or the loss / clip / update),
// 'statement' = one step (one equation), 'instruction' = one step too (an equation is the smallest
// thing the trace records; its elements are values, not steps). VS Code sends no granularity
// except from the disassembly view, and no granularity means 'line'.
//
//   next         'line': the stepper's Next Timestep; else its Step Forward (one step)
//   stepIn       the stepper's Step Forward (the next equation)
//   stepOut      the stepper's Step Out (end of the phase; from there, end of the next phase)
//   stepBack     'line': the stepper's Previous Timestep — the exact inverse of next from a group
//                start; else its Step Backward (the previous step)
//   continue     the next breakpoint stop after the cursor, else the last step
//   reverse…     the previous breakpoint stop before the cursor, else step 0

import type { Step } from '../../engine/trace/trace';
import { navigate } from '../../engine/trace/navigation';

export type Granularity = 'line' | 'statement' | 'instruction';
export type StepRequest = 'next' | 'stepIn' | 'stepOut' | 'stepBack';

/** DAP's optional granularity, read as ours ('line' when absent or unknown). */
export function granularityOf(value: unknown): Granularity {
  return value === 'statement' || value === 'instruction' ? value : 'line';
}

/** The index a step request moves to from `index` (the same index when it cannot move). */
export function stepTarget(
  steps: readonly Step[],
  index: number,
  request: StepRequest,
  granularity: Granularity = 'line',
): number {
  const last = steps.length - 1;
  if (last < 0) return 0;
  const i = Math.max(0, Math.min(last, Math.floor(index)));
  const fine = granularity !== 'line';
  switch (request) {
    case 'next':
      return navigate(steps, i, fine ? 'stepForward' : 'nextTimestep');
    case 'stepIn':
      return navigate(steps, i, 'stepForward');
    case 'stepOut':
      return navigate(steps, i, 'stepOut');
    case 'stepBack':
      return navigate(steps, i, fine ? 'stepBackward' : 'previousTimestep');
    default: {
      const never: never = request;
      throw new Error(`unknown step request ${String(never)}`);
    }
  }
}

export interface ContinueTarget {
  readonly index: number;
  /** Whether it stopped on a breakpoint stop (else it ran to the end, or back to the start). */
  readonly hit: boolean;
}

/** Where continue (or, with `reverse`, reverse continue) stops, given the breakpoint stops. */
export function continueTarget(
  steps: readonly Step[],
  index: number,
  stops: Iterable<number>,
  reverse: boolean,
): ContinueTarget {
  const last = steps.length - 1;
  let best = reverse ? -1 : Infinity;
  for (const s of stops) {
    if (s < 0 || s > last) continue;
    if (reverse ? s < index && s > best : s > index && s < best) best = s;
  }
  if (reverse) return best >= 0 ? { index: best, hit: true } : { index: 0, hit: false };
  return best <= last ? { index: best, hit: true } : { index: Math.max(0, last), hit: false };
}
