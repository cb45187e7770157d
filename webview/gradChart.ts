// ‖∂L/∂h_t‖ over t as bars (h_0 at the left), filled in as BPTT proceeds from t = T down to 1:
// a vanishing gradient is a row of bars shrinking towards the left, an exploding one a wall.
// Redrawn only when the norms, the current timestep or the width change.

import { integerTicks } from './chartAxis';
import { fmtShort, s } from './dom';
import { subscript } from '../src/engine/trace/subscript';

const HEIGHT = 132;
const M_LEFT = 52;
const M_RIGHT = 10;
const M_TOP = 12;
const M_BOTTOM = 24;

export class GradChart {
  readonly element = s('svg', { class: 'grad-chart', role: 'img', height: HEIGHT });
  private width = 360;
  private norms: readonly (number | null)[] = [];
  private currentT: number | null = null;
  private drawn = '';
  private drawnNorms: readonly (number | null)[] | undefined;

  /** The value under the pointer, as text beside the chart (an element the panel places). */
  readonly readout = document.createElement('div');

  constructor() {
    this.element.dataset.testid = 'grad-chart';
    this.readout.className = 'chart-readout';
    this.readout.dataset.testid = 'grad-chart-readout';
    this.element.addEventListener('pointermove', (e) => this.hover(e));
    this.element.addEventListener('pointerleave', () => this.hover(null));
  }

  private hover(e: PointerEvent | null): void {
    const n = this.norms.length;
    if (!e || n === 0) {
      this.readout.textContent = n > 0 ? 'point at a bar for its norm' : '';
      return;
    }
    const box = this.element.getBoundingClientRect();
    const W = Math.max(160, this.width);
    const x = ((e.clientX - box.left) / box.width) * W;
    const k = Math.floor(((x - M_LEFT) / (W - M_LEFT - M_RIGHT)) * n);
    if (k < 0 || k >= n) {
      this.readout.textContent = 'point at a bar for its norm';
      return;
    }
    const v = this.norms[k];
    this.readout.textContent = `‖∂L/∂h${subscript(k)}‖ = ${v === null ? 'not computed yet' : fmtShort(v, 6)}`;
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 1 || width <= 0) return;
    this.width = width;
    this.draw(true);
  }

  update(norms: readonly (number | null)[], currentT: number | null): void {
    if (norms === this.norms && currentT === this.currentT) return;
    this.norms = norms;
    this.currentT = currentT;
    this.draw(false);
  }

  private draw(force: boolean): void {
    const norms = this.norms;
    const sig = `${this.width}|${this.currentT}|${norms.length}`;
    if (!force && sig === this.drawn && norms === this.drawnNorms) return;
    this.drawn = sig;
    this.drawnNorms = norms;
    const W = Math.max(160, this.width);
    const svg = this.element;
    svg.setAttribute('width', String(W));
    svg.setAttribute('viewBox', `0 0 ${W} ${HEIGHT}`);
    const plotW = W - M_LEFT - M_RIGHT;
    const plotH = HEIGHT - M_TOP - M_BOTTOM;
    const n = norms.length;
    let max = 0;
    let known = 0;
    for (const v of norms)
      if (v !== null) {
        known++;
        if (Number.isFinite(v) && v > max) max = v;
      }
    const step = n > 0 ? plotW / n : plotW;
    // More states than pixels: one bar per pixel column, the largest norm of the states it covers.
    const bins = Math.max(1, Math.min(n, Math.floor(plotW)));
    const binW = plotW / bins;
    const barW = Math.max(1, Math.min(24, binW * 0.7));
    const base = M_TOP + plotH;
    let bars = '';
    let ghosts = '';
    for (let b = 0; b < bins; b++) {
      const x = M_LEFT + b * binW + (binW - barW) / 2;
      let v: number | null = null;
      for (let t = Math.floor((b * n) / bins); t < Math.floor(((b + 1) * n) / bins); t++) {
        const u = norms[t];
        if (u !== null && (v === null || u > v)) v = u;
      }
      if (v === null) ghosts += `M${x.toFixed(1)} ${base - 2}h${barW.toFixed(1)}`;
      else {
        const hgt = max > 0 ? Math.max(1, (Math.min(v, max) / max) * plotH) : 1;
        bars += `M${x.toFixed(1)} ${base}v${(-hgt).toFixed(1)}h${barW.toFixed(1)}v${hgt.toFixed(1)}z`;
      }
    }
    const parts: SVGElement[] = [
      s('line', { class: 'axis', x1: M_LEFT, y1: base, x2: W - M_RIGHT, y2: base }),
      s('line', { class: 'axis', x1: M_LEFT, y1: M_TOP, x2: M_LEFT, y2: base }),
      s(
        'text',
        { class: 'axis-label', x: M_LEFT - 6, y: M_TOP + 8, 'text-anchor': 'end' },
        max > 0 ? fmtShort(max, 3) : '',
      ),
      s('text', { class: 'axis-label', x: M_LEFT - 6, y: base, 'text-anchor': 'end' }, '0'),
      s('path', { class: 'ghost', d: ghosts }),
      s('path', { class: 'bars', d: bars }),
    ];
    // Timesteps labelled at a round interval that fits the width (h₀ and h_T always).
    const labelled = n > 0 ? integerTicks(0, n - 1, Math.max(2, Math.floor(plotW / 48))) : [];
    for (const k of labelled) {
      if (k === this.currentT && k > 0 && k < n - 1) continue; // the current t gets its own label
      parts.push(
        s(
          'text',
          { class: 'axis-label', x: M_LEFT + (k + 0.5) * step, y: HEIGHT - 6, 'text-anchor': 'middle' },
          `h${subscript(k)}`,
        ),
      );
    }
    const t = this.currentT;
    if (t !== null && t >= 0 && t < n) {
      const x = M_LEFT + t * step;
      parts.unshift(
        s('rect', { class: 'current-t', x: x.toFixed(1), y: M_TOP - 4, width: step.toFixed(1), height: plotH + 4 }),
      );
      if (t > 0 && t < n - 1)
        parts.push(
          s('text', { class: 'axis-label current', x: x + step / 2, y: HEIGHT - 6, 'text-anchor': 'middle' }, `t=${t}`),
        );
    }
    if (known === 0) {
      parts.push(
        s(
          'text',
          { class: 'empty-note', x: M_LEFT + plotW / 2, y: M_TOP + plotH / 2, 'text-anchor': 'middle' },
          'fills in as BPTT runs, from t = T down to 0',
        ),
      );
    }
    svg.replaceChildren(...parts);
    svg.setAttribute(
      'aria-label',
      known === 0
        ? 'Gradient norms: not computed yet'
        : `Gradient norms ‖∂L/∂h_t‖ known for ${known} of ${n} states; largest ${fmtShort(max, 4)}`,
    );
  }
}
