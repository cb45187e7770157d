// One of the panel's two equation regions (symbolic, numeric): the typeset variants of the equation
// it shows, which of them fits the panel's width and at what type size (equationFit.ts), and the
// slots that keep them in the page (equationSlots.ts). equation.ts lays out the two and the
// sentence under them.

import { chooseFit, fitsAt, type FitChoice, type FitVariant } from './equationFit';
import { EquationSlots } from './equationSlots';
import { measureWidest, TypesetCache, withMathml, type Typeset } from './typesetCache';

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
 *  an equation takes two calls: place (DOM writes: the variant and size its family had last),
 *  then — at once when it was measured before, else right after the frame's layout — settle
 *  (or settleKept), which changes it only when that guess does not fit. */
export class EquationRegion {
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

  /** Right after the frame's layout laid out what `place` put there unmeasured: measures it (no
   *  layout of its own now) and keeps it when it fits — choosing again would lay it out a second
   *  time before this frame is painted. Returns whether a larger type would fit as well; `settle`,
   *  called while idle, then shows that. */
  settleKept(): boolean {
    if (this.width < 0) this.resized(this.element.clientWidth);
    const entry = this.shown;
    if (!entry || this.width <= 0) return false;
    this.measureEntry(entry);
    const widest = entry.widest ?? 0;
    if (!fitsAt(widest, entry.scale, this.width, this.indent, LINE_RESERVE)) {
      this.fit(this.first);
      return false;
    }
    this.hints.set(familyOf(this.variants[0]), { variant: this.first, scale: entry.scale, scrolls: false });
    this.slots.shown?.classList.remove('eq-scrolls');
    // From the variant in place, the search stops at it (it fits): no other variant is measured.
    return chooseFit([{ widest: () => widest }], this.width, this.indent, LINE_RESERVE).scale > entry.scale;
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
