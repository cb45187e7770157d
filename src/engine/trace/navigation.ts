// Where each stepper command moves the cursor: pure functions of the step list and the current
// index, so they are tested without VS Code. The levels mirror a debugger's (DESIGN.md): a group
// (one timestep of one phase, or the loss / clip / update) ≈ a line, a step (one equation) ≈ a
// statement, a phase ≈ a function.
//
//   Step Forward  → first step of the next group (finishes the current timestep, like step over)
//   Step Into     → the next step (the next equation)
//   Step Backward → the previous step along the recorded timeline
//   Step Out      → last step of the current phase; if already there, last step of the next phase
//   Run to End / Go to Start → last / first step

import { nextGroupStart, phaseEnd } from './steps';
import type { Step } from './trace';

export type NavCommand = 'stepForward' | 'stepBackward' | 'stepInto' | 'stepOut' | 'runToEnd' | 'goToStart';

export const NAV_COMMANDS: readonly NavCommand[] = [
  'stepForward',
  'stepBackward',
  'stepInto',
  'stepOut',
  'runToEnd',
  'goToStart',
];

export type NavSteps = readonly Step[];

/** The index `command` moves to from `index` (the same index when it cannot move). */
export function navigate(steps: NavSteps, index: number, command: NavCommand): number {
  const last = steps.length - 1;
  if (last < 0) return 0;
  const i = Math.max(0, Math.min(last, Math.floor(index)));
  switch (command) {
    case 'stepForward':
      return nextGroupStart(steps, i) ?? last;
    case 'stepBackward':
      return Math.max(0, i - 1);
    case 'stepInto':
      return Math.min(last, i + 1);
    case 'stepOut': {
      const end = phaseEnd(steps, i);
      if (end !== i) return end;
      return end < last ? phaseEnd(steps, end + 1) : last;
    }
    case 'runToEnd':
      return last;
    case 'goToStart':
      return 0;
    default: {
      const never: never = command;
      throw new Error(`unknown command ${String(never)}`);
    }
  }
}

export function canStepBack(steps: NavSteps, index: number): boolean {
  return steps.length > 0 && index > 0;
}

export function canStepForward(steps: NavSteps, index: number): boolean {
  return index < steps.length - 1;
}

/** Where the cursor goes after a re-run (an edit): the step with the same id where it still
 *  exists; else the same equation of the same phase at the nearest timestep that has it (the edit
 *  shortened the sequence); else the same index, clamped. */
export function cursorAfterRun(previous: Step | undefined, previousIndex: number, steps: NavSteps): number {
  if (steps.length === 0) return 0;
  if (previous) {
    const same = steps.findIndex((s) => s.id === previous.id);
    if (same >= 0) return same;
    let best = -1;
    let bestDist = Infinity;
    for (const s of steps) {
      if (s.phase !== previous.phase || s.kind !== previous.kind) continue;
      const dist = Math.abs((s.t ?? 0) - (previous.t ?? 0));
      if (dist < bestDist) {
        best = s.index;
        bestDist = dist;
      }
    }
    if (best >= 0) return best;
  }
  return Math.max(0, Math.min(steps.length - 1, previousIndex));
}

const PHASE_NAME: Record<Step['phase'], string> = {
  forward: 'forward',
  loss: 'loss',
  backward: 'backward (BPTT)',
  clip: 'clip',
  update: 'update',
};

/** The group a step belongs to, as Go to Step… heads it: "forward t=3", "loss", "update". */
export function groupLabel(step: Pick<Step, 'phase' | 't'>): string {
  return step.t === null ? PHASE_NAME[step.phase] : `${PHASE_NAME[step.phase]} t=${step.t}`;
}

export type PickRow =
  { readonly separator: string } | { readonly index: number; readonly label: string; readonly description: string };

/** Go to Step…'s rows: a heading per group, then each of its steps with its title. */
export function stepPickRows(steps: NavSteps): PickRow[] {
  const rows: PickRow[] = [];
  let group = '';
  for (const s of steps) {
    const g = groupLabel(s);
    if (g !== group) {
      rows.push({ separator: g });
      group = g;
    }
    // The step number first and t last: typing "backward t=3" then matches only that group's rows
    // (quick pick matching is fuzzy over the whole description).
    rows.push({ index: s.index, label: s.title, description: `step ${s.index + 1} · ${g}` });
  }
  return rows;
}
