// Where the run lives in the `.rnn.json` text, both ways (pure: jsonc-parser's tree and the trace):
//   - a breakpoint line → the steps it stops at: a line inside `inputs` at token t → the first
//     forward step of timestep t; a line on weight P → every step that reads or writes P, ∂L/∂P or
//     the updated P′ (the forward pre-activations, the BPTT accumulations, clipping, the update);
//     a line on target t → the loss step ℓ_t; `h0`/`c0` → the steps that use the initial state;
//     `learningRate` → the updates; `clipNorm` → the clip step; `loss`/`reduction` → the total loss;
//   - a step → the line a stack frame shows: the weight for updates and accumulations, the target
//     for ℓ_t, the input token for the other steps of timestep t;
//   - a position → the expression a debug hover evaluates there (`W_hh[0][0]`, `x_2`).
// Lines and columns are 1-based, counted as editors count them (engine/position.ts).

import { findNodeAtOffset, type Node } from 'jsonc-parser';
import { characterSpans } from '../../engine/parse/jsonNodes';
import { LineIndex } from '../../engine/parse/position';
import type { Step, Trace } from '../../engine/trace/trace';
import { locate, propertyValue } from '../editor/jsonLocation';

/** A model's text and jsonc-parser's tree of exactly that text. */
export interface ModelText {
  readonly text: string;
  readonly root: Node | undefined;
}

/** What a stretch of the file stands for in the run. */
export type Anchor =
  | { readonly kind: 'param'; readonly param: string }
  | { readonly kind: 'input' | 'target'; readonly t: number }
  /** The `inputs` / `targets` key itself: every timestep. */
  | { readonly kind: 'inputs' | 'targets' }
  | { readonly kind: 'state0'; readonly name: 'h' | 'c' }
  | { readonly kind: 'learningRate' | 'clipNorm' | 'loss' };

interface Span {
  readonly anchor: Anchor;
  readonly offset: number;
  readonly length: number;
  /** A token / timestep of `inputs` or `targets` (it wins over its section's key on a line). */
  readonly element: boolean;
}

export interface LineSteps {
  /** The step indices a breakpoint on the line stops at, ascending. */
  readonly steps: readonly number[];
  /** What the line stands for, for the breakpoint's message: "W_hh", "input t=2". */
  readonly labels: readonly string[];
}

export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/** spans() of each parse tree: a stop asks for several frames' positions, each a search of them. */
const spansOfTree = new WeakMap<Node, readonly Span[]>();

/** Every anchored stretch of the file, in document order (computed once per parse tree). */
function spans(doc: ModelText): readonly Span[] {
  const { root } = doc;
  if (!root || root.type !== 'object') return [];
  let out = spansOfTree.get(root);
  if (!out) spansOfTree.set(root, (out = treeSpans(root, doc.text)));
  return out;
}

function treeSpans(root: Node, text: string): Span[] {
  const out: Span[] = [];
  const add = (anchor: Anchor, node: Node, element = false): void => {
    out.push({ anchor, offset: node.offset, length: node.length, element });
  };
  for (const prop of root.children ?? []) {
    const [key, value] = prop.children ?? [];
    if (!key || !value) continue;
    switch (key.value) {
      case 'weights':
        for (const p of value.type === 'object' ? (value.children ?? []) : []) {
          const name = p.children?.[0]?.value;
          if (typeof name === 'string' && name !== 'init') add({ kind: 'param', param: name }, p);
        }
        break;
      case 'inputs':
      case 'targets': {
        const kind = key.value === 'inputs' ? 'input' : 'target';
        add({ kind: key.value }, key);
        if (value.type === 'string') {
          characterSpans(value, text).forEach((s, i) => out.push({ anchor: { kind, t: i + 1 }, ...s, element: true }));
        } else {
          (value.type === 'array' ? (value.children ?? []) : []).forEach((el, i) => add({ kind, t: i + 1 }, el, true));
        }
        break;
      }
      case 'h0':
      case 'c0':
        add({ kind: 'state0', name: key.value === 'h0' ? 'h' : 'c' }, prop);
        break;
      case 'train':
        for (const p of value.type === 'object' ? (value.children ?? []) : []) {
          const name = p.children?.[0]?.value;
          if (name === 'learningRate' || name === 'clipNorm') add({ kind: name }, p);
        }
        break;
      case 'loss':
      case 'reduction':
        add({ kind: 'loss' }, prop);
        break;
      default:
        break;
    }
  }
  return out;
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

function positionOf(doc: ModelText, offset: number): TextPosition {
  return new LineIndex(doc.text).at(offset);
}

function find(doc: ModelText, match: (a: Anchor) => boolean): Span | undefined {
  return spans(doc).find((s) => match(s.anchor));
}

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
    (param !== undefined ? find(doc, (a) => a.kind === 'param' && a.param === param) : undefined) ??
    (t !== null && step.kind === 'loss' ? find(doc, (a) => a.kind === 'target' && a.t === t) : undefined) ??
    (t !== null ? timestepSpan(doc, t) : undefined) ??
    phaseSpan(doc, step.phase);
  return span ? positionOf(doc, span.offset) : start;
}

function timestepSpan(doc: ModelText, t: number): Span | undefined {
  return find(doc, (a) => a.kind === 'input' && a.t === t);
}

function phaseSpan(doc: ModelText, phase: Step['phase']): Span | undefined {
  switch (phase) {
    case 'forward':
    case 'backward':
      return find(doc, (a) => a.kind === 'inputs');
    case 'loss':
      return find(doc, (a) => a.kind === 'loss') ?? find(doc, (a) => a.kind === 'targets');
    case 'clip':
      return find(doc, (a) => a.kind === 'clipNorm');
    case 'update':
      return find(doc, (a) => a.kind === 'learningRate') ?? find(doc, (a) => a.kind === 'param');
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

/** The expression a debug hover at `offset` evaluates (evaluate.ts), or undefined: a weight's
 *  number → `W_hh[0][0]`, its key → `W_hh`, an input / target token → `x_2` / `target_2`,
 *  an entry of h0 → `h_0[0]`. With the range of text it covers. */
export function expressionAt(
  doc: ModelText,
  offset: number,
): { expression: string; offset: number; length: number } | undefined {
  const { text, root } = doc;
  const loc = locate(text, root, offset);
  if (loc) {
    switch (loc.kind) {
      case 'weight':
        return {
          expression: `${loc.param}${loc.index.map((i) => `[${i}]`).join('')}`,
          offset: loc.node.offset,
          length: loc.node.length,
        };
      case 'input':
        return { expression: `x_${loc.t}`, offset: loc.offset, length: loc.length };
      case 'target':
        return { expression: `target_${loc.t}`, offset: loc.offset, length: loc.length };
      case 'h0':
      case 'c0':
        return { expression: `${loc.kind[0]}_0[${loc.i}]`, offset: loc.node.offset, length: loc.node.length };
      default: {
        const never: never = loc;
        throw new Error(`unknown location ${JSON.stringify(never)}`);
      }
    }
  }
  // A parameter's key inside `weights`: the whole tensor.
  const node = root ? findNodeAtOffset(root, offset, true) : undefined;
  const prop = node?.parent;
  if (
    node?.type === 'string' &&
    prop?.type === 'property' &&
    prop.children?.[0] === node &&
    prop.parent === propertyValue(root, 'weights')
  ) {
    const name = String(node.value);
    if (name !== 'init') return { expression: name, offset: node.offset, length: node.length };
  }
  return undefined;
}
