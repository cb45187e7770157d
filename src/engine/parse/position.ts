// Offsets → 1-based line and column, the way editors count them: lines end at "\n", "\r\n" or a
// lone "\r" (VS Code treats all three as line breaks) and columns count UTF-16 code units, so a
// Problem's line/column and its offset point at the same character in the editor and on the CLI.

export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Lazily indexes line starts; built once, on the first lookup (most texts have no problem at all). */
export class LineIndex {
  private starts: Int32Array | null = null;

  constructor(private readonly text: string) {}

  /** Line and column (both 1-based) of `offset`, clamped into [0, text.length]. */
  at(offset: number): LineColumn {
    const starts = this.starts ?? (this.starts = lineStarts(this.text));
    const off = Math.max(0, Math.min(this.text.length, Math.floor(offset)));
    // The last line start ≤ off (binary search; starts[0] = 0).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: off - starts[lo] + 1 };
  }
}

function lineStarts(text: string): Int32Array {
  let count = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) count++;
    else if (c === 13) {
      count++;
      if (text.charCodeAt(i + 1) === 10) i++;
    }
  }
  const starts = new Int32Array(count);
  let k = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts[k++] = i + 1;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts[k++] = i + 1;
    }
  }
  return starts;
}
