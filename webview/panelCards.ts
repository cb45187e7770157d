// The panel's cards: each a labelled region (screen readers list the panel's parts by these names)
// with its heading, and the unrolled network's legend (the marks unrolledMarks.ts sets).

import { h } from './dom';

export function card(cls: string, heading: string, ...content: Element[]): HTMLElement {
  const c = h('section', `card ${cls}`);
  c.setAttribute('role', 'region');
  c.setAttribute('aria-label', heading);
  c.append(h('h2', 'card-title', heading), ...content);
  return c;
}

/** What the unrolled network's colours mean: a value read or written, a gradient (δ) written,
 *  and the gradient norm flowing back. */
export function unrolledLegend(): HTMLElement {
  const legend = h('div', 'legend');
  legend.append(
    h('span', 'key key-read', 'read'),
    h('span', 'key key-write', 'value written'),
    h('span', 'key key-grad-write', 'gradient written (δ)'),
    h('span', 'key key-grad', '‖∂L/∂hₜ‖ flowing back'),
  );
  return legend;
}
