// The collector every validation step reports into: it anchors each problem to a node's offset,
// computes line/column once, and keeps huge files from drowning the editor — a matrix of 260 000
// strings gets its first few element problems and one summary, not 260 000 squiggles.

import type { Node } from 'jsonc-parser';
import { LineIndex } from './position';
import type { Problem, Severity } from './problems';

/** At most this many problems in all; then one closing summary. */
export const MAX_PROBLEMS = 1000;
/** At most this many problems about the elements of one array; then one summary at the array. */
export const MAX_ELEMENT_PROBLEMS = 20;

export class ProblemList {
  readonly items: Problem[] = [];
  private errors = 0;
  private dropped = 0;
  private readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  get errorCount(): number {
    return this.errors;
  }

  /** The 1-based line of an offset, for messages that point at another place. */
  lineOf(offset: number): number {
    return this.lines.at(offset).line;
  }

  add(severity: Severity, path: string, offset: number, length: number, message: string): void {
    if (severity === 'error') this.errors++;
    if (this.items.length >= MAX_PROBLEMS) {
      this.dropped++;
      return;
    }
    const off = Math.max(0, Math.min(this.text.length, offset));
    const len = Math.max(0, Math.min(this.text.length - off, length));
    const { line, column } = this.lines.at(off);
    this.items.push({ severity, path, offset: off, length: len, line, column, message });
  }

  error(node: Node, path: string, message: string): void {
    this.add('error', path, node.offset, node.length, message);
  }

  warning(node: Node, path: string, message: string): void {
    this.add('warning', path, node.offset, node.length, message);
  }

  /** A counter for the element problems of one array: `report` returns false once the cap is reached. */
  elementReporter(array: Node, path: string, what: string): ElementReporter {
    return new ElementReporter(this, array, path, what);
  }

  /** The problems in document order, with a closing note when some were left out. */
  finish(): Problem[] {
    const sorted = this.items
      .map((p, i) => ({ p, i }))
      .sort((a, b) => a.p.offset - b.p.offset || a.i - b.i)
      .map((x) => x.p);
    if (this.dropped > 0) {
      const last = sorted[sorted.length - 1];
      sorted.push({
        ...last,
        severity: this.errors > 0 ? 'error' : 'warning',
        message: `…and ${this.dropped} more problems not listed (only the first ${MAX_PROBLEMS} are shown)`,
      });
    }
    return sorted;
  }
}

export class ElementReporter {
  private count = 0;

  constructor(
    private readonly list: ProblemList,
    private readonly array: Node,
    private readonly path: string,
    private readonly what: string,
  ) {}

  error(node: Node, path: string, message: string): void {
    this.at(node.offset, node.length, path, message);
  }

  at(offset: number, length: number, path: string, message: string): void {
    this.count++;
    if (this.count <= MAX_ELEMENT_PROBLEMS) this.list.add('error', path, offset, length, message);
  }

  /** Adds the summary problem if elements were left out; call once after the loop. */
  close(): void {
    const extra = this.count - MAX_ELEMENT_PROBLEMS;
    if (extra > 0)
      this.list.error(
        this.array,
        this.path,
        `${this.what} has ${extra} more problems of this kind besides the ${MAX_ELEMENT_PROBLEMS} listed`,
      );
  }
}
