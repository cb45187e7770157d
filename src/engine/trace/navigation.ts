// Where the cursor goes: the one definition of every stepping word, as pure functions of the step
// list and the current index (tested without VS Code). The stepper's commands, the panel's prefetch
// and timeline, Go to Step… and the debugger (host/debug/debugNavigation.ts) all move through here.
//
// The levels mirror a debugger's (docs/ARCHITECTURE.md): a group (one timestep of one phase, or the
// loss / clip / update) ≈ a line, a step (one equation) ≈ a statement, a phase ≈ a function. Each
// level has a command forwards and its inverse backwards:
//
//   Step Forward / Step Backward   → the next / previous step: one of the panel's "step N of M";
//                                    exact inverses from every step
//   Next Timestep                  → first step of the next group (finishes this timestep)
//   Previous Timestep              → start of this group; from a start, the previous group's start —
//                                    so it undoes Next Timestep from every group start
//   Step Out                       → last step of this phase; from there, the next phase's last
//   Step Back Out                  → first step of this phase; from there, the previous phase's
//                                    first — Step Out on the run read backwards
//   Run to End / Go to Start       → last / first step
//
// The debugger keeps DAP's words on top of these: Step Over = Next Timestep, Step Into = Step
// Forward, Step Back = Previous Timestep, Step Out = Step Out.

import { PHASE_WORDS } from './phases';
import type { Phase, Step } from './trace';

export type NavCommand =
  | 'stepForward'
  | 'stepBackward'
  | 'nextTimestep'
  | 'previousTimestep'
  | 'stepOut'
  | 'stepBackOut'
  | 'runToEnd'
  | 'goToStart';

/** The stepper's commands: each is registered as `rnn.<command>` (package.json contributes them). */
export const NAV_COMMANDS: readonly NavCommand[] = [
  'stepForward',
  'stepBackward',
  'nextTimestep',
  'previousTimestep',
  'stepOut',
  'stepBackOut',
  'runToEnd',
  'goToStart',
];

/** Each forward command and its backward counterpart: exact inverses from every step (Step
 *  Forward / Backward) and from every group start (Next / Previous Timestep); Step Back Out is
 *  Step Out on the run read backwards (phase start ↔ phase end). */
export const INVERSE_PAIRS: readonly (readonly [NavCommand, NavCommand])[] = [
  ['stepForward', 'stepBackward'],
  ['nextTimestep', 'previousTimestep'],
  ['stepOut', 'stepBackOut'],
];

export type NavSteps = readonly Step[];

// ── Groups and phases ─────────────────────────────────────────────────────────────────────────

export interface StepRange {
  /** First and last index, inclusive. */
  readonly start: number;
  readonly end: number;
}

function clampIndex(steps: NavSteps, index: number): number {
  return Math.max(0, Math.min(steps.length - 1, Math.floor(index)));
}

function rangeWhere(steps: NavSteps, index: number, same: (a: Step, b: Step) => boolean): StepRange {
  const i = clampIndex(steps, index);
  let start = i;
  let end = i;
  while (start > 0 && same(steps[start - 1], steps[i])) start--;
  while (end < steps.length - 1 && same(steps[end + 1], steps[i])) end++;
  return { start, end };
}

/** The timestep group around `index`: consecutive steps with the same phase and t (loss, clip and
 *  update, having no t, are each one group). */
export function groupRange(steps: NavSteps, index: number): StepRange {
  return rangeWhere(steps, index, (a, b) => a.phase === b.phase && a.t === b.t);
}

/** All steps of the phase around `index`. */
export function phaseRange(steps: NavSteps, index: number): StepRange {
  return rangeWhere(steps, index, (a, b) => a.phase === b.phase);
}

/** Start of the next timestep group (Next Timestep), or null at the last group. */
export function nextGroupStart(steps: NavSteps, index: number): number | null {
  if (steps.length === 0) return null;
  const { end } = groupRange(steps, index);
  return end + 1 < steps.length ? end + 1 : null;
}

/** Start of the group before the one holding `index` (the inverse of nextGroupStart from a group
 *  start), or null in the first group. */
export function prevGroupStart(steps: NavSteps, index: number): number | null {
  if (steps.length === 0) return null;
  const { start } = groupRange(steps, index);
  return start > 0 ? groupRange(steps, start - 1).start : null;
}

/** Previous Timestep (see the header): the start of this group, or of the previous one from a start. */
export function groupBack(steps: NavSteps, index: number): number {
  if (steps.length === 0) return 0;
  const i = clampIndex(steps, index);
  const { start } = groupRange(steps, i);
  return start < i ? start : (prevGroupStart(steps, i) ?? 0);
}

/** Last step of the phase holding `index`. */
export function phaseEnd(steps: NavSteps, index: number): number {
  return phaseRange(steps, index).end;
}

/** Step Out: the end of this phase, or of the next one when already there. */
function stepOut(steps: NavSteps, i: number): number {
  const end = phaseEnd(steps, i);
  if (end !== i) return end;
  return end < steps.length - 1 ? phaseEnd(steps, end + 1) : end;
}

/** Step Back Out: the start of this phase, or of the previous one when already there. */
function stepBackOut(steps: NavSteps, i: number): number {
  const { start } = phaseRange(steps, i);
  if (start !== i) return start;
  return start > 0 ? phaseRange(steps, start - 1).start : 0;
}

/** The run's shape as the panel's timeline draws it: contiguous phases, and the timestep groups. */
export interface TimelineShape {
  readonly stepCount: number;
  readonly phases: readonly { readonly phase: Phase; readonly start: number; readonly count: number }[];
  /** First step index of each group, ascending; a group ends where the next starts. */
  readonly groupStarts: readonly number[];
  /** The group's timestep (0 for loss/clip/update groups). */
  readonly groupT: readonly number[];
}

/** The phases and groups of a step list, in one pass. */
export function timelineShape(steps: NavSteps): TimelineShape {
  const phases: { phase: Phase; start: number; count: number }[] = [];
  const groupStarts: number[] = [];
  const groupT: number[] = [];
  steps.forEach((s, i) => {
    const prev = i > 0 ? steps[i - 1] : undefined;
    if (!prev || prev.phase !== s.phase) phases.push({ phase: s.phase, start: i, count: 0 });
    phases[phases.length - 1].count++;
    if (!prev || prev.phase !== s.phase || prev.t !== s.t) {
      groupStarts.push(i);
      groupT.push(s.t ?? 0);
    }
  });
  return { stepCount: steps.length, phases, groupStarts, groupT };
}

// ── The commands ──────────────────────────────────────────────────────────────────────────────

/** The index `command` moves to from `index` (the same index when it cannot move). */
export function navigate(steps: NavSteps, index: number, command: NavCommand): number {
  const last = steps.length - 1;
  if (last < 0) return 0;
  const i = clampIndex(steps, index);
  switch (command) {
    case 'stepForward':
      return Math.min(last, i + 1);
    case 'stepBackward':
      return Math.max(0, i - 1);
    case 'nextTimestep':
      return nextGroupStart(steps, i) ?? last;
    case 'previousTimestep':
      return groupBack(steps, i);
    case 'stepOut':
      return stepOut(steps, i);
    case 'stepBackOut':
      return stepBackOut(steps, i);
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

/** The steps a person is likely to go to next from `index` (Step Forward, Step Backward, Next
 *  Timestep), without `index` itself: what the panel typesets ahead of time. */
export function likelyNext(steps: NavSteps, index: number): number[] {
  const next = new Set<number>();
  for (const c of ['stepForward', 'stepBackward', 'nextTimestep'] as const) next.add(navigate(steps, index, c));
  next.delete(index);
  return [...next];
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
    // The same id (phase:t:kind), compared field by field: no string built per step.
    const { phase, t, kind } = previous;
    const same = steps.findIndex((s) => s.kind === kind && s.t === t && s.phase === phase);
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

// ── Go to Step… ───────────────────────────────────────────────────────────────────────────────

/** The group a step belongs to, as Go to Step… heads it: "forward t=3", "loss", "update". */
export function groupLabel(step: Pick<Step, 'phase' | 't'>): string {
  const heading = PHASE_WORDS[step.phase].heading;
  return step.t === null ? heading : `${heading} t=${step.t}`;
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
