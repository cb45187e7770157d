// The gradient-flow matrix ‖∂ℓ_t/∂h_k‖₂ as a heatmap (engine/dynamics/gradientFlow.ts): one row per
// loss ℓ_t (t = 1…T, top to bottom), one column per hidden state h_k (k = 0…T, left to right), the
// colour on a log scale between the smallest and largest non-zero norm — a vanishing gradient is a
// row fading to the left, a held one a row of even colour. Cells on a canvas (T = 100 is 10 100
// cells), axes and the pointer's cell in SVG over it; the readout gives the cell's exact value.

import { integerTicks } from './chartAxis';
import { fmtShort, h, s } from './dom';
import { cssColor, type Palette } from './palette';
import { subscript } from '../src/engine/trace/subscript';

const M_LEFT = 44;
const M_RIGHT = 8;
const M_TOP = 8;
const M_BOTTOM = 34;
const LEGEND_H = 26;

/** Position of value v on the log colour scale between lo and hi (both > 0): 0…1. */
export function logFraction(v: number, lo: number, hi: number): number {
  if (!(v > 0)) return 0;
  if (hi <= lo) return 1;
  return Math.min(1, Math.max(0, (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))));
}

export class FlowHeatmap {
  readonly element = h('div', 'flow-map');
  readonly readout = h('div', 'chart-readout');
  private readonly canvas = h('canvas', 'flow-cells');
  private readonly svg = s('svg', { class: 'flow-axes', role: 'img' });
  private readonly cursor = s('rect', { class: 'flow-cursor', width: 0, height: 0 });
  private T = 0;
  private values: Float64Array = new Float64Array(0);
  private rows: readonly boolean[] = [];
  private width = 360;
  private cell = 4;
  private palette: Palette | undefined;
  /** Where the pointer is (a redraw — new numbers, a resize — reads out the cell under it again). */
  private pointer: { clientX: number; clientY: number } | null = null;

  constructor() {
    this.element.dataset.testid = 'flow-heatmap';
    this.readout.dataset.testid = 'flow-readout';
    this.readout.setAttribute('aria-live', 'off');
    this.element.append(this.canvas, this.svg);
    this.element.addEventListener('pointermove', (e) => {
      this.pointer = { clientX: e.clientX, clientY: e.clientY };
      this.hover(this.pointer);
    });
    this.element.addEventListener('pointerleave', () => {
      this.pointer = null;
      this.hover(null);
    });
  }

  show(T: number, values: Float64Array, rows: readonly boolean[], palette: Palette): void {
    this.T = T;
    this.values = values;
    this.rows = rows;
    this.palette = palette;
    this.draw();
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 1 || width <= 0) return;
    this.width = width;
    if (this.T > 0) this.draw();
  }

  setPalette(p: Palette): void {
    this.palette = p;
    if (this.T > 0) this.draw();
  }

  /** The smallest and largest finite non-zero norm (the ends of the colour scale). */
  private range(): { lo: number; hi: number } {
    let lo = Infinity;
    let hi = 0;
    for (const v of this.values) {
      if (!(v > 0) || !Number.isFinite(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return { lo, hi };
  }

  private draw(): void {
    const T = this.T;
    const p = this.palette;
    if (!p) return;
    const cols = T + 1;
    // Square cells, at least 2 px, as wide as the card allows (up to 24 px for a short sequence).
    this.cell = Math.max(2, Math.min(24, Math.floor((Math.max(200, this.width) - M_LEFT - M_RIGHT) / cols)));
    const c = this.cell;
    const plotW = cols * c;
    const plotH = T * c;
    const W = M_LEFT + plotW + M_RIGHT;
    const H = M_TOP + plotH + M_BOTTOM + LEGEND_H;
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(plotW * ratio);
    this.canvas.height = Math.round(plotH * ratio);
    this.canvas.style.width = `${plotW}px`;
    this.canvas.style.height = `${plotH}px`;
    this.canvas.style.left = `${M_LEFT}px`;
    this.canvas.style.top = `${M_TOP}px`;
    this.element.style.width = `${W}px`;
    this.element.style.height = `${H}px`;
    const g = this.canvas.getContext('2d');
    const { lo, hi } = this.range();
    if (g) {
      g.setTransform(ratio, 0, 0, ratio, 0, 0);
      g.clearRect(0, 0, plotW, plotH);
      for (let t = 1; t <= T; t++) {
        if (!this.rows[t - 1]) continue;
        for (let k = 0; k <= t; k++) {
          const v = this.values[(t - 1) * cols + k];
          // Not finite: the strongest colour of the other sign, so a diverged run cannot hide.
          g.fillStyle = Number.isFinite(v) ? cssColor(p, 0.06 + 0.94 * logFraction(v, lo, hi), 1) : cssColor(p, -1, 1);
          g.fillRect(k * c, (t - 1) * c, c, c);
        }
      }
    }
    const parts: SVGElement[] = [];
    const bottom = M_TOP + plotH;
    // Every index while a cell is wide enough for its label; else round intervals about 48 px apart.
    const every = c >= 20;
    for (const k of integerTicks(0, T, every ? T + 1 : Math.max(2, Math.floor(plotW / 48)))) {
      const x = M_LEFT + (k + 0.5) * c;
      parts.push(
        s('line', { class: 'axis', x1: x, y1: bottom, x2: x, y2: bottom + 4 }),
        s('text', { class: 'axis-label flow-k', x, y: bottom + 15, 'text-anchor': 'middle' }, String(k)),
      );
    }
    for (const t of integerTicks(1, T, every ? T : Math.max(2, Math.floor(plotH / 48)))) {
      const y = M_TOP + (t - 0.5) * c;
      parts.push(
        s('line', { class: 'axis', x1: M_LEFT - 4, y1: y, x2: M_LEFT, y2: y }),
        s('text', { class: 'axis-label flow-t', x: M_LEFT - 6, y: y + 4, 'text-anchor': 'end' }, String(t)),
      );
    }
    parts.push(
      s('rect', { class: 'flow-frame', x: M_LEFT, y: M_TOP, width: plotW, height: plotH }),
      s(
        'text',
        { class: 'axis-title', x: M_LEFT + plotW / 2, y: bottom + 29, 'text-anchor': 'middle' },
        'k (state hₖ)',
      ),
      s(
        'text',
        {
          class: 'axis-title',
          x: 10,
          y: M_TOP + plotH / 2,
          'text-anchor': 'middle',
          transform: `rotate(-90 10 ${M_TOP + plotH / 2})`,
        },
        't (loss ℓₜ)',
      ),
      ...this.legend(M_LEFT, bottom + M_BOTTOM + 4, Math.min(plotW, 220), lo, hi, p),
      this.cursor,
    );
    this.svg.setAttribute('width', String(W));
    this.svg.setAttribute('height', String(H));
    this.svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    this.svg.setAttribute(
      'aria-label',
      `Gradient flow ‖∂ℓₜ/∂hₖ‖ for t = 1 to ${T} and k = 0 to ${T}, log colour scale from ${fmtShort(lo)} to ${fmtShort(hi)}`,
    );
    this.svg.replaceChildren(...parts);
    this.hover(this.pointer);
  }

  /** The colour scale: a strip of the log scale with its two ends labelled. */
  private legend(x: number, y: number, w: number, lo: number, hi: number, p: Palette): SVGElement[] {
    if (!(hi > 0)) return [s('text', { class: 'axis-label', x, y: y + 12 }, 'every norm is 0')];
    const out: SVGElement[] = [];
    const n = 24;
    for (let i = 0; i < n; i++) {
      const r = s('rect', { x: x + (i * w) / n, y, width: w / n + 0.5, height: 8 });
      r.style.fill = cssColor(p, 0.06 + (0.94 * i) / (n - 1), 1);
      out.push(r);
    }
    out.push(
      s('text', { class: 'axis-label flow-lo', x, y: y + 20 }, fmtShort(lo, 2)),
      s('text', { class: 'axis-label', x: x + w / 2, y: y + 20, 'text-anchor': 'middle' }, 'log scale'),
      s('text', { class: 'axis-label flow-hi', x: x + w, y: y + 20, 'text-anchor': 'end' }, fmtShort(hi, 2)),
    );
    return out;
  }

  /** The cell under the pointer: its (t, k) and value. */
  private hover(e: { clientX: number; clientY: number } | null): void {
    const T = this.T;
    const hint = 'point at a cell for ‖∂ℓₜ/∂hₖ‖';
    if (!e || T === 0) {
      this.cursor.setAttribute('width', '0');
      this.readout.textContent = T > 0 ? hint : '';
      return;
    }
    const box = this.canvas.getBoundingClientRect();
    const k = Math.floor((e.clientX - box.left) / this.cell);
    const t = Math.floor((e.clientY - box.top) / this.cell) + 1;
    if (k < 0 || k > T || t < 1 || t > T) {
      this.cursor.setAttribute('width', '0');
      this.readout.textContent = hint;
      return;
    }
    this.cursor.setAttribute('x', String(M_LEFT + k * this.cell));
    this.cursor.setAttribute('y', String(M_TOP + (t - 1) * this.cell));
    this.cursor.setAttribute('width', String(this.cell));
    this.cursor.setAttribute('height', String(this.cell));
    const name = `‖∂ℓ${subscript(t)}/∂h${subscript(k)}‖`;
    if (!this.rows[t - 1]) this.readout.textContent = `step ${t} has no target: no loss ℓ${subscript(t)} to flow back`;
    else if (k > t) this.readout.textContent = `${name} = 0: the loss at step ${t} comes before h${subscript(k)}`;
    else this.readout.textContent = `${name} = ${fmtShort(this.values[(t - 1) * (T + 1) + k], 6)}`;
  }
}
