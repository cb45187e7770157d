// The stale banner: when the document stops parsing, the panel keeps the last good run on screen
// and says so here, listing each problem as line:column and message (text only).

import type { ProblemInfo } from '../src/shared/protocol';
import { h } from './dom';

const MAX_LISTED = 20;

export class StaleBanner {
  readonly element = h('div', 'stale-banner');
  private readonly heading = h('div', 'stale-heading');
  private readonly list = h('ul', 'problem-list');

  constructor() {
    this.element.dataset.testid = 'stale-banner';
    this.element.setAttribute('role', 'status');
    this.element.hidden = true;
    this.element.append(this.heading, this.list);
  }

  /** Shows `problems` under `heading`; hides the banner when heading is null. */
  show(heading: string | null, problems: readonly ProblemInfo[]): void {
    if (heading === null) {
      this.element.hidden = true;
      this.list.replaceChildren();
      return;
    }
    this.element.hidden = false;
    this.heading.textContent = heading;
    const errors = problems.filter((p) => p.severity === 'error');
    const shown = (errors.length > 0 ? errors : problems).slice(0, MAX_LISTED);
    const items = shown.map((p) => {
      const li = h('li', `problem ${p.severity}`);
      li.append(h('span', 'problem-pos', `${p.line}:${p.column}`), h('span', 'problem-msg', p.message));
      return li;
    });
    const more = problems.length - shown.length;
    if (more > 0) items.push(h('li', 'problem more', `… and ${more} more (see the Problems view)`));
    this.list.replaceChildren(...items);
  }
}
