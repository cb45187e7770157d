// The loss curve of a training run ("RNN: Train…"): L before each SGD step, drawn as it arrives
// from the trainer, with the run's state. Step and loss axes with round ticks (chartAxis.ts), a
// log-scale toggle for losses spanning orders of magnitude, and the value of the nearest step
// under the pointer. Hidden until the document has been trained.

import type { TrainingMessage } from '../src/shared/protocol';
import { integerTicks, linearScale, logScale, tickLabel, type Scale } from './chartAxis';
import { fmtShort, h, s } from './dom';

const HEIGHT = 150;
const M_LEFT = 56;
const M_RIGHT = 12;
const M_TOP = 10;
const M_BOTTOM = 34;

export class TrainingChart {
  readonly element = h('section', 'card training');
  private readonly status = h('div', 'training-status');
  /** "Training stopped at step K: non-finite value: …", when it did. */
  private readonly divergence = h('div', 'training-divergence');
  private readonly logToggle = h('button', 'chart-toggle', 'log scale');
  private readonly svg = s('svg', { class: 'loss-chart', role: 'img', height: HEIGHT });
  private readonly readout = h('div', 'chart-readout');
  private width = 360;
  private log = false;
  private last: TrainingMessage | undefined;
  /** Plotted points of the last drawing, for the pointer readout. */
  private points: { x: number; y: number; step: number; loss: number }[] = [];
  private readonly marker = s('circle', { class: 'chart-marker', r: 3.5, cx: -10, cy: -10 });

  constructor() {
    this.element.dataset.testid = 'training';
    this.element.hidden = true;
    this.element.setAttribute('role', 'region');
    this.element.setAttribute('aria-label', 'Training loss');
    this.logToggle.dataset.testid = 'loss-log-toggle';
    this.logToggle.setAttribute('aria-pressed', 'false');
    this.logToggle.title = 'Show the loss on a logarithmic scale';
    this.logToggle.addEventListener('click', () => {
      this.log = !this.log;
      this.logToggle.setAttribute('aria-pressed', String(this.log));
      if (this.last) this.update(this.last);
    });
    const head = h('div', 'card-head');
    head.append(h('h2', 'card-title', 'Training loss'), this.logToggle);
    this.readout.setAttribute('aria-live', 'off');
    this.divergence.dataset.testid = 'training-divergence';
    this.divergence.setAttribute('role', 'alert');
    this.divergence.hidden = true;
    this.element.append(head, this.status, this.divergence, this.svg, this.readout);
    this.svg.addEventListener('pointermove', (e) => this.hover(e));
    this.svg.addEventListener('pointerleave', () => this.hover(null));
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 1 || width <= 0) return;
    this.width = width;
    if (this.last) this.update(this.last);
  }

  /** Brings the chart into view (after "Show Loss Curve"). */
  reveal(): void {
    if (this.element.hidden) return;
    this.element.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    this.logToggle.focus({ preventScroll: true });
  }

  update(m: TrainingMessage): void {
    this.last = m;
    this.element.hidden = false;
    const stateText = {
      running: 'training…',
      done: 'done',
      diverged: 'stopped',
      cancelled: 'cancelled',
      failed: 'failed',
    }[m.state];
    const final = m.finalLoss !== null ? ` · final L = ${fmtShort(m.finalLoss, 6)}` : '';
    const err = m.error ? ` · ${m.error}` : '';
    this.status.textContent = `step ${m.step} / ${m.total} · ${stateText}${final}${err}`;
    this.divergence.hidden = m.divergence === null;
    this.divergence.textContent = m.divergence ?? '';
    const W = Math.max(200, this.width);
    const plotW = W - M_LEFT - M_RIGHT;
    const plotH = HEIGHT - M_TOP - M_BOTTOM;
    // A loop, not Math.min(...losses): spreading a long array overflows the call stack.
    let lo = Infinity;
    let hi = -Infinity;
    let positiveLo = Infinity;
    for (const v of m.losses) {
      if (!Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      if (v > 0 && v < positiveLo) positiveLo = v;
    }
    const canLog = positiveLo < Infinity;
    this.logToggle.disabled = !canLog;
    const parts: SVGElement[] = [];
    this.points = [];
    if (lo <= hi) {
      const y: Scale = this.log && canLog ? logScale(positiveLo, hi) : linearScale(lo, hi, 4);
      const lastStep = Math.max(1, m.total);
      const xOf = (k: number) => M_LEFT + (lastStep > 1 ? (k / (lastStep - 1)) * plotW : plotW / 2);
      const yOf = (v: number) => M_TOP + (1 - y.frac(v)) * plotH;
      for (const t of y.ticks) {
        const ty = yOf(t);
        if (ty < M_TOP - 0.5 || ty > M_TOP + plotH + 0.5) continue;
        parts.push(
          s('line', { class: 'grid', x1: M_LEFT, y1: ty, x2: W - M_RIGHT, y2: ty }),
          s('text', { class: 'axis-label', x: M_LEFT - 6, y: ty + 4, 'text-anchor': 'end' }, tickLabel(t, y.log)),
        );
      }
      // Steps are counted from 1: the first point is the loss before the first update.
      for (const k of integerTicks(1, lastStep, Math.max(2, Math.floor(plotW / 70)))) {
        const tx = xOf(k - 1);
        parts.push(
          s('line', { class: 'axis', x1: tx, y1: M_TOP + plotH, x2: tx, y2: M_TOP + plotH + 4 }),
          s('text', { class: 'axis-label', x: tx, y: M_TOP + plotH + 16, 'text-anchor': 'middle' }, String(k)),
        );
      }
      let d = '';
      m.losses.forEach((v, j) => {
        if (!Number.isFinite(v) || (y.log && v <= 0)) return;
        const k = m.lossSteps[j] ?? j;
        const px = xOf(k);
        const py = yOf(v);
        this.points.push({ x: px, y: py, step: k + 1, loss: v });
        d += `${d === '' ? 'M' : 'L'}${px.toFixed(1)} ${py.toFixed(1)}`;
      });
      parts.push(
        s('line', { class: 'axis', x1: M_LEFT, y1: M_TOP + plotH, x2: W - M_RIGHT, y2: M_TOP + plotH }),
        s('line', { class: 'axis', x1: M_LEFT, y1: M_TOP, x2: M_LEFT, y2: M_TOP + plotH }),
        s('text', { class: 'axis-title', x: M_LEFT + plotW / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, 'step'),
        s(
          'text',
          {
            class: 'axis-title',
            x: 12,
            y: M_TOP + plotH / 2,
            'text-anchor': 'middle',
            transform: `rotate(-90 12 ${M_TOP + plotH / 2})`,
          },
          y.log ? 'loss (log)' : 'loss',
        ),
        s('path', { class: 'loss-line', d }),
        this.marker,
      );
    }
    this.svg.setAttribute('width', String(W));
    this.svg.setAttribute('viewBox', `0 0 ${W} ${HEIGHT}`);
    this.svg.replaceChildren(...parts);
    const first = m.losses.find((v) => Number.isFinite(v));
    this.svg.setAttribute(
      'aria-label',
      `Training loss over ${m.step} steps${first !== undefined && m.finalLoss !== null ? `: from ${fmtShort(first, 5)} to ${fmtShort(m.finalLoss, 5)}` : ''}`,
    );
    this.hover(null);
  }

  private hover(e: PointerEvent | null): void {
    if (!e || this.points.length === 0) {
      this.marker.setAttribute('cx', '-10');
      this.readout.textContent = this.points.length > 0 ? 'point at the curve for a step’s loss' : '';
      return;
    }
    const box = this.svg.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * Number(this.svg.getAttribute('width'));
    let best = this.points[0];
    for (const p of this.points) if (Math.abs(p.x - x) < Math.abs(best.x - x)) best = p;
    this.marker.setAttribute('cx', best.x.toFixed(1));
    this.marker.setAttribute('cy', best.y.toFixed(1));
    this.readout.textContent = `step ${best.step}: L = ${fmtShort(best.loss, 6)}`;
  }
}
