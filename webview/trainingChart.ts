// The loss curve of a training run ("RNN: Train…"): L before each SGD step, drawn as it arrives
// from the trainer, with the run's state. Hidden until the document has been trained.

import type { TrainingMessage } from '../src/shared/protocol';
import { fmtShort, h, s } from './dom';

const HEIGHT = 120;
const M_LEFT = 52;
const M_RIGHT = 10;
const M_TOP = 10;
const M_BOTTOM = 20;

export class TrainingChart {
  readonly element = h('section', 'card training');
  private readonly status = h('div', 'training-status');
  private readonly svg = s('svg', { class: 'loss-chart', role: 'img', height: HEIGHT });
  private width = 360;
  private last: TrainingMessage | undefined;

  constructor() {
    this.element.dataset.testid = 'training';
    this.element.hidden = true;
    this.element.append(h('h2', 'card-title', 'Training loss'), this.status, this.svg);
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 1 || width <= 0) return;
    this.width = width;
    if (this.last) this.update(this.last);
  }

  update(m: TrainingMessage): void {
    this.last = m;
    this.element.hidden = false;
    const stateText = { running: 'training…', done: 'done', cancelled: 'cancelled', failed: 'failed' }[m.state];
    const final = m.finalLoss !== null ? ` · final L = ${fmtShort(m.finalLoss, 6)}` : '';
    const err = m.error ? ` · ${m.error}` : '';
    this.status.textContent = `step ${m.step} / ${m.total} · ${stateText}${final}${err}`;
    const W = Math.max(160, this.width);
    const plotW = W - M_LEFT - M_RIGHT;
    const plotH = HEIGHT - M_TOP - M_BOTTOM;
    // A loop, not Math.min(...losses): spreading a long array overflows the call stack.
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of m.losses) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const parts: SVGElement[] = [];
    if (lo <= hi) {
      if (hi === lo) {
        hi += 1e-9 + Math.abs(hi) * 1e-3;
        lo -= 1e-9 + Math.abs(lo) * 1e-3;
      }
      const n = Math.max(2, m.total);
      let d = '';
      m.losses.forEach((v, j) => {
        if (!Number.isFinite(v)) return;
        const k = m.lossSteps[j] ?? j;
        const x = M_LEFT + (k / (n - 1)) * plotW;
        const y = M_TOP + (1 - (v - lo) / (hi - lo)) * plotH;
        d += `${d === '' ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
      });
      parts.push(
        s('line', { class: 'axis', x1: M_LEFT, y1: M_TOP + plotH, x2: W - M_RIGHT, y2: M_TOP + plotH }),
        s('line', { class: 'axis', x1: M_LEFT, y1: M_TOP, x2: M_LEFT, y2: M_TOP + plotH }),
        s('text', { class: 'axis-label', x: M_LEFT - 6, y: M_TOP + 8, 'text-anchor': 'end' }, fmtShort(hi, 4)),
        s('text', { class: 'axis-label', x: M_LEFT - 6, y: M_TOP + plotH, 'text-anchor': 'end' }, fmtShort(lo, 4)),
        s('path', { class: 'loss-line', d }),
      );
    }
    this.svg.setAttribute('width', String(W));
    this.svg.setAttribute('viewBox', `0 0 ${W} ${HEIGHT}`);
    this.svg.replaceChildren(...parts);
    this.svg.setAttribute('aria-label', `Training loss over ${m.step} steps`);
  }
}
