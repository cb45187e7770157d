// The five phases of a run and every word the views use for them, in one table: the panel's badge
// and timeline, the status bar, Go to Step…'s group headings and the debugger's call stack all
// read it, so a phase is called the same everywhere it is called the same thing.

import type { Phase } from './trace';

/** The phases in run order. */
export const PHASES: readonly Phase[] = ['forward', 'loss', 'backward', 'clip', 'update'];

export interface PhaseWords {
  /** The phase as a word of its own: the debugger's phase frame ("backward"). */
  readonly word: string;
  /** Short name, with a timestep after it: the panel's badge and the debugger's timestep frame
   *  ("BPTT t=3"). */
  readonly name: string;
  /** Go to Step…'s group heading, where "BPTT" alone would not be found by typing "backward". */
  readonly heading: string;
  /** The status bar's mark of direction: ▸ forward, Σ the loss, ◂ everything computed backwards. */
  readonly mark: string;
  /** The timeline's label where the full one does not fit. */
  readonly short: string;
}

export const PHASE_WORDS: Readonly<Record<Phase, PhaseWords>> = {
  forward: { word: 'forward', name: 'forward', heading: 'forward', mark: '▸', short: 'fwd' },
  loss: { word: 'loss', name: 'loss', heading: 'loss', mark: 'Σ', short: 'L' },
  backward: { word: 'backward', name: 'BPTT', heading: 'backward (BPTT)', mark: '◂', short: 'BPTT' },
  clip: { word: 'clip', name: 'clip', heading: 'clip', mark: '◂', short: '‖g‖' },
  update: { word: 'update', name: 'update', heading: 'update', mark: '◂', short: 'upd' },
};

/** The phase with its timestep, where it has one: "BPTT t=3", "loss". */
export function phaseAt(phase: Phase, t: number | null): string {
  const name = PHASE_WORDS[phase].name;
  return t === null ? name : `${name} t=${t}`;
}

/** The whole phase over a run of T timesteps, as the timeline labels it: "forward t=1…4", "BPTT t=4…1". */
export function phaseSpan(phase: Phase, T: number): string {
  switch (phase) {
    case 'forward':
      return `${PHASE_WORDS.forward.name} t=1…${T}`;
    case 'backward':
      return `${PHASE_WORDS.backward.name} t=${T}…1`;
    case 'loss':
    case 'clip':
    case 'update':
      return PHASE_WORDS[phase].name;
    default: {
      const never: never = phase;
      return String(never);
    }
  }
}
