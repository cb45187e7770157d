// The drawing pieces of the dynamics panel: a loss curve on a y scale given by the caller (so the
// three cells of a comparison share one), a gradient-flow heatmap on a log colour scale given by
// the caller, and the colour of a difference. Numbers are written as SVG text through textContent.

import { fmtShort, h, s } from '../dom';
import { packedColor, type Palette } from '../palette';

export const CHART = { width: 280, height: 150, left: 52, right: 8, top: 10, bottom: 26 } as const;

/** The y of a value on the shared scale [min, max] (max at the top); a flat range centres. */
export function yOf(v: number, min: number, max: number): number {
  const inner = CHART.height - CHART.top - CHART.bottom;
  if (max === min) return CHART.top + inner / 2;
  return CHART.top + ((max - v) / (max - min)) * inner;
}

/** The x of training step k of `steps` (0-based). */
export function xOf(k: number, steps: number): number {
  const inner = CHART.width - CHART.left - CHART.right;
  return CHART.left + (steps <= 1 ? inner / 2 : (k / (steps - 1)) * inner);
}

/** A loss curve on the y scale [min, max]; the axis shows exactly min and max (data-y-min/max). */
export function lossChart(
  label: string,
  steps: readonly number[],
  losses: readonly number[],
  totalSteps: number,
  range: { readonly min: number; readonly max: number },
): SVGSVGElement {
  const svg = s('svg', {
    class: 'loss-chart',
    width: CHART.width,
    height: CHART.height,
    viewBox: `0 0 ${CHART.width} ${CHART.height}`,
    role: 'img',
    'data-y-min': String(range.min),
    'data-y-max': String(range.max),
  });
  svg.append(s('title', {}, label));
  const bottom = CHART.height - CHART.bottom;
  svg.append(s('line', { class: 'axis', x1: CHART.left, y1: CHART.top, x2: CHART.left, y2: bottom }));
  svg.append(s('line', { class: 'axis', x1: CHART.left, y1: bottom, x2: CHART.width - CHART.right, y2: bottom }));
  const tick = (v: number, cls: string) =>
    svg.append(
      s('text', { class: `tick ${cls}`, x: CHART.left - 4, y: yOf(v, range.min, range.max) + 4 }, fmtShort(v)),
    );
  tick(range.max, 'y-max');
  if (range.max !== range.min) tick(range.min, 'y-min');
  svg.append(s('text', { class: 'tick x-label', x: CHART.left, y: CHART.height - 8 }, '1'));
  svg.append(
    s('text', { class: 'tick x-label end', x: CHART.width - CHART.right, y: CHART.height - 8 }, String(totalSteps)),
  );
  const pts: string[] = [];
  for (let i = 0; i < losses.length; i++)
    if (Number.isFinite(losses[i]))
      pts.push(`${xOf(steps[i], totalSteps).toFixed(2)},${yOf(losses[i], range.min, range.max).toFixed(2)}`);
  svg.append(s('polyline', { class: 'curve', points: pts.join(' '), fill: 'none' }));
  return svg;
}

/** The colour fraction (0…1) of a positive flow value on the log scale [min, max]. */
export function logFraction(v: number, min: number, max: number): number {
  if (max <= min) return 1;
  return Math.min(1, Math.max(0, (Math.log(v) - Math.log(min)) / (Math.log(max) - Math.log(min))));
}

/** ‖∂ℓ_t/∂h_k‖ as a T × (T+1) heatmap (row t, column k); 0 (k > t, no target) is the background,
 *  a non-finite value the negative colour. */
export function flowHeatmap(
  p: Palette,
  title: string,
  T: number,
  values: ArrayLike<number>,
  range: { readonly min: number; readonly max: number } | null,
): HTMLElement {
  const box = h('figure', 'flow');
  const cap = h('figcaption', undefined, title);
  const canvas = h('canvas', 'flow-canvas');
  canvas.width = T + 1;
  canvas.height = T;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${title}: rows t = 1…${T}, columns k = 0…${T}`);
  if (range) {
    canvas.dataset.flowMin = String(range.min);
    canvas.dataset.flowMax = String(range.max);
  }
  const ctx = canvas.getContext('2d');
  if (ctx) {
    const img = ctx.createImageData(T + 1, T);
    const px = new Uint32Array(img.data.buffer);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) px[i] = packedColor(p, -1, 1);
      else if (v > 0 && range) px[i] = packedColor(p, logFraction(v, range.min, range.max), 1);
      else px[i] = packedColor(p, 0, 1);
    }
    ctx.putImageData(img, 0, 0);
  }
  box.append(cap, canvas);
  return box;
}
