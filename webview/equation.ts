// The current equation, typeset twice with KaTeX — symbolic, then with the numbers substituted —
// and under it one sentence on why the step happens. Each statement is inline math written so
// that KaTeX lets the browser wrap it after any operator (the engine's `wrapped` lines, render.ts):
// a long sum folds onto the next line, indented, at any panel width. Only a single unbreakable box
// (a matrix with its product) can be wider than the panel; then the fit (equationFit.ts) picks a
// slightly smaller type, the variant whose matrices show their first and last columns around ⋯
// (the heatmaps below hold every number), and as a last resort says visibly that it scrolls.
//
// A step should cost the panel no layout of its own: the equations the person will likely step to
// are typeset, put in the page (staged, equationSlots.ts) and measured while the panel is idle, so
// that the step itself changes classes and the frame lays out only what changed.

import type { EquationPayload } from '../src/shared/protocol';
import { h } from './dom';
import { EquationRegion } from './equationRegion';

/** The User Timing measure each update leaves: typesetting, measuring and fitting the equation. */
export const RENDER_MEASURE = 'rnn-equation-render';

export class EquationView {
  readonly element = h('div', 'equation');
  private readonly symbolic = new EquationRegion('eq-symbolic', (slot, shown) =>
    dressRegion(slot, shown, 'equation-symbolic', 'Equation in symbols'),
  );
  private readonly numeric = new EquationRegion('eq-numeric', (slot, shown) => {
    dressRegion(slot, shown, 'equation-numeric', 'Equation with the numbers substituted');
    // A wide numeric equation may scroll: the region takes keyboard focus so it can be scrolled
    // without a mouse (the card around it is the labelled region "Equation", app.ts).
    if (shown) {
      slot.tabIndex = 0;
      slot.setAttribute('aria-describedby', WHY_ID);
    } else {
      slot.removeAttribute('tabindex');
      slot.removeAttribute('aria-describedby');
    }
  });
  private readonly why = h('p', 'eq-why');
  private readonly scrollNote = h('p', 'eq-scroll-note', '↔ Wider than the panel: scroll sideways to see all of it.');
  private current: EquationPayload | undefined;
  private queue: { region: EquationRegion; variants: readonly (readonly string[] | null)[] }[] = [];
  private idleScheduled = false;
  private mathmlScheduled = false;
  /** Play is playing: the MathML waits until it stops (scheduleMathml). */
  private playing = false;
  /** Called once the shown equations have their MathML (whenAccessible). */
  private accessibleWaiters: (() => void)[] = [];
  /** Reports a newly shown, never measured slot right after its first layout (update). */
  private readonly settler: ResizeObserver;

  constructor() {
    this.why.id = WHY_ID;
    this.why.dataset.testid = 'equation-why';
    this.scrollNote.hidden = true;
    this.scrollNote.dataset.testid = 'equation-scroll-note';
    this.element.append(this.symbolic.element, this.numeric.element, this.scrollNote, this.why);
    // Observers run after layout: reading the widths here costs no extra layout.
    new ResizeObserver(() => {
      this.symbolic.resized(this.symbolic.element.clientWidth);
      this.numeric.resized(this.numeric.element.clientWidth);
      this.noteScroll();
    }).observe(this.symbolic.element);
    this.settler = new ResizeObserver((entries) => {
      for (const e of entries) this.settler.unobserve(e.target);
      // Both regions, each kept as placed when it fits; a larger type that fits too waits for idle.
      const larger = [this.symbolic.settleKept(), this.numeric.settleKept()].some(Boolean);
      this.noteScroll();
      if (larger) idle(() => this.settle(), UPGRADE_TIMEOUT_MS);
    });
    // Widths measured before KaTeX's fonts arrived were of a fallback font.
    document.fonts.addEventListener('loadingdone', () => {
      this.symbolic.remeasure();
      this.numeric.remeasure();
      this.noteScroll();
    });
  }

  update(eq: EquationPayload): void {
    if (eq === this.current) return;
    const start = performance.now();
    this.current = eq;
    this.symbolic.place([eq.wrapped.symbolic]);
    this.numeric.place([eq.wrapped.numeric, eq.wrapped.elided]);
    if (this.why.textContent !== eq.why) this.why.textContent = eq.why;
    if (this.symbolic.measured && this.numeric.measured) {
      this.settle();
    } else {
      // Measuring now would force a layout of the whole step; the frame lays it out anyway, and a
      // new observation reports right after that layout, before the paint.
      for (const region of [this.symbolic, this.numeric]) {
        const slot = region.shownSlot;
        if (slot && !region.measured) {
          this.settler.unobserve(slot);
          this.settler.observe(slot);
        }
      }
    }
    if (!this.symbolic.accessible || !this.numeric.accessible) this.scheduleMathml();
    // Its cost, for the benchmark and DevTools' timeline: one entry, replaced at every step.
    performance.clearMeasures(RENDER_MEASURE);
    performance.measure(RENDER_MEASURE, { start });
  }

  private settle(): void {
    this.symbolic.settle();
    this.numeric.settle();
    this.noteScroll();
  }

  /** Typesets, stages and measures the equations the person is likely to step to next, one at a
   *  time while the panel is idle, so that the step itself only changes which slot shows. A newer
   *  list replaces an unfinished one. */
  prefetch(equations: readonly EquationPayload[]): void {
    this.queue = [];
    for (const e of equations) {
      this.queue.push({ region: this.symbolic, variants: [e.wrapped.symbolic] });
      this.queue.push({ region: this.numeric, variants: [e.wrapped.numeric, e.wrapped.elided] });
    }
    // Playing, each step brings the next one's equation instead (prepareNow).
    if (this.queue.length === 0 || this.idleScheduled || this.playing) return;
    this.idleScheduled = true;
    const work = (deadline?: IdleDeadline): void => {
      this.idleScheduled = false;
      if (this.playing) return;
      do {
        const next = this.queue.shift();
        if (!next) return;
        next.region.prepare(next.variants);
      } while (deadline && deadline.timeRemaining() > PREPARE_MS);
      if (this.queue.length > 0) {
        this.idleScheduled = true;
        schedule(work);
      }
    };
    schedule(work);
  }

  /** Typesets, stages and measures `eq` now: while playing, the next step's equation, right after
   *  a step is painted and before the panel reports it (app.ts), so that Play's next step shows a
   *  prepared slot. */
  prepareNow(eq: EquationPayload): void {
    this.symbolic.prepare([eq.wrapped.symbolic]);
    this.numeric.prepare([eq.wrapped.numeric, eq.wrapped.elided]);
  }

  /** Play started or stopped. Playing, the neighbours of where it started are not wanted, and a
   *  step passed by in a twentieth of a second is not given its MathML; stopped, the step it
   *  stopped at is. */
  setPlaying(playing: boolean): void {
    this.playing = playing;
    if (playing) this.queue = [];
    else if (!this.symbolic.accessible || !this.numeric.accessible) this.scheduleMathml();
  }

  /** Keeps only the equations shown in the page: in practice mode the page holds no result that
   *  the learner has not answered or been shown (the host then sends no prefetch either). */
  dropStaged(): void {
    this.queue = [];
    this.symbolic.dropStaged();
    this.numeric.dropStaged();
  }

  /** Calls `done` once the equations shown have their MathML: at once, or when the panel is next
   *  idle (within MATHML_TIMEOUT_MS), or once Play stops. */
  whenAccessible(done: () => void): void {
    if (this.symbolic.accessible && this.numeric.accessible) return done();
    this.accessibleWaiters.push(done);
    this.scheduleMathml();
  }

  /** The MathML of the equation shown, added while idle: a step passed by quickly (Play, a held
   *  key) never pays for it. */
  private scheduleMathml(): void {
    if (this.mathmlScheduled || this.playing) return;
    this.mathmlScheduled = true;
    const add = (): void => {
      this.mathmlScheduled = false;
      this.symbolic.addMathml();
      this.numeric.addMathml();
      const waiters = this.accessibleWaiters;
      this.accessibleWaiters = [];
      for (const w of waiters) w();
    };
    idle(add, MATHML_TIMEOUT_MS);
  }

  /** The numeric equation as a person sees it (what the 'rendered' report carries for assertions). */
  get numericText(): string {
    return this.numeric.visibleText;
  }

  private noteScroll(): void {
    const scrolls = this.symbolic.scrolls || this.numeric.scrolls;
    if (this.scrollNote.hidden === scrolls) this.scrollNote.hidden = !scrolls;
  }
}

const WHY_ID = 'equation-why';

/** The shown slot is the region a person (and a test) finds: its role, name and test id; a
 *  staged one has none of them (and, hidden, is not in the accessibility tree either). */
function dressRegion(slot: HTMLElement, shown: boolean, testId: string, label: string): void {
  if (shown) {
    slot.dataset.testid = testId;
    slot.setAttribute('role', 'group');
    slot.setAttribute('aria-label', label);
  } else {
    delete slot.dataset.testid;
    slot.removeAttribute('role');
    slot.removeAttribute('aria-label');
  }
}

/** Longest wait before the shown equation gets its MathML, ms: a screen reader finds it well
 *  before a person has moved to it. */
const MATHML_TIMEOUT_MS = 150;

/** About the longest an equation takes to typeset and lay out, ms: another is begun only with this
 *  much idle time left, so that a step arriving meanwhile waits little. */
const PREPARE_MS = 20;

/** Longest wait for an idle period, ms. Chromium may grant none for a long time after a callback
 *  that overran its deadline (seen in VS Code's webviews: half a second), while the next step may
 *  come any moment: past this wait the work runs as an ordinary task, one equation at a time. */
const IDLE_TIMEOUT_MS = 40;

/** Longest wait before an equation shown smaller than it could be gets its larger type, ms. */
const UPGRADE_TIMEOUT_MS = 300;

function schedule(work: (deadline?: IdleDeadline) => void): void {
  idle(work, IDLE_TIMEOUT_MS);
}

/** `work` while the panel is idle, or as an ordinary task after `timeout` ms at the latest. */
function idle(work: (deadline?: IdleDeadline) => void, timeout: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(work, { timeout });
  else setTimeout(() => work(), timeout);
}
