// One tooltip for the whole panel: the exact value under the pointer (or the keyboard's cell),
// printed with String(x) so every digit of the float64 shows. Text only (textContent).

import { h } from './dom';

export class Tooltip {
  readonly element = h('div', 'tooltip');

  constructor(parent: HTMLElement) {
    this.element.setAttribute('role', 'tooltip');
    this.element.id = 'rnn-tooltip';
    this.element.hidden = true;
    parent.appendChild(this.element);
  }

  /** Shows `lines` near the viewport point (x, y), kept inside the window. */
  show(lines: readonly string[], x: number, y: number): void {
    const el = this.element;
    el.replaceChildren(...lines.map((l, i) => h('div', i === 0 ? 'tooltip-main' : 'tooltip-sub', l)));
    el.hidden = false;
    const w = el.offsetWidth;
    const ht = el.offsetHeight;
    const left = Math.max(4, Math.min(window.innerWidth - w - 4, x + 14));
    const top = y + 18 + ht > window.innerHeight ? Math.max(4, y - ht - 10) : y + 18;
    el.style.left = `${left}px`;
    el.style.top = `${top}px`;
  }

  hide(): void {
    this.element.hidden = true;
  }
}
