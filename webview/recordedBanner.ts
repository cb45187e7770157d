// The label of a run the stepper shows instead of the file's — a replayed training iteration (Step
// into iteration, training/stepInto.ts), a sample or a what-if (host/dynamics): while it is shown,
// the header says what it is — not the file's run — with the way back to the file's own run.

import type { RecordedRunInfo } from '../src/shared/protocol';
import { h } from './dom';

export class RecordedBanner {
  readonly element = h('div', 'recorded-banner');
  private readonly text = h('span', 'recorded-text');
  private readonly back = h('button', 'chart-toggle', 'Back to the file’s run');

  constructor(onBack: () => void) {
    this.element.dataset.testid = 'recorded-banner';
    this.back.dataset.testid = 'back-to-file';
    this.element.setAttribute('role', 'status');
    this.back.addEventListener('click', onBack);
    this.element.append(this.text, this.back);
    this.element.hidden = true;
  }

  show(recorded: RecordedRunInfo | null | undefined): void {
    this.element.hidden = !recorded;
    document.body.classList.toggle('is-recorded', !!recorded);
    if (!recorded) return;
    this.text.textContent =
      recorded.iteration !== undefined && recorded.total !== undefined
        ? `Iteration ${recorded.iteration + 1} of ${recorded.total} of training: ` +
          `the weights that step started from, replayed — not the file’s weights.`
        : `${recorded.label.charAt(0).toUpperCase()}${recorded.label.slice(1)} — not the file’s run.`;
  }
}
