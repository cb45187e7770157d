// Shared by the debugger's unit tests: the seed example's text, tree and trace, and an in-memory
// DebugTarget over them (what debugRegister.ts builds from a Session in VS Code).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import type { Trace } from '../../src/engine/trace/trace';
import type { DebugTarget } from '../../src/host/debug/debugTarget';
import type { ModelText } from '../../src/host/debug/modelSpans';

export const EXAMPLES = join(__dirname, '../../examples');
export const SEED_FILE = 'hi-there-class.rnn.json';
/** The seed's first number: h₁ = tanh(0.5) (forward t=1, step 'h'). */
export const SEED_H1 = 0.46211715726000974;

export interface Loaded extends ModelText {
  readonly trace: Trace;
}

export function loadText(text: string, file = 'model.rnn.json'): Loaded {
  const r = parseModel(text, { fileName: file });
  assert.ok(r.model, `${file}: ${r.problems.map((p) => p.message).join('; ')}`);
  return { text, root: r.root, trace: runModel(r.model) };
}

export function loadExample(file = SEED_FILE): Loaded {
  return loadText(readFileSync(join(EXAMPLES, file), 'utf8'), file);
}

/** 1-based line of the first line containing `needle` (or matching it). */
export function lineOf(text: string, needle: string | RegExp): number {
  const i = text
    .split(/\r\n|\r|\n/)
    .findIndex((l) => (typeof needle === 'string' ? l.includes(needle) : needle.test(l)));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i + 1;
}

/** 1-based column of the `nth` occurrence of `needle` on its line. */
export function columnOf(text: string, needle: string, nth = 0): { line: number; column: number } {
  let offset = -1;
  for (let k = 0; k <= nth; k++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, `${needle} not in text`);
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

export type Reason = 'run' | 'problems' | 'cursor' | 'hidden';

/** A DebugTarget over a fixed text: a cursor, change listeners, and a way to re-run or edit. */
export class FakeTarget implements DebugTarget {
  readonly sourcePath = '/work/models/hi-there-class.rnn.json';
  readonly sourceName = 'hi-there-class.rnn.json';
  private loaded: Loaded;
  private index = 0;
  private readonly listeners: Record<Reason, Set<() => void>> = {
    run: new Set(),
    problems: new Set(),
    cursor: new Set(),
    hidden: new Set(),
  };
  released = 0;
  stale = false;
  /** Practice mode: what each step hides (practise()); nothing when undefined. */
  private hiding: ((index: number) => ReadonlySet<string>) | undefined;

  constructor(text = readFileSync(join(EXAMPLES, SEED_FILE), 'utf8')) {
    this.loaded = loadText(text, this.sourceName);
  }

  get trace(): Trace {
    return this.loaded.trace;
  }
  get cursor(): number {
    return this.index;
  }
  setCursor(i: number): boolean {
    const next = Math.max(0, Math.min(this.trace.steps.length - 1, Math.floor(i)));
    if (next === this.index) return false;
    this.index = next;
    this.fire('cursor');
    return true;
  }
  modelText(): ModelText {
    return { text: this.loaded.text, root: this.loaded.root };
  }
  onDidRun(listener: () => void): { dispose(): void } {
    return this.listen('run', listener);
  }
  onDidChangeProblems(listener: () => void): { dispose(): void } {
    return this.listen('problems', listener);
  }
  onDidMoveCursor(listener: () => void): { dispose(): void } {
    return this.listen('cursor', listener);
  }
  hiddenAt(index: number): ReadonlySet<string> {
    return this.hiding?.(index) ?? new Set();
  }
  onDidChangeHidden(listener: () => void): { dispose(): void } {
    return this.listen('hidden', listener);
  }
  /** Turns practice mode on (what each step hides) or off (undefined), as the panel's answers do. */
  practise(hiding: ((index: number) => ReadonlySet<string>) | undefined): void {
    this.hiding = hiding;
    this.fire('hidden');
  }
  private listen(reason: Reason, listener: () => void): { dispose(): void } {
    this.listeners[reason].add(listener);
    return { dispose: () => this.listeners[reason].delete(listener) };
  }
  release(): void {
    this.released++;
  }
  /** Replaces the text and re-runs (the cursor stays, clamped), as an edit does. */
  edit(text: string): void {
    this.loaded = loadText(text, this.sourceName);
    this.index = Math.min(this.index, this.trace.steps.length - 1);
    this.stale = false;
    this.fire('run');
  }
  /** The text now has errors: the run stays, marked stale. */
  break(): void {
    this.stale = true;
    this.fire('problems');
  }
  fire(reason: Reason): void {
    for (const l of [...this.listeners[reason]]) l();
  }
  /** How many subscribers listen; each listens to every kind of change, so the counts agree. */
  get listenerCount(): number {
    const { run, problems, cursor, hidden } = this.listeners;
    assert.ok(
      run.size === problems.size && run.size === cursor.size && run.size === hidden.size,
      'a subscriber missed a kind of change',
    );
    return run.size;
  }
}
