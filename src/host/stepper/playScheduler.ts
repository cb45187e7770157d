// The timer behind "RNN: Play", without VS Code: one Step Forward (engine/trace/navigation.ts) per
// tick at the current speed, never blocking — each tick is one timer callback that moves the cursor
// once. It stops by itself at the end of the run, at the end of a phase when asked, and on a
// breakpoint stop; the glue (play.ts) stops it on Pause, a keypress in the panel, an edit or a move
// it did not make. It never runs ahead of the panel: a step waits until an open panel has painted
// the one before (or MAX_PANEL_WAIT_MS), so at high speeds Play goes as fast as the panel draws and
// a person sees every step. The clock is injected so the tests drive it with a fake one.

import { navigate, phaseEnd } from '../../engine/trace/navigation';
import type { Step } from '../../engine/trace/trace';

/** setTimeout / clearTimeout, or a test's fake. */
export interface PlayClock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Why playing stopped. */
export type PlayStop = 'end' | 'phaseEnd' | 'breakpoint' | 'paused' | 'keypress' | 'edit' | 'moved' | 'noRun';

/** What the scheduler plays: a session's run and cursor. */
export interface PlayTarget {
  readonly steps: readonly Step[] | undefined;
  readonly cursor: number;
  setCursor(index: number): void;
  /** Where a step from `from` towards `to` lands (practice mode on a model with a practice
   *  section: the next asked step, or `from` when none is left — panel.ts steer); `to` if absent. */
  steer?(from: number, to: number): number;
}

export interface PlayOptions {
  /** Steps per second, read at every tick (a change applies to the next one). */
  stepsPerSecond(): number;
  pauseAtPhaseEnd(): boolean;
  /** Step indices a breakpoint stops at. */
  breakpointStops(): ReadonlySet<number>;
  /** Whether a visible panel has yet to paint the step moved to last (then the next one waits for
   *  `shown`). */
  panelBehind?(): boolean;
}

export const MIN_SPEED = 0.25;
/** Longest a step waits for the panel to paint the one before, ms: a panel that stopped reporting
 *  (reloading, say) slows Play down to this but does not stop it. */
export const MAX_PANEL_WAIT_MS = 250;
export const MAX_SPEED = 60;

/** The delay between two steps at `stepsPerSecond` (clamped to MIN_SPEED…MAX_SPEED; 4 if not a number). */
export function tickDelayMs(stepsPerSecond: number): number {
  const speed = Number.isFinite(stepsPerSecond) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, stepsPerSecond)) : 4;
  return 1000 / speed;
}

export class PlayScheduler {
  private timer: unknown;
  private target: PlayTarget | undefined;
  /** The index this scheduler last moved to: any other cursor means someone else moved it. */
  private expected = -1;
  /** A step is due but waits for the panel to paint the one before (shown). */
  private held = false;

  constructor(
    private readonly clock: PlayClock,
    private readonly options: PlayOptions,
    private readonly onChange: (playing: boolean, stop?: PlayStop) => void,
  ) {}

  get playing(): boolean {
    return this.target !== undefined;
  }

  /** The target being played, if any. */
  get current(): PlayTarget | undefined {
    return this.target;
  }

  /** Starts playing `target` from its cursor: the first step at once (pressing Play shows it is
   *  playing even at a quarter of a step per second), the next ones a tick apart. */
  play(target: PlayTarget): void {
    if (this.target === target) return;
    if (this.target) this.stop('paused');
    const steps = target.steps;
    if (!steps || steps.length === 0 || target.cursor >= steps.length - 1) {
      this.onChange(false, steps && steps.length > 0 ? 'end' : 'noRun');
      return;
    }
    this.target = target;
    this.expected = target.cursor;
    // The step first: what follows the change (the Play/Pause toggle, its context key) comes after
    // it, not in its way. A step that ends the run, a phase or at a breakpoint stops it at once.
    this.tick(true);
    if (this.target === target) this.onChange(true);
  }

  stop(reason: PlayStop): void {
    if (!this.target) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.target = undefined;
    this.held = false;
    this.onChange(false, reason);
  }

  /** The target's cursor moved: if not by this scheduler, stop. */
  cursorMoved(target: PlayTarget): void {
    if (target === this.target && target.cursor !== this.expected) this.stop('moved');
  }

  /** Rescheduled at the new speed now (Faster/Slower take effect without waiting a slow tick). */
  speedChanged(): void {
    if (!this.target) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.schedule();
  }

  /** The panel painted the step moved to last: a step held back for it goes now. */
  shown(): void {
    if (!this.held || !this.target) return;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.tick(true);
  }

  private schedule(): void {
    this.held = false;
    this.timer = this.clock.setTimeout(() => this.tick(), tickDelayMs(this.options.stepsPerSecond()));
  }

  /** One step forward, unless the panel has not painted the last one yet: then it waits for
   *  `shown`, or MAX_PANEL_WAIT_MS at most (`waited`). */
  private tick(waited = false): void {
    this.timer = undefined;
    const target = this.target;
    if (!target) return;
    if (!waited && this.options.panelBehind?.()) {
      this.held = true;
      this.timer = this.clock.setTimeout(() => this.tick(true), MAX_PANEL_WAIT_MS);
      return;
    }
    this.held = false;
    const steps = target.steps;
    if (!steps || steps.length === 0) return this.stop('noRun');
    const next = forwardFrom(target, steps, target.cursor);
    if (next === target.cursor) return this.stop('end');
    this.expected = next;
    target.setCursor(next);
    if (this.target !== target) return; // a listener of the move stopped it
    // The step after this one, as Play would take it: none left is the end; one in another phase
    // makes this the end of its phase (with steering, the last asked step of the phase).
    const after = forwardFrom(target, steps, next);
    if (after === next) return this.stop('end');
    if (this.options.breakpointStops().has(next)) return this.stop('breakpoint');
    if (this.options.pauseAtPhaseEnd() && phaseEnd(steps, next) < after) return this.stop('phaseEnd');
    this.schedule();
  }
}

/** Step Forward from `from`, steered by the target (practice mode). */
function forwardFrom(target: PlayTarget, steps: readonly Step[], from: number): number {
  const to = navigate(steps, from, 'stepForward');
  return target.steer ? target.steer(from, to) : to;
}
