// What each training step did besides its loss (optimize.ts StepStats), under the loss curve:
// ‖g‖ before clipping on a log scale, the clip factor c (1 = not clipped) and η, with a sentence
// on what clipping did. Scrub to any iteration — click, or the arrow keys on the focused chart —
// and "Step into iteration k" replays it into the stepper (training/stepInto.ts). A step where
// training met a non-finite number is marked on the curve.

import type { SeriesCurve, TrainingMessage } from '../src/shared/protocol';
import { integerTicks, linearScale, logScale, tickLabel, type Scale } from './chartAxis';
import { fmtShort, h, s } from './dom';

const PANEL_H = 64;
/** At most this many powers of ten on ‖g‖'s axis: about 20 px apart in a panel, not 12. */
const LOG_TICKS = 3;
const GAP = 16;
const M_LEFT = 56;
const M_RIGHT = 12;
const M_TOP = 10;
const M_BOTTOM = 34;
const HEIGHT = M_TOP + 2 * PANEL_H + GAP + M_BOTTOM;

/** The entry of `curve` at or nearest to 0-based step k (the curve may be downsampled). */
export function valueAt(curve: SeriesCurve | undefined, k: number): number | undefined {
  if (!curve || curve.steps.length === 0) return undefined;
  let best = 0;
  for (let j = 0; j < curve.steps.length; j++)
    if (Math.abs(curve.steps[j] - k) < Math.abs(curve.steps[best] - k)) best = j;
  return curve.values[best];
}

/** What clipping did over the run, in one sentence. */
export function clipSentence(m: TrainingMessage): string {
  const steps = m.step;
  if (!m.clipped)
    return `No step was clipped: ‖g‖ stayed within clipNorm (or the model sets none), so each of the ${steps} updates was plain SGD, θ ← θ − η·g.`;
  const { count, min, at } = m.clipped;
  const g = valueAt(m.gradNorms, at);
  const limit =
    g === undefined
      ? ''
      : ` — there ‖g‖ was ${fmtShort(g, 3)}, and the update was as long as for ‖g‖ = ${fmtShort(min * (g + 1e-6), 3)}`;
  return (
    `Clipping scaled the gradient down in ${count} of ${steps} steps (c < 1), at most to c = ${fmtShort(min, 3)} at step ${at + 1}${limit}. ` +
    `A clipped step keeps g’s direction and caps its length at clipNorm; ${count === steps ? 'every step was clipped' : 'the other steps were plain SGD'}.`
  );
}

export class TrainingStats {
  readonly element = h('div', 'training-stats');
  private readonly svg = s('svg', { class: 'stats-chart', role: 'slider', tabindex: 0, height: HEIGHT });
  private readonly readout = h('div', 'chart-readout stats-readout');
  private readonly sentence = h('p', 'sentence clip-sentence');
  private readonly stepInto = h('button', 'chart-toggle step-into');
  private width = 360;
  private last: TrainingMessage | undefined;
  /** The scrubbed iteration (0-based step), or null before any. */
  private selected: number | null = null;

  constructor(private readonly onStepInto: (iteration: number) => void) {
    this.svg.dataset.testid = 'stats-chart';
    this.readout.dataset.testid = 'stats-readout';
    this.sentence.dataset.testid = 'clip-sentence';
    this.stepInto.dataset.testid = 'step-into';
    this.svg.setAttribute('aria-label', 'Training iteration: gradient norm and clip factor per step');
    this.stepInto.addEventListener('click', () => {
      if (this.selected !== null) this.onStepInto(this.selected);
    });
    this.svg.addEventListener('click', (e) => this.pick(e));
    this.svg.addEventListener('keydown', (e) => this.key(e));
    const row = h('div', 'stats-actions');
    row.append(this.stepInto, this.readout);
    this.element.append(this.svg, row, this.sentence);
    this.element.hidden = true;
  }

  resize(width: number): void {
    if (Math.abs(width - this.width) < 1 || width <= 0) return;
    this.width = width;
    if (this.last) this.update(this.last);
  }

  update(m: TrainingMessage): void {
    this.last = m;
    this.element.hidden = !m.gradNorms;
    if (!m.gradNorms) return;
    if (this.selected !== null && this.selected >= m.step) this.selected = null;
    if (this.selected === null && m.state !== 'running' && m.step > 0) this.selected = m.step - 1;
    this.draw(m);
    this.sentence.textContent = clipSentence(m);
    this.showSelection();
  }

  private xOf(k: number): number {
    const total = Math.max(1, this.last?.total ?? 1);
    const plotW = Math.max(200, this.width) - M_LEFT - M_RIGHT;
    return M_LEFT + (total > 1 ? (k / (total - 1)) * plotW : plotW / 2);
  }

  private draw(m: TrainingMessage): void {
    const W = Math.max(200, this.width);
    const plotW = W - M_LEFT - M_RIGHT;
    const parts: SVGElement[] = [];
    const norms = m.gradNorms as SeriesCurve;
    let lo = Infinity;
    let hi = 0;
    for (const v of norms.values) if (v > 0 && Number.isFinite(v)) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    const panels: [string, SeriesCurve | undefined, Scale | null, number][] = [
      ['‖g‖ (log)', norms, hi > 0 ? logScale(lo, hi, LOG_TICKS) : null, M_TOP],
      ['clip c', m.clipFactors, linearScale(0, 1, 2), M_TOP + PANEL_H + GAP],
    ];
    for (const [title, curve, scale, top] of panels) {
      const yOf = (v: number) => top + (1 - (scale as Scale).frac(v)) * PANEL_H;
      parts.push(
        s('line', { class: 'axis', x1: M_LEFT, y1: top, x2: M_LEFT, y2: top + PANEL_H }),
        s('line', { class: 'axis', x1: M_LEFT, y1: top + PANEL_H, x2: W - M_RIGHT, y2: top + PANEL_H }),
        // Beside the panel, turned as the loss chart's: left of the tick labels, clear of them.
        s(
          'text',
          {
            class: 'axis-title',
            x: 12,
            y: top + PANEL_H / 2,
            'text-anchor': 'middle',
            transform: `rotate(-90 12 ${top + PANEL_H / 2})`,
          },
          title,
        ),
      );
      if (!scale || !curve) continue;
      for (const t of scale.ticks) {
        const ty = yOf(t);
        if (ty < top - 0.5 || ty > top + PANEL_H + 0.5) continue;
        parts.push(
          s('line', { class: 'grid', x1: M_LEFT, y1: ty, x2: W - M_RIGHT, y2: ty }),
          s('text', { class: 'axis-label', x: M_LEFT - 6, y: ty + 4, 'text-anchor': 'end' }, tickLabel(t, scale.log)),
        );
      }
      let d = '';
      curve.values.forEach((v, j) => {
        if (!Number.isFinite(v) || (scale.log && v <= 0)) return;
        d += `${d === '' ? 'M' : 'L'}${this.xOf(curve.steps[j]).toFixed(1)} ${yOf(v).toFixed(1)}`;
      });
      parts.push(s('path', { class: scale.log ? 'stat-line norm-line' : 'stat-line clip-line', d }));
    }
    const bottom = HEIGHT - M_BOTTOM;
    for (const k of integerTicks(1, Math.max(1, m.total), Math.max(2, Math.floor(plotW / 70)))) {
      const tx = this.xOf(k - 1);
      parts.push(
        s('line', { class: 'axis', x1: tx, y1: bottom, x2: tx, y2: bottom + 4 }),
        s('text', { class: 'axis-label', x: tx, y: bottom + 16, 'text-anchor': 'middle' }, String(k)),
      );
    }
    parts.push(
      s('text', { class: 'axis-title', x: M_LEFT + plotW / 2, y: HEIGHT - 4, 'text-anchor': 'middle' }, 'step'),
    );
    if (m.divergedAt !== null && m.divergedAt !== undefined) {
      const x = this.xOf(m.divergedAt);
      parts.push(
        s('line', { class: 'diverged', x1: x, y1: M_TOP, x2: x, y2: bottom }),
        s(
          'text',
          { class: 'axis-label diverged-label', x: x - 3, y: M_TOP + 10, 'text-anchor': 'end' },
          `non-finite at step ${m.divergedAt + 1}`,
        ),
      );
    }
    const cursor = s('line', { class: 'stats-cursor', x1: -10, y1: M_TOP, x2: -10, y2: bottom });
    parts.push(cursor);
    this.svg.setAttribute('width', String(W));
    this.svg.setAttribute('viewBox', `0 0 ${W} ${HEIGHT}`);
    this.svg.replaceChildren(...parts);
  }

  private pick(e: MouseEvent): void {
    const m = this.last;
    if (!m || m.step === 0) return;
    const box = this.svg.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * Number(this.svg.getAttribute('width'));
    const total = Math.max(1, m.total);
    const plotW = Math.max(200, this.width) - M_LEFT - M_RIGHT;
    const k = total > 1 ? Math.round(((x - M_LEFT) / plotW) * (total - 1)) : 0;
    this.select(k);
  }

  private key(e: KeyboardEvent): void {
    const m = this.last;
    if (!m || m.step === 0) return;
    const k = this.selected ?? m.step - 1;
    const page = Math.max(1, Math.round(m.step / 10));
    const next: Record<string, number> = {
      ArrowLeft: k - 1,
      ArrowRight: k + 1,
      PageDown: k - page,
      PageUp: k + page,
      Home: 0,
      End: m.step - 1,
    };
    if (next[e.key] !== undefined) {
      e.preventDefault();
      this.select(next[e.key]);
    } else if (e.key === 'Enter' && this.selected !== null && m.replayable) {
      e.preventDefault();
      this.onStepInto(this.selected);
    }
  }

  private select(k: number): void {
    const m = this.last;
    if (!m || m.step === 0) return;
    this.selected = Math.max(0, Math.min(m.step - 1, k));
    this.showSelection();
  }

  private showSelection(): void {
    const m = this.last;
    const k = this.selected;
    const cursor = this.svg.querySelector('.stats-cursor');
    this.stepInto.disabled = k === null || !m?.replayable;
    this.stepInto.textContent = k === null ? 'Step into iteration' : `Step into iteration ${k + 1}`;
    this.stepInto.title = m?.replayable
      ? 'Replay this training step and step through its forward and backward pass'
      : 'Available once training has finished';
    // A slider always has a value: before any pick, the first iteration.
    this.svg.setAttribute('aria-valuemin', '1');
    this.svg.setAttribute('aria-valuemax', String(Math.max(1, m?.step ?? 1)));
    this.svg.setAttribute('aria-valuenow', String((k ?? 0) + 1));
    if (!m || k === null) {
      this.svg.setAttribute('aria-valuetext', 'no iteration picked');
      cursor?.setAttribute('x1', '-10');
      cursor?.setAttribute('x2', '-10');
      this.readout.textContent = m && m.step > 0 ? 'click the chart (or use ← →) to pick an iteration' : '';
      return;
    }
    const x = this.xOf(k).toFixed(1);
    cursor?.setAttribute('x1', x);
    cursor?.setAttribute('x2', x);
    const loss = valueAt({ steps: m.lossSteps, values: m.losses }, k);
    const g = valueAt(m.gradNorms, k);
    const c = valueAt(m.clipFactors, k);
    const lr = valueAt(m.learningRates, k);
    const parts = [`iteration ${k + 1}`];
    if (loss !== undefined) parts.push(`L = ${fmtShort(loss, 6)}`);
    if (g !== undefined) parts.push(`‖g‖ = ${fmtShort(g, 6)}`);
    if (c !== undefined) parts.push(c < 1 ? `clipped: c = ${fmtShort(c, 6)}` : 'not clipped (c = 1)');
    if (lr !== undefined) parts.push(`η = ${fmtShort(lr, 6)}`);
    this.readout.textContent = parts.join(' · ');
    this.svg.setAttribute('aria-valuetext', this.readout.textContent);
  }
}
