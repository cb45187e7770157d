// Equations typeset once with KaTeX and kept by their TeX, with the widest unbreakable box each has
// (measured once, at full size): stepping back and forth or resizing re-shows them without
// typesetting or measuring again. The MathML a screen reader reads is added to an equation once it
// is shown (withMathml): it is a third of what an equation costs to lay out, and the equations
// typeset ahead, or passed by at Play's speed, are never read.
//
// katex.render builds DOM nodes itself (no innerHTML of ours); trust:false refuses \href, \url,
// \includegraphics and friends, and the size limits stop pathological macros. The TeX comes from
// the engine, which puts any model string through \text{} with every special escaped. The output
// carries MathML beside the HTML, so a screen reader reads the formula, not its glyphs.

import katex from 'katex';
import { h } from './dom';

export const KATEX_OPTIONS = {
  trust: false,
  throwOnError: false,
  maxSize: 10,
  maxExpand: 1000,
  output: 'htmlAndMathml',
  displayMode: false,
  strict: 'ignore',
} as const;

const HTML_ONLY = { ...KATEX_OPTIONS, output: 'html' } as const;
const MATHML_ONLY = { ...KATEX_OPTIONS, output: 'mathml' } as const;

const CACHE_SIZE = 256;

export interface Typeset {
  readonly node: HTMLElement;
  /** The TeX of each line (one KaTeX formula per .eq-line). */
  readonly lines: readonly string[];
  /** Whether the MathML is in place beside the HTML. */
  mathml: boolean;
  /** Width in px of the widest box that cannot wrap, at full size; null until measured. */
  widest: number | null;
  /** The type size it is shown at (CSS .eq-scale-*). */
  scale: number;
}

export class TypesetCache {
  private readonly entries = new Map<string, Typeset>();

  forgetWidths(): void {
    for (const e of this.entries.values()) e.widest = null;
  }

  get(lines: readonly string[]): Typeset {
    const key = lines.join('\n');
    let entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
    } else {
      const node = h('div', 'eq-lines eq-scale-100');
      for (const tex of lines) {
        const line = h('div', 'eq-line');
        // Inline math breaks after top-level operators; \displaystyle keeps fractions full size.
        katex.render(`\\displaystyle ${tex}`, line, HTML_ONLY);
        node.appendChild(line);
      }
      entry = { node, lines, mathml: false, widest: null, scale: 1 };
      if (this.entries.size >= CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

/** Puts the MathML beside each line's HTML, as KaTeX's 'htmlAndMathml' output has it: the
 *  .katex-mathml span (laid out off-screen by KaTeX's CSS) before the .katex-html one, which
 *  KaTeX marks aria-hidden. */
export function withMathml(entry: Typeset): void {
  if (entry.mathml) return;
  entry.mathml = true;
  const scratch = document.createElement('span');
  entry.lines.forEach((tex, i) => {
    const html = entry.node.children[i]?.querySelector('.katex');
    if (!html) return;
    katex.render(`\\displaystyle ${tex}`, scratch, MATHML_ONLY);
    const math = scratch.querySelector('math');
    if (!math) return;
    const wrap = h('span', 'katex-mathml');
    wrap.appendChild(math);
    html.insertBefore(wrap, html.firstChild);
  });
}

/** The widest box of a typeset equation that the browser cannot break, in px (forces a layout). */
export function measureWidest(node: HTMLElement): number {
  let widest = 0;
  for (const b of node.querySelectorAll<HTMLElement>('.katex-html > .base'))
    widest = Math.max(widest, b.getBoundingClientRect().width);
  return widest;
}
