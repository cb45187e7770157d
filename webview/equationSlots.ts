// The typeset equations one region keeps in the page: the one shown, and a few staged beside it —
// styled and laid out, but skipped when the page is drawn (CSS .eq-staged). A node taken out of
// the page loses its computed style and layout, and putting back a KaTeX equation of several
// hundred elements costs a style recalculation and a layout of all of them at the step; a staged
// one is already styled, laid out and measured (while the panel was idle: equation.ts prefetch),
// so showing it changes two slots' classes and nothing inside them.

import type { Typeset } from './typesetCache';
import { h } from './dom';

/** Staged slots kept per region besides the shown one: the neighbours the host prefetches (Step
 *  Forward, Step Backward, Step Into and the next group) and the equations shown just before. */
const STAGED = 10;

export class EquationSlots {
  /** The slots' parent: as tall as the shown slot (a staged one, skipped by content-visibility,
   *  has no height). */
  readonly element: HTMLElement;
  /** Attached slots, least recently used first. */
  private readonly slots = new Map<Typeset, HTMLElement>();
  private shownEntry: Typeset | undefined;

  constructor(
    /** The region's CSS class (its type size and colour), on the slots' parent. */
    className: string,
    /** Gives the shown slot its role, name and test id, and takes them from a staged one. */
    private readonly dress: (slot: HTMLElement, shown: boolean) => void,
  ) {
    this.element = h('div', `eq-slots ${className}`);
  }

  /** The slot that shows now (undefined before the first equation). */
  get shown(): HTMLElement | undefined {
    return this.shownEntry ? this.slots.get(this.shownEntry) : undefined;
  }

  /** Shows `entry`: a class change when it is staged, otherwise a new slot. */
  show(entry: Typeset): HTMLElement {
    const slot = this.slotOf(entry);
    if (this.shownEntry === entry) return slot;
    const before = this.shown;
    if (before) this.stage(before);
    slot.className = 'eq';
    this.dress(slot, true);
    this.shownEntry = entry;
    return slot;
  }

  /** Whether `entry` is in the page (shown or staged). */
  has(entry: Typeset): boolean {
    return this.slots.has(entry);
  }

  /** Keeps `entry` in the page, staged (unless it is the one shown), and returns its slot. */
  slotOf(entry: Typeset): HTMLElement {
    let slot = this.slots.get(entry);
    if (slot) {
      this.slots.delete(entry);
    } else {
      slot = h('div', '');
      this.stage(slot);
      slot.appendChild(entry.node);
      this.element.appendChild(slot);
    }
    this.slots.set(entry, slot);
    this.evict();
    return slot;
  }

  /** Takes every staged slot out of the page (practice mode: no result may be in it unasked). */
  dropStaged(): void {
    for (const [entry, slot] of this.slots) {
      if (entry === this.shownEntry) continue;
      slot.remove();
      this.slots.delete(entry);
    }
  }

  private stage(slot: HTMLElement): void {
    slot.className = 'eq eq-staged';
    this.dress(slot, false);
  }

  /** Takes the least recently used staged slots out of the page (their typeset stays cached). */
  private evict(): void {
    if (this.slots.size <= STAGED + 1) return;
    for (const [entry, slot] of this.slots) {
      if (this.slots.size <= STAGED + 1) return;
      if (entry === this.shownEntry) continue;
      slot.remove();
      this.slots.delete(entry);
    }
  }
}
