// The non-finite banner: when the run shown computed a NaN or ±Infinity, the panel says where and
// why in the words of the CLI and the editor's warning (nonFiniteSentence, engine/trace/nonFinite.ts)
// and offers to go there. The button only asks; the host moves the cursor to the step it recorded.

import type { NonFiniteInfo } from '../src/shared/protocol';
import { h } from './dom';

export class NonFiniteBanner {
  readonly element = h('div', 'nonfinite-banner');
  private readonly text = h('span', 'nonfinite-text');
  private readonly button = h('button', 'nonfinite-go', 'Go to first non-finite value');
  /** The shown run's record ('nonFinite' message), or null. */
  private record: NonFiniteInfo | null = null;

  constructor(onGo: () => void) {
    this.element.dataset.testid = 'nonfinite-banner';
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    this.button.dataset.testid = 'goto-nonfinite';
    this.button.type = 'button';
    this.button.addEventListener('click', onGo);
    this.element.append(this.text, this.button);
  }

  /** Shows the record (`step` counted from 0; the sentence is text only), or hides the banner. */
  show(nonFinite: NonFiniteInfo | null): void {
    this.record = nonFinite;
    this.element.hidden = nonFinite === null;
    if (nonFinite === null) return;
    const sentence = nonFinite.sentence.charAt(0).toUpperCase() + nonFinite.sentence.slice(1);
    this.text.textContent = `${sentence}, written at step ${nonFinite.step + 1}.`;
    this.button.title = `Move the stepper to step ${nonFinite.step + 1}, where the first NaN or ±Infinity is written`;
  }

  /** The timeline mark's step and accessible name, or null. */
  get mark(): { readonly step: number; readonly label: string } | null {
    const r = this.record;
    return r ? { step: r.step, label: `First non-finite value, step ${r.step + 1}: ${r.sentence}` } : null;
  }

  /** What the timeline's spoken value adds at step `index`: that it is the non-finite one. */
  cursorNote(index: number): string {
    return this.record?.step === index ? ` — the first ${this.record.sentence}` : '';
  }
}
