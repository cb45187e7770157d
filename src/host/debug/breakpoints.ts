// The breakpoints a person set on lines of `.rnn.json` files, and the steps each stops at (pure:
// the adapter converts to and from DAP). A breakpoint is kept by the line (and column, for an
// inline breakpoint) it was set on and mapped onto the run again whenever the run changes — an
// edit can add timesteps or move a weight to another line. Breakpoints in any other file stay
// unverified: the gutter accepts them in every JSON file (package.json contributes.breakpoints).

import type { Trace } from '../../engine/trace/trace';
import { stepsForLine } from './modelLines';
import type { ModelText } from './modelSpans';

export interface BreakpointState {
  readonly id: number;
  /** 1-based, as in the file. */
  readonly line: number;
  readonly column?: number;
  /** Step indices it stops at in the current run (empty when unverified). */
  steps: readonly number[];
}

/** What the breakpoints are mapped onto: the model being debugged. */
export interface BreakpointModel {
  readonly sourcePath: string;
  readonly sourceName: string;
  readonly trace: Trace | undefined;
  modelText(): ModelText;
}

export interface Verdict {
  readonly verified: boolean;
  /** Shown on the breakpoint's hover: what it stops at, or why it does not. */
  readonly message: string;
}

export class BreakpointTable {
  private readonly bySource = new Map<string, BreakpointState[]>();
  private nextId = 1;

  /** Replaces the breakpoints of one file (DAP sends a file's whole set each time). */
  set(path: string, requested: readonly { readonly line: number; readonly column?: number }[]): BreakpointState[] {
    const states = requested.map((b): BreakpointState => ({
      id: this.nextId++,
      line: b.line,
      ...(b.column === undefined ? {} : { column: b.column }),
      steps: [],
    }));
    this.bySource.set(path, states);
    return states;
  }

  of(path: string): readonly BreakpointState[] {
    return this.bySource.get(path) ?? [];
  }

  /** Every step some breakpoint of the file stops at. */
  stops(path: string): Set<number> {
    const out = new Set<number>();
    for (const b of this.of(path)) b.steps.forEach((s) => out.add(s));
    return out;
  }

  /** The ids of the file's breakpoints that stop at step `index`. */
  hitIds(path: string, index: number): number[] {
    return this.of(path)
      .filter((b) => b.steps.includes(index))
      .map((b) => b.id);
  }
}

/** Maps `b` (set in the file at `path`) onto the model's run: sets its steps, says what it does. */
export function mapBreakpoint(b: BreakpointState, path: string, model: BreakpointModel | undefined): Verdict {
  b.steps = [];
  if (!model?.trace) return { verified: false, message: 'waiting for the model to load' };
  if (path !== model.sourcePath) {
    return {
      verified: false,
      message: path.endsWith('.rnn.json')
        ? `this debug session steps through ${model.sourceName}, not this file`
        : 'breakpoints stop only in the .rnn.json being debugged',
    };
  }
  const trace = model.trace;
  const mapped = stepsForLine(model.modelText(), trace, b.line, b.column);
  b.steps = mapped.steps;
  if (!mapped.steps.length) return { verified: false, message: 'no step reads this line' };
  const n = mapped.steps.length;
  return {
    verified: true,
    message: `${mapped.labels.join(', ')}: stops at ${n} step${n === 1 ? '' : 's'}, first "${trace.steps[mapped.steps[0]].title}"`,
  };
}
