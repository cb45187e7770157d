// The whole run as a scrubber: forward t=1…T, loss, BPTT t=T…1, clip, update — the current step
// lit, draggable with the pointer, operable with the keyboard (a WAI-ARIA slider: arrows move one
// step, Page Up/Down one timestep group, Home/End to the ends). Built once per run; a step only
// moves the thumb and the lit group.
//
// Phases get at least MIN_PHASE of the width so the one-step phases (loss, clip) stay visible and
// clickable; inside a phase, position is linear in the step index.
//
// The step that writes a run's first NaN or ±Infinity carries a mark (setMark), named for screen
// readers as the slider's description.

import type { Phase } from '../src/engine/trace/trace';
import type { TimelineShape } from '../src/engine/trace/navigation';
import { PHASE_WORDS, phaseSpan } from '../src/engine/trace/phases';
import { h, s } from './dom';

const MIN_PHASE = 0.06;
const MAX_TICKS = 3000;

interface Segment {
  readonly phase: Phase;
  readonly start: number;
  readonly count: number;
  readonly x0: number;
  readonly x1: number;
}

export class Timeline {
  readonly element = h('div', 'timeline');
  private readonly track = h('div', 'timeline-track');
  private readonly lit = h('div', 'timeline-lit');
  private readonly thumb = h('div', 'timeline-thumb');
  private readonly mark = h('div', 'timeline-mark');
  private readonly ticks = s('svg', {
    class: 'timeline-ticks',
    viewBox: '0 0 1000 10',
    preserveAspectRatio: 'none',
    'aria-hidden': 'true',
  });
  private segments: Segment[] = [];
  private labels: { readonly el: HTMLElement; readonly full: string; readonly short: string; readonly frac: number }[] =
    [];
  private info: TimelineShape | undefined;
  private index = 0;
  private dragging = false;

  constructor(private readonly onScrub: (index: number) => void) {
    const el = this.element;
    el.dataset.testid = 'timeline';
    el.tabIndex = 0;
    el.setAttribute('role', 'slider');
    el.setAttribute('aria-label', 'Step of the run');
    el.setAttribute('aria-valuemin', '0');
    this.mark.id = 'timeline-nonfinite-mark';
    this.mark.dataset.testid = 'timeline-nonfinite';
    this.mark.hidden = true;
    this.track.append(this.ticks, this.lit, this.thumb, this.mark);
    el.appendChild(this.track);
    el.addEventListener('pointerdown', (e) => {
      if (!this.info || e.button !== 0) return;
      this.dragging = true;
      el.setPointerCapture(e.pointerId);
      el.focus();
      this.scrubTo(e.clientX);
      e.preventDefault();
    });
    el.addEventListener('pointermove', (e) => {
      if (this.dragging) this.scrubTo(e.clientX);
    });
    const stop = (e: PointerEvent): void => {
      if (!this.dragging) return;
      this.dragging = false;
      if (el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
    };
    el.addEventListener('pointerup', stop);
    el.addEventListener('pointercancel', stop);
    el.addEventListener('keydown', (e) => this.key(e));
  }

  /** Lays out a new run (once per run). */
  setRun(info: TimelineShape, T: number): void {
    this.info = info;
    const total = Math.max(1, info.stepCount);
    const raw = info.phases.map((p) => Math.max(MIN_PHASE, p.count / total));
    const sum = raw.reduce((a, b) => a + b, 0);
    let x = 0;
    this.segments = info.phases.map((p, i) => {
      const w = raw[i] / sum;
      const seg = { phase: p.phase, start: p.start, count: p.count, x0: x, x1: x + w };
      x += w;
      return seg;
    });
    this.labels = [];
    const blocks = this.segments.map((seg) => {
      const b = h('div', `timeline-phase phase-${seg.phase}`);
      b.style.left = pct(seg.x0);
      b.style.width = pct(seg.x1 - seg.x0);
      const full = phaseSpan(seg.phase, T);
      const el = h('span', 'timeline-phase-label', full);
      this.labels.push({ el, full, short: PHASE_WORDS[seg.phase].short, frac: seg.x1 - seg.x0 });
      b.appendChild(el);
      b.setAttribute('title', full);
      return b;
    });
    let d = '';
    if (info.groupStarts.length <= MAX_TICKS) {
      for (const g of info.groupStarts) {
        const seg = this.segmentOf(g);
        if (g === seg.start) continue;
        d += `M${(this.xOf(g, 0) * 1000).toFixed(2)} 0V10`;
      }
    }
    this.ticks.replaceChildren(s('path', { d, class: 'timeline-tick' }));
    this.track.replaceChildren(...blocks, this.ticks, this.lit, this.thumb, this.mark);
    this.setMark(null, '');
    this.element.setAttribute('aria-valuemax', String(info.stepCount - 1));
    this.fitLabels(this.track.clientWidth);
  }

  /** Each phase's label, shortened or dropped where its segment is too narrow to hold it. */
  fitLabels(width: number): void {
    if (width <= 0) return;
    const charPx = 7;
    for (const l of this.labels) {
      const px = l.frac * width;
      const text = px >= l.full.length * charPx + 10 ? l.full : px >= l.short.length * charPx + 6 ? l.short : '';
      if (l.el.textContent !== text) l.el.textContent = text;
    }
  }

  /** Moves the thumb and the lit group to `index`. */
  setCursor(index: number, valueText: string): void {
    const info = this.info;
    if (!info) return;
    this.index = index;
    const g = this.groupOf(index);
    const gStart = info.groupStarts[g];
    const gEnd = g + 1 < info.groupStarts.length ? info.groupStarts[g + 1] : info.stepCount;
    const x0 = this.xOf(gStart, 0);
    const x1 = this.xOf(gEnd - 1, 1);
    this.lit.style.left = pct(x0);
    this.lit.style.width = pct(Math.max(0.002, x1 - x0));
    this.thumb.style.left = pct(this.xOf(index, 0.5));
    this.element.setAttribute('aria-valuenow', String(index));
    this.element.setAttribute('aria-valuetext', valueText);
  }

  /** Marks step `index` (the first non-finite value's) with `label`; null removes the mark. */
  setMark(index: number | null, label: string): void {
    const shown = index !== null && this.info !== undefined && index < this.info.stepCount;
    this.mark.hidden = !shown;
    if (!shown) {
      this.element.removeAttribute('aria-describedby');
      return;
    }
    this.mark.style.left = pct(this.xOf(index, 0.5));
    this.mark.title = label;
    this.mark.setAttribute('aria-label', label);
    this.element.setAttribute('aria-describedby', this.mark.id);
  }

  private segmentOf(index: number): Segment {
    for (const seg of this.segments) if (index < seg.start + seg.count) return seg;
    return this.segments[this.segments.length - 1];
  }

  /** Fraction of the width at step `index` (+ `frac` of one step). */
  private xOf(index: number, frac: number): number {
    const seg = this.segmentOf(index);
    return seg.x0 + ((index - seg.start + frac) / seg.count) * (seg.x1 - seg.x0);
  }

  private groupOf(index: number): number {
    const gs = this.info?.groupStarts ?? [];
    let lo = 0;
    let hi = gs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (gs[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private indexAt(clientX: number): number {
    const r = this.track.getBoundingClientRect();
    const f = Math.max(0, Math.min(0.999999, (clientX - r.left) / Math.max(1, r.width)));
    const seg = this.segments.find((sg) => f < sg.x1) ?? this.segments[this.segments.length - 1];
    const local = Math.floor(((f - seg.x0) / (seg.x1 - seg.x0)) * seg.count);
    return seg.start + Math.max(0, Math.min(seg.count - 1, local));
  }

  private scrubTo(clientX: number): void {
    const i = this.indexAt(clientX);
    if (i === this.index) return;
    this.thumb.style.left = pct(this.xOf(i, 0.5));
    this.index = i;
    this.onScrub(i);
  }

  private key(e: KeyboardEvent): void {
    const info = this.info;
    if (!info || e.ctrlKey || e.altKey || e.metaKey) return;
    const last = info.stepCount - 1;
    const i = this.index;
    const g = this.groupOf(i);
    let next: number;
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        next = Math.min(last, i + 1);
        break;
      case 'ArrowLeft':
      case 'ArrowDown':
        next = Math.max(0, i - 1);
        break;
      case 'PageDown':
        next = g + 1 < info.groupStarts.length ? info.groupStarts[g + 1] : last;
        break;
      case 'PageUp':
        next = info.groupStarts[i === info.groupStarts[g] ? Math.max(0, g - 1) : g];
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = last;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (next !== i) {
      this.index = next;
      this.onScrub(next);
    }
  }
}

function pct(f: number): string {
  return `${(f * 100).toFixed(3)}%`;
}
