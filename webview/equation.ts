// The current equation, typeset twice with KaTeX — symbolic, then with the numbers substituted —
// and under it one sentence on why the step happens. Each statement is inline math written so
// that KaTeX lets the browser wrap it after any operator (the engine's `wrapped` lines, render.ts):
// a long sum folds onto the next line, indented, at any panel width. Only a single unbreakable box
// (a matrix with its product) can be wider than the panel; then the fit (equationFit.ts) picks a
// slightly smaller type, the variant whose matrices show their first and last columns around ⋯
// (the heatmaps below hold every number), and as a last resort says visibly that it scrolls.
//
// A step should cost the panel no layout of its own: the equations the person will likely step to
// are typeset, put in the page (staged, equationSlots.ts) and measured while the panel is idle, so
// that the step itself changes classes and the frame lays out only what changed.

import type { EquationPayload } from '../src/shared/protocol';
import { h } from './dom';
import { chooseFit, type FitChoice, type FitVariant } from './equationFit';
import { EquationSlots } from './equationSlots';
import { measureWidest, TypesetCache, withMathml, type Typeset } from './typesetCache';

/** The User Timing measure each update leaves: typesetting, measuring and fitting the equation. */
export const RENDER_MEASURE = 'rnn-equation-render';

/** CSS .eq-line's right padding, px: room for KaTeX boxes that hang past their edge. */
const LINE_RESERVE = 4;

/** Equations of the same step at different timesteps (a₃, a₄ …) share a shape and so a fit:
 *  their first statement's left side with the digits and tokens taken out, and their line count. */
function familyOf(lines: readonly string[]): string {
  const first = lines[0] ?? '';
  const cut = first.indexOf(' = ');
  return `${lines.length}:${(cut < 0 ? first.slice(0, 40) : first.slice(0, cut)).replace(/\\text\{[^}]*\}|\d+/g, '')}`;
}

/** One of the two regions (symbolic, numeric): its typeset variants and how they fit. Showing
 *  an equation takes three calls, so that both regions share whatever layout is needed: place
 *  (DOM writes), measure (reads, only of an equation never measured), settle (writes only when
 *  the guess was wrong). */
class EquationRegion {
  private readonly cache = new TypesetCache();
  private readonly slots: EquationSlots;
  private shown: Typeset | undefined;
  private variants: readonly (readonly string[])[] = [];
  private first = 0;
  /** Width of the region and the hanging indent of a wrapped line (CSS .eq-line: 1.5em), in px. */
  private width = -1;
  private indent = 0;
  /** Per family, the variant and type size chosen last at this width: when a₄ needed its
   *  matrices elided, a₅ will too, so its full form is neither typeset nor measured. */
  private readonly hints = new Map<string, FitChoice>();

  constructor(className: string, dress: (slot: HTMLElement, shown: boolean) => void) {
    this.slots = new EquationSlots(className, dress);
  }

  /** The region's place in the panel: the shown slot, in flow, and the staged ones. */
  get element(): HTMLElement {
    return this.slots.element;
  }

  /** Puts in place the variant this equation most likely shows (as its family did last). */
  place(variants: readonly (readonly string[] | null)[]): void {
    this.variants = variants.filter((v): v is readonly string[] => v !== null);
    const hint = this.hints.get(familyOf(this.variants[0]));
    this.first = Math.min(hint?.variant ?? 0, this.variants.length - 1);
    this.show(this.cache.get(this.variants[this.first]), hint?.variant === this.first ? hint.scale : 1);
  }

  /** Whether what `place` put there has a measured width (staged while idle, or shown before):
   *  then the fit is chosen now, without a layout; otherwise after the frame's layout (settle). */
  get measured(): boolean {
    return this.width > 0 && this.shown?.widest !== null;
  }

  /** The shown slot (observed until its first layout when it was not measured). */
  get shownSlot(): HTMLElement | undefined {
    return this.slots.shown;
  }

  /** Chooses from the measured widths — measuring what `place` put there when it was not measured
   *  before, which is free once the frame has laid it out — and typesets and measures another
   *  variant only when the one in place does not fit. */
  settle(): FitChoice {
    if (this.width < 0) this.resized(this.element.clientWidth);
    if (this.shown) this.measureEntry(this.shown);
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

  /** While idle: typesets, stages and measures the variant an equation will most likely show, so
   *  that the step itself only changes which slot shows. */
  prepare(variants: readonly (readonly string[] | null)[]): void {
    const vs = variants.filter((v): v is readonly string[] => v !== null);
    if (vs.length === 0) return;
    const hint = this.hints.get(familyOf(vs[0]));
    const variant = Math.min(vs.length - 1, hint?.variant ?? 0);
    const entry = this.cache.get(vs[variant]);
    const staged = this.slots.has(entry);
    this.slots.slotOf(entry);
    if (variant === hint?.variant) setScale(entry, hint.scale);
    // A slot just put in the page has neither style nor layout (content-visibility skips them):
    // measuring forces both now, while idle, and the slot keeps them for when it shows.
    if (!staged && entry.widest !== null && this.width > 0) measureWidest(entry.node);
    this.measureEntry(entry);
  }

  /** Takes the staged equations out of the page. */
  dropStaged(): void {
    this.slots.dropStaged();
  }

  /** Whether the shown equation has its MathML (typesetCache.ts withMathml). */
  get accessible(): boolean {
    return this.shown?.mathml ?? true;
  }

  /** Adds the MathML to the shown equation (a layout of it, off-screen, at the next frame). */
  addMathml(): void {
    if (this.shown) withMathml(this.shown);
  }

  /** The text a person sees (KaTeX's HTML, without the MathML and its TeX annotation). */
  get visibleText(): string {
    let text = '';
    for (const e of this.slots.shown?.querySelectorAll('.katex-html') ?? []) text += e.textContent ?? '';
    return text;
  }

  get scrolls(): boolean {
    return this.slots.shown?.classList.contains('eq-scrolls') ?? false;
  }

  private fit(from: number): FitChoice {
    const first = Math.min(from, this.variants.length - 1);
    const candidates: FitVariant[] = this.variants.slice(first).map((lines) => ({
      widest: () => this.widestOf(this.cache.get(lines)),
    }));
    const fit = chooseFit(candidates, this.width, this.indent, LINE_RESERVE);
    const choice = { ...fit, variant: first + fit.variant };
    if (this.width > 0) this.hints.set(familyOf(this.variants[0]), choice);
    const slot = this.show(this.cache.get(this.variants[choice.variant]), choice.scale);
    if (slot.classList.contains('eq-scrolls') !== choice.scrolls) slot.classList.toggle('eq-scrolls', choice.scrolls);
    return choice;
  }

  /** Measured once, where it is shown. */
  private widestOf(entry: Typeset): number {
    if (entry.widest !== null) return entry.widest;
    this.show(entry, entry.scale);
    this.measureEntry(entry);
    return entry.widest ?? 0;
  }

  /** A hidden panel has no width to fit and measures every box as 0: measure once it shows. */
  private measureEntry(entry: Typeset): void {
    if (entry.widest === null && this.width > 0) entry.widest = measureWidest(entry.node) / entry.scale;
  }

  private show(entry: Typeset, scale: number): HTMLElement {
    setScale(entry, scale);
    this.shown = entry;
    return this.slots.show(entry);
  }
}

function setScale(entry: Typeset, scale: number): void {
  const cls = `eq-lines eq-scale-${Math.round(scale * 100)}`;
  if (entry.node.className !== cls) entry.node.className = cls;
  entry.scale = scale;
}

export class EquationView {
  readonly element = h('div', 'equation');
  private readonly symbolic = new EquationRegion('eq-symbolic', (slot, shown) =>
    dressRegion(slot, shown, 'equation-symbolic', 'Equation in symbols'),
  );
  private readonly numeric = new EquationRegion('eq-numeric', (slot, shown) => {
    dressRegion(slot, shown, 'equation-numeric', 'Equation with the numbers substituted');
    // A wide numeric equation may scroll: the region takes keyboard focus so it can be scrolled
    // without a mouse (the card around it is the labelled region "Equation", app.ts).
    if (shown) {
      slot.tabIndex = 0;
      slot.setAttribute('aria-describedby', WHY_ID);
    } else {
      slot.removeAttribute('tabindex');
      slot.removeAttribute('aria-describedby');
    }
  });
  private readonly why = h('p', 'eq-why');
  private readonly scrollNote = h('p', 'eq-scroll-note', '↔ Wider than the panel: scroll sideways to see all of it.');
  private current: EquationPayload | undefined;
  private queue: { region: EquationRegion; variants: readonly (readonly string[] | null)[] }[] = [];
  private idleScheduled = false;
  private mathmlScheduled = false;
  /** Called once the shown equations have their MathML (whenAccessible). */
  private accessibleWaiters: (() => void)[] = [];
  /** Reports a newly shown, never measured slot right after its first layout (update). */
  private readonly settler: ResizeObserver;

  constructor() {
    this.why.id = WHY_ID;
    this.why.dataset.testid = 'equation-why';
    this.scrollNote.hidden = true;
    this.scrollNote.dataset.testid = 'equation-scroll-note';
    this.element.append(this.symbolic.element, this.numeric.element, this.scrollNote, this.why);
    // Observers run after layout: reading the widths here costs no extra layout.
    new ResizeObserver(() => {
      this.symbolic.resized(this.symbolic.element.clientWidth);
      this.numeric.resized(this.numeric.element.clientWidth);
      this.noteScroll();
    }).observe(this.symbolic.element);
    this.settler = new ResizeObserver((entries) => {
      for (const e of entries) this.settler.unobserve(e.target);
      this.settle();
    });
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
    if (this.symbolic.measured && this.numeric.measured) {
      this.settle();
    } else {
      // Measuring now would force a layout of the whole step; the frame lays it out anyway, and a
      // new observation reports right after that layout, before the paint.
      for (const region of [this.symbolic, this.numeric]) {
        const slot = region.shownSlot;
        if (slot && !region.measured) {
          this.settler.unobserve(slot);
          this.settler.observe(slot);
        }
      }
    }
    if (!this.symbolic.accessible || !this.numeric.accessible) this.scheduleMathml();
    // Its cost, for the benchmark and DevTools' timeline: one entry, replaced at every step.
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start });
  }

  private settle(): void {
    this.symbolic.settle();
    this.numeric.settle();
    this.noteScroll();
  }

  /** Typesets, stages and measures the equations the person is likely to step to next, one at a
   *  time while the panel is idle, so that the step itself only changes which slot shows. A newer
   *  list replaces an unfinished one. */
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
      } while (deadline && deadline.timeRemaining() > PREPARE_MS);
      if (this.queue.length > 0) {
        this.idleScheduled = true;
        schedule(work);
      }
    };
    schedule(work);
  }

  /** Keeps only the equations shown in the page: in practice mode the page holds no result that
   *  the learner has not answered or been shown (the host then sends no prefetch either). */
  dropStaged(): void {
    this.queue = [];
    this.symbolic.dropStaged();
    this.numeric.dropStaged();
  }

  /** Calls `done` once the equations shown have their MathML: at once, or when the panel is next
   *  idle (within MATHML_TIMEOUT_MS). */
  whenAccessible(done: () => void): void {
    if (this.symbolic.accessible && this.numeric.accessible) return done();
    this.accessibleWaiters.push(done);
    this.scheduleMathml();
  }

  /** The MathML of the equation shown, added while idle: a step passed by quickly (Play, a held
   *  key) never pays for it. */
  private scheduleMathml(): void {
    if (this.mathmlScheduled) return;
    this.mathmlScheduled = true;
    const add = (): void => {
      this.mathmlScheduled = false;
      this.symbolic.addMathml();
      this.numeric.addMathml();
      const waiters = this.accessibleWaiters;
      this.accessibleWaiters = [];
      for (const w of waiters) w();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(add, { timeout: MATHML_TIMEOUT_MS });
    else setTimeout(add, MATHML_TIMEOUT_MS);
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

const WHY_ID = 'equation-why';

/** The shown slot is the region a person (and a test) finds: its role, name and test id; a
 *  staged one has none of them (and, hidden, is not in the accessibility tree either). */
function dressRegion(slot: HTMLElement, shown: boolean, testId: string, label: string): void {
  if (shown) {
    slot.dataset.testid = testId;
    slot.setAttribute('role', 'group');
    slot.setAttribute('aria-label', label);
  } else {
    delete slot.dataset.testid;
    slot.removeAttribute('role');
    slot.removeAttribute('aria-label');
  }
}

/** Longest wait before the shown equation gets its MathML, ms: a screen reader finds it well
 *  before a person has moved to it. */
const MATHML_TIMEOUT_MS = 150;

/** About the longest an equation takes to typeset and lay out, ms: another is begun only with this
 *  much idle time left, so that a step arriving meanwhile waits little. */
const PREPARE_MS = 20;

/** Longest wait for an idle period, ms. Chromium may grant none for a long time after a callback
 *  that overran its deadline (seen in VS Code's webviews: half a second), while the next step may
 *  come any moment: past this wait the work runs as an ordinary task, one equation at a time. */
const IDLE_TIMEOUT_MS = 40;

function schedule(work: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout: IDLE_TIMEOUT_MS });
  else setTimeout(() => work(), IDLE_TIMEOUT_MS);
}
