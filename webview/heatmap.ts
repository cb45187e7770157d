// One tensor drawn as a heatmap. Small tensors (≤ 12×12) are a grid of HTML cells, each showing
// its number; larger ones are a <canvas> holding one pixel per element, scaled up without
// smoothing — a 512×512 matrix is one putImageData, so stepping stays fast. Both report which
// element the pointer is over so the panel can show the exact value.

import { fmtShort, h } from './dom';
import { cssColor, cssTextColor, packedColor, type Palette } from './palette';

/** Largest tensor (rows and columns) shown with every number. */
export const MAX_NUMBER_GRID = 12;
/** Largest drawn width of a canvas heatmap, in CSS pixels. */
const MAX_CANVAS_PX = 360;
const MAX_CELL_PX = 14;

export interface Layout {
  readonly rows: number;
  readonly cols: number;
}

/** How a shape is laid out: a matrix as itself; a short vector as a column (as the math writes
 *  it); a long vector as one row, which fits the panel. */
export function layoutOf(shape: readonly number[]): Layout {
  if (shape.length >= 2) return { rows: shape[0], cols: shape[1] };
  const n = shape[0] ?? 1;
  return n <= MAX_NUMBER_GRID ? { rows: n, cols: 1 } : { rows: 1, cols: n };
}

export function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]);
    if (a > m && a !== Infinity) m = a;
  }
  return m;
}

/** The drawn key of a blanked heatmap (no content key starts with a space). */
const BLANK = ' blank';

export type HoverHandler = (index: number | null, clientX: number, clientY: number) => void;

export class Heatmap {
  readonly element: HTMLElement;
  private readonly layout: Layout;
  private readonly numbers: boolean;
  private canvas: HTMLCanvasElement | undefined;
  private ctx: CanvasRenderingContext2D | null = null;
  private image: ImageData | undefined;
  private cells: HTMLElement[] = [];
  private readonly marker: HTMLElement;
  private cellW = 1;
  private cellH = 1;
  private drawnKey: string | null = null;
  private drawnPalette: Palette | undefined;

  constructor(
    readonly shape: readonly number[],
    private readonly onHover: HoverHandler,
  ) {
    this.layout = layoutOf(shape);
    const { rows, cols } = this.layout;
    this.numbers = rows <= MAX_NUMBER_GRID && cols <= MAX_NUMBER_GRID;
    this.element = h('div', this.numbers ? 'heatmap numbers' : 'heatmap pixels');
    this.marker = h('div', 'cell-marker');
    this.marker.hidden = true;
    if (this.numbers) {
      this.element.style.gridTemplateColumns = `repeat(${cols}, auto)`;
      for (let i = 0; i < rows * cols; i++) {
        const c = h('span', 'cell');
        c.dataset.i = String(i);
        this.cells.push(c);
      }
      this.element.replaceChildren(...this.cells);
      this.element.addEventListener('pointermove', (e) => {
        const i = (e.target as HTMLElement).dataset?.i;
        this.onHover(i === undefined ? null : Number(i), e.clientX, e.clientY);
      });
    } else {
      const canvas = h('canvas', 'heatmap-canvas');
      canvas.width = cols;
      canvas.height = rows;
      const cell = Math.min(MAX_CELL_PX, MAX_CANVAS_PX / cols);
      this.cellW = cell;
      this.cellH = rows === 1 ? MAX_CELL_PX : Math.min(cell, MAX_CANVAS_PX / rows);
      canvas.style.width = `${cols * this.cellW}px`;
      canvas.style.height = `${rows * this.cellH}px`;
      this.canvas = canvas;
      this.element.append(canvas, this.marker);
      canvas.addEventListener('pointermove', (e) => {
        const r = canvas.getBoundingClientRect();
        const col = Math.floor(((e.clientX - r.left) / r.width) * cols);
        const row = Math.floor(((e.clientY - r.top) / r.height) * rows);
        const inside = col >= 0 && col < cols && row >= 0 && row < rows;
        this.onHover(inside ? row * cols + col : null, e.clientX, e.clientY);
      });
    }
    this.element.addEventListener('pointerleave', (e) => this.onHover(null, e.clientX, e.clientY));
  }

  get length(): number {
    return this.layout.rows * this.layout.cols;
  }

  get cols(): number {
    return this.layout.cols;
  }

  /** Draws `values` unless exactly these numbers (same cache key) are already on screen. */
  update(values: Float64Array, key: string | null, palette: Palette): void {
    if (key !== null && key === this.drawnKey && palette === this.drawnPalette) return;
    this.drawnKey = key;
    this.drawnPalette = palette;
    // A lone scalar has no scale to compare against: a half tint shows its sign without shouting.
    const max = values.length === 1 ? Math.abs(values[0]) * 2 : maxAbs(values);
    if (this.canvas) {
      this.ctx ??= this.canvas.getContext('2d', { alpha: false });
      const ctx = this.ctx;
      if (!ctx) return;
      this.image ??= ctx.createImageData(this.layout.cols, this.layout.rows);
      const img = this.image;
      const px = new Uint32Array(img.data.buffer);
      for (let i = 0; i < values.length; i++) px[i] = packedColor(palette, values[i], max);
      ctx.putImageData(img, 0, 0);
      return;
    }
    for (let i = 0; i < this.cells.length; i++) {
      const c = this.cells[i];
      const v = values[i];
      const text = fmtShort(v);
      if (c.textContent !== text) c.textContent = text;
      const bg = cssColor(palette, v, max);
      if (c.style.backgroundColor !== bg) c.style.backgroundColor = bg;
      const fg = cssTextColor(palette, v, max);
      if (c.style.color !== fg) c.style.color = fg;
    }
  }

  /** Practice mode: a `?` in every cell (a neutral canvas), no number at all. */
  blank(palette: Palette): void {
    if (this.drawnKey === BLANK && palette === this.drawnPalette) return;
    this.drawnKey = BLANK;
    this.drawnPalette = palette;
    if (this.canvas) {
      this.ctx ??= this.canvas.getContext('2d', { alpha: false });
      if (!this.ctx) return;
      this.image ??= this.ctx.createImageData(this.layout.cols, this.layout.rows);
      new Uint32Array(this.image.data.buffer).fill(packedColor(palette, 0, 1));
      this.ctx.putImageData(this.image, 0, 0);
      return;
    }
    for (const c of this.cells) {
      if (c.textContent !== '?') c.textContent = '?';
      c.style.backgroundColor = cssColor(palette, 0, 1);
      c.style.color = cssTextColor(palette, 0, 1);
    }
  }

  /** Outlines element `index` (keyboard selection); null hides the outline. Returns its screen box. */
  select(index: number | null): DOMRect | null {
    for (const c of this.cells) c.classList.remove('selected');
    if (index === null) {
      this.marker.hidden = true;
      return null;
    }
    if (this.numbers) {
      const c = this.cells[index];
      c?.classList.add('selected');
      return c?.getBoundingClientRect() ?? null;
    }
    const row = Math.floor(index / this.layout.cols);
    const col = index % this.layout.cols;
    this.marker.hidden = false;
    this.marker.style.left = `${col * this.cellW}px`;
    this.marker.style.top = `${row * this.cellH}px`;
    this.marker.style.width = `${Math.max(3, this.cellW)}px`;
    this.marker.style.height = `${Math.max(3, this.cellH)}px`;
    return this.marker.getBoundingClientRect();
  }
}
