// Breakpoint lines of a `.rnn.json` → the steps they stop at (pure: the stretches of
// modelSpans.ts and the trace): a line inside `inputs` at token t → the first forward step of
// timestep t; a line on weight P → every step that reads or writes P, ∂L/∂P or the updated P′ (the
// forward pre-activations, the BPTT accumulations, clipping, the update); a line on target t → the
// loss step ℓ_t; `h0`/`c0` → the steps that use the initial state; `learningRate` → the updates;
// `clipNorm` → the clip step; `loss`/`reduction` → the total loss.

import { LineIndex } from '../../engine/parse/position';
import type { Step, Trace } from '../../engine/trace/trace';
import { spans, type Anchor, type ModelText, type Span } from './modelSpans';

export interface LineSteps {
  /** The step indices a breakpoint on the line stops at, ascending. */
  readonly steps: readonly number[];
  /** What the line stands for, for the breakpoint's message: "W_hh", "input t=2". */
  readonly labels: readonly string[];
}

function touches(name: string, step: Step): boolean {
  const hit = (r: { name: string }): boolean => r.name === name || r.name === `d${name}` || r.name === `${name}'`;
  return step.reads.some(hit) || step.writes.some(hit);
}

/** The steps an anchor stops at. */
export function anchorSteps(trace: Trace, anchor: Anchor): number[] {
  const steps = trace.steps;
  const firstForward = (t: number): number[] => {
    const s = steps.find((x) => x.phase === 'forward' && x.t === t);
    return s ? [s.index] : [];
  };
  const lossOf = (t: number): number[] =>
    steps.filter((x) => x.phase === 'forward' && x.t === t && x.kind === 'loss').map((x) => x.index);
  const where = (f: (s: Step) => boolean): number[] => steps.filter(f).map((s) => s.index);
  const T = trace.model.steps;
  const all = (f: (t: number) => number[]): number[] => Array.from({ length: T }, (_, i) => f(i + 1)).flat();
  switch (anchor.kind) {
    case 'param':
      return where((s) => touches(anchor.param, s));
    case 'input':
      return firstForward(anchor.t);
    case 'inputs':
      return all(firstForward);
    case 'target':
      return lossOf(anchor.t);
    case 'targets':
      return all(lossOf);
    case 'state0': {
      const name = anchor.name;
      return where(
        (s) => s.reads.some((r) => r.name === name && r.t === 0) || s.writes.some((w) => w.name === `d${name}0`),
      );
    }
    case 'learningRate':
      return where((s) => s.phase === 'update');
    case 'clipNorm':
      return where((s) => s.phase === 'clip');
    case 'loss':
      return where((s) => s.phase === 'loss');
    default: {
      const never: never = anchor;
      throw new Error(`unknown anchor ${JSON.stringify(never)}`);
    }
  }
}

export function anchorLabel(anchor: Anchor): string {
  switch (anchor.kind) {
    case 'param':
      return anchor.param;
    case 'input':
      return `input t=${anchor.t}`;
    case 'target':
      return `target t=${anchor.t}`;
    case 'inputs':
      return 'every input';
    case 'targets':
      return 'every target';
    case 'state0':
      return `${anchor.name}0`;
    default:
      return anchor.kind;
  }
}

/** Offset of the first character of 1-based `line` (the text's end past the last line). */
export function lineStart(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const lf = text.indexOf('\n', offset);
    const cr = text.indexOf('\r', offset);
    const next = cr >= 0 && (lf < 0 || cr < lf) ? cr + (text[cr + 1] === '\n' ? 2 : 1) : lf >= 0 ? lf + 1 : -1;
    if (next < 0) return text.length;
    offset = next;
  }
  return offset;
}

/** The spans on a line (or, with a column, under that character when any is). */
function spansAt(doc: ModelText, line: number, column?: number): Span[] {
  const lines = new LineIndex(doc.text);
  const all = spans(doc);
  if (column !== undefined) {
    const offset = lineStart(doc.text, line) + column - 1;
    const under = all.filter((s) => s.element && offset >= s.offset && offset < s.offset + s.length);
    if (under.length) return under;
  }
  const on = all.filter(
    (s) => lines.at(s.offset).line <= line && line <= lines.at(s.offset + Math.max(0, s.length - 1)).line,
  );
  // `"inputs": ["hi", "there"]` on one line: the tokens, not the key (which means every timestep).
  const hasElements = (kind: 'input' | 'target'): boolean => on.some((s) => s.element && s.anchor.kind === kind);
  return on.filter(
    (s) =>
      !(s.anchor.kind === 'inputs' && hasElements('input')) && !(s.anchor.kind === 'targets' && hasElements('target')),
  );
}

/** The steps a breakpoint at `line` (and `column`, for an inline breakpoint) stops at. */
export function stepsForLine(doc: ModelText, trace: Trace, line: number, column?: number): LineSteps {
  const found = spansAt(doc, line, column);
  const steps = new Set<number>();
  const labels: string[] = [];
  for (const s of found) {
    const hit = anchorSteps(trace, s.anchor);
    if (!hit.length) continue;
    hit.forEach((i) => steps.add(i));
    labels.push(anchorLabel(s.anchor));
  }
  return { steps: [...steps].sort((a, b) => a - b), labels };
}

/** Columns of the separate stops on a line (tokens of `inputs` / `targets` written on one line),
 *  for DAP breakpointLocations; empty when the line has at most one. */
export function lineStops(doc: ModelText, trace: Trace, line: number): { column: number; endColumn: number }[] {
  const lines = new LineIndex(doc.text);
  const on = spansAt(doc, line).filter((s) => s.element && anchorSteps(trace, s.anchor).length > 0);
  if (on.length < 2) return [];
  return on.map((s) => ({ column: lines.at(s.offset).column, endColumn: lines.at(s.offset + s.length).column }));
}
