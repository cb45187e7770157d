// The current equation, typeset twice with KaTeX — symbolic, then with the numbers substituted —
// and under it one sentence on why the step happens. Each statement is inline math written so
// that KaTeX lets the browser wrap it after any operator (the engine's `wrapped` lines, render.ts):
// a long sum folds onto the next line, indented, at any panel width. Only a single unbreakable box
// (a matrix with its product) can be wider than the panel; then the fit (equationFit.ts) picks a
// slightly smaller type, the variant whose matrices show their first and last columns around ⋯
// (the heatmaps below hold every number), and as a last resort says visibly that it scrolls.
//
// katex.render builds DOM nodes itself (no innerHTML of ours); trust:false refuses \href, \url,
// \includegraphics and friends, and the size limits stop pathological macros. The TeX comes from
// the engine, which puts any model string through \text{} with every special escaped. The output
// carries MathML beside the HTML, so a screen reader reads the formula, not its glyphs.

import katex from 'katex';
import type { EquationPayload } from '../src/shared/protocol';
import { h } from './dom';
import { chooseFit, type FitChoice, type FitVariant } from './equationFit';

/** The User Timing measure each update leaves: typesetting, measuring and fitting the equation. */
export const RENDER_MEASURE = 'rnn-equation-render';

export const KATEX_OPTIONS = {
  trust: false,
  throwOnError: false,
  maxSize: 10,
  maxExpand: 1000,
  output: 'htmlAndMathml',
  displayMode: false,
  strict: 'ignore',
} as const;

/** Typeset equations kept by their TeX, with the widest unbreakable box each has (measured once,
 *  at full size): stepping back and forth or resizing re-shows them without typesetting or
 *  measuring again. A node is only ever shown in its own region, so no cloning is needed. */
const CACHE_SIZE = 256;

/** CSS .eq-line's right padding, px: room for KaTeX boxes that hang past their edge. */
const LINE_RESERVE = 4;

interface Typeset {
  readonly node: HTMLElement;
  /** Width in px of the widest box that cannot wrap, at full size; null until measured. */
  widest: number | null;
  /** The type size it is shown at (CSS .eq-scale-*). */
  scale: number;
}

class TypesetCache {
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
      const node = h('div', 'eq-lines');
      for (const tex of lines) {
        const line = h('div', 'eq-line');
        // Inline math breaks after top-level operators; \displaystyle keeps fractions full size.
        katex.render(`\\displaystyle ${tex}`, line, KATEX_OPTIONS);
        node.appendChild(line);
      }
      entry = { node, widest: null, scale: 1 };
      if (this.entries.size >= CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    }
    this.entries.set(key, entry);
    return entry;
  }
}

/** The widest box of a typeset equation that the browser cannot break, in px. */
function measureWidest(node: HTMLElement): number {
  let widest = 0;
  for (const b of node.querySelectorAll<HTMLElement>('.katex-html > .base'))
    widest = Math.max(widest, b.getBoundingClientRect().width);
  return widest;
}

/** Equations of the same step at different timesteps (a₃, a₄ …) share a shape and so a fit:
 *  their first statement's left side with the digits and tokens taken out, and their line count. */
function familyOf(lines: readonly string[]): string {
  const first = lines[0] ?? '';
  const cut = first.indexOf(' = ');
  return `${lines.length}:${(cut < 0 ? first.slice(0, 40) : first.slice(0, cut)).replace(/\\text\{[^}]*\}|\d+/g, '')}`;
}

/** One of the two regions (symbolic, numeric): its typeset variants and how they fit. Showing
 *  an equation takes three calls, so that both regions are measured in one layout: place (DOM
 *  writes), measure (reads), settle (writes only when the guess was wrong). */
class EquationRegion {
  readonly element: HTMLElement;
  private readonly cache = new TypesetCache();
  private shown: Typeset | undefined;
  private variants: readonly (readonly string[])[] = [];
  private first = 0;
  /** Width of the region and the hanging indent of a wrapped line (CSS .eq-line: 1.5em), in px. */
  private width = -1;
  private indent = 0;
  /** Per family, the variant and type size chosen last at this width: when a₄ needed its
   *  matrices elided, a₅ will too, so its full form is neither typeset nor measured. */
  private readonly hints = new Map<string, FitChoice>();

  constructor(className: string, testId: string, label: string) {
    this.element = h('div', `eq ${className}`);
    this.element.dataset.testid = testId;
    this.element.setAttribute('role', 'group');
    this.element.setAttribute('aria-label', label);
  }

  /** Puts in place the variant this equation most likely shows (as its family did last). */
  place(variants: readonly (readonly string[] | null)[]): void {
    this.variants = variants.filter((v): v is readonly string[] => v !== null);
    const hint = this.hints.get(familyOf(this.variants[0]));
    this.first = Math.min(hint?.variant ?? 0, this.variants.length - 1);
    this.show(this.cache.get(this.variants[this.first]), hint?.variant === this.first ? hint.scale : 1);
  }

  /** Measures what `place` put there (both regions' reads share one layout). */
  measure(): void {
    if (this.width < 0) this.resized(this.element.clientWidth);
    const entry = this.shown;
    // A hidden panel has no width to fit and measures every box as 0: measure once it shows.
    if (entry && entry.widest === null && this.width > 0) entry.widest = measureWidest(entry.node) / entry.scale;
  }

  /** Chooses from the measured widths; typesets and measures another variant only when the one
   *  in place does not fit. */
  settle(): FitChoice {
    return this.fit(this.first);
  }

  /** The region's width changed (ResizeObserver, after layout): choose again from the measured
   *  widths, typesetting only a variant never needed before. */
  resized(width: number): void {
    if (width === this.width) return;
    this.width = width;
    this.indent = 1.5 * (parseFloat(getComputedStyle(this.element).fontSize) || 16);
    this.hints.clear();
    if (this.variants.length > 0) this.fit(0);
  }

  /** The fonts changed (KaTeX's arrived): every measured width is stale. */
  remeasure(): void {
    this.cache.forgetWidths();
    this.hints.clear();
    if (this.variants.length > 0) this.fit(0);
  }

  /** Typesets ahead of time the variant an equation will most likely show, so that the step
   *  itself only inserts it (and measures it once, where it is shown). */
  prepare(variants: readonly (readonly string[] | null)[]): void {
    const vs = variants.filter((v): v is readonly string[] => v !== null);
    if (vs.length === 0) return;
    const hint = this.hints.get(familyOf(vs[0]));
    this.cache.get(vs[Math.min(vs.length - 1, hint?.variant ?? 0)]);
  }

  /** The text a person sees (KaTeX's HTML, without the MathML and its TeX annotation). */
  get visibleText(): string {
    let text = '';
    for (const e of this.element.querySelectorAll('.katex-html')) text += e.textContent ?? '';
    return text;
  }

  get scrolls(): boolean {
    return this.element.classList.contains('eq-scrolls');
  }

  private fit(from: number): FitChoice {
    const first = Math.min(from, this.variants.length - 1);
    const candidates: FitVariant[] = this.variants.slice(first).map((lines) => ({
      widest: () => this.widestOf(this.cache.get(lines)),
    }));
    const fit = chooseFit(candidates, this.width, this.indent, LINE_RESERVE);
    const choice = { ...fit, variant: first + fit.variant };
    if (this.width > 0) this.hints.set(familyOf(this.variants[0]), choice);
    this.show(this.cache.get(this.variants[choice.variant]), choice.scale);
    this.element.classList.toggle('eq-scrolls', choice.scrolls);
    return choice;
  }

  /** Measured once, where it is shown. */
  private widestOf(entry: Typeset): number {
    if (entry.widest !== null) return entry.widest;
    this.show(entry, entry.scale);
    entry.widest = measureWidest(entry.node) / entry.scale;
    return entry.widest;
  }

  private show(entry: Typeset, scale: number): void {
    const cls = `eq-lines eq-scale-${Math.round(scale * 100)}`;
    if (entry.node.className !== cls) entry.node.className = cls;
    entry.scale = scale;
    if (this.shown === entry && entry.node.parentElement === this.element) return;
    this.element.replaceChildren(entry.node);
    this.shown = entry;
  }
}

export class EquationView {
  readonly element = h('div', 'equation');
  private readonly symbolic = new EquationRegion('eq-symbolic', 'equation-symbolic', 'Equation in symbols');
  private readonly numeric = new EquationRegion(
    'eq-numeric',
    'equation-numeric',
    'Equation with the numbers substituted',
  );
  private readonly why = h('p', 'eq-why');
  private readonly scrollNote = h('p', 'eq-scroll-note', '↔ Wider than the panel: scroll sideways to see all of it.');
  private current: EquationPayload | undefined;
  private queue: { region: EquationRegion; variants: readonly (readonly string[] | null)[] }[] = [];
  private idleScheduled = false;

  constructor() {
    // A wide numeric equation may scroll: the region takes keyboard focus so it can be scrolled
    // without a mouse (the card around it is the labelled region "Equation", app.ts).
    this.numeric.element.tabIndex = 0;
    this.why.id = 'equation-why';
    this.why.dataset.testid = 'equation-why';
    this.numeric.element.setAttribute('aria-describedby', this.why.id);
    this.scrollNote.hidden = true;
    this.scrollNote.dataset.testid = 'equation-scroll-note';
    this.element.append(this.symbolic.element, this.numeric.element, this.scrollNote, this.why);
    // Observers run after layout: reading the widths here costs no extra layout.
    new ResizeObserver(() => {
      this.symbolic.resized(this.symbolic.element.clientWidth);
      this.numeric.resized(this.numeric.element.clientWidth);
      this.noteScroll();
    }).observe(this.symbolic.element);
    // Widths measured before KaTeX's fonts arrived were of a fallback font.
    document.fonts.addEventListener('loadingdone', () => {
      this.symbolic.remeasure();
      this.numeric.remeasure();
      this.noteScroll();
    });
  }

  update(eq: EquationPayload): void {
    if (eq === this.current) return;
    const start = performance.now();
    this.current = eq;
    this.symbolic.place([eq.wrapped.symbolic]);
    this.numeric.place([eq.wrapped.numeric, eq.wrapped.elided]);
    if (this.why.textContent !== eq.why) this.why.textContent = eq.why;
    // One layout (the one the whole step needs; app.ts updates the equation last) for both.
    this.symbolic.measure();
    this.numeric.measure();
    this.symbolic.settle();
    this.numeric.settle();
    this.noteScroll();
    // Its cost, for the benchmark and DevTools' timeline: one entry, replaced at every step.
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start });
  }

  /** Typesets equations the person is likely to step to next, while the panel is idle, so that
   *  the step itself only has to insert them. A newer list replaces an unfinished one. */
  prefetch(equations: readonly EquationPayload[]): void {
    this.queue = [];
    for (const e of equations) {
      this.queue.push({ region: this.symbolic, variants: [e.wrapped.symbolic] });
      this.queue.push({ region: this.numeric, variants: [e.wrapped.numeric, e.wrapped.elided] });
    }
    if (this.queue.length === 0 || this.idleScheduled) return;
    this.idleScheduled = true;
    const work = (deadline?: IdleDeadline): void => {
      this.idleScheduled = false;
      do {
        const next = this.queue.shift();
        if (!next) return;
        next.region.prepare(next.variants);
      } while (deadline && deadline.timeRemaining() > 6);
      if (this.queue.length > 0) {
        this.idleScheduled = true;
        schedule(work);
      }
    };
    schedule(work);
  }

  /** The numeric equation as a person sees it (what the 'rendered' report carries for assertions). */
  get numericText(): string {
    return this.numeric.visibleText;
  }

  private noteScroll(): void {
    const scrolls = this.symbolic.scrolls || this.numeric.scrolls;
    if (this.scrollNote.hidden === scrolls) this.scrollNote.hidden = !scrolls;
  }
}

function schedule(work: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: 500 });
  else setTimeout(() => work(), 30);
}
