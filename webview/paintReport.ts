// What the panel tells the extension host once a step is on screen. In every mode, that it is
// ('shown', reportShown: Play waits for it). In test mode only, what it shows ('rendered'), so the
// tests in a real VS Code assert the painted panel, not the messages sent to it.

import type { RenderedMessage, ShownMessage } from '../src/shared/protocol';

export class PaintReport {
  constructor(
    private readonly enabled: boolean,
    private readonly post: (m: RenderedMessage) => void,
    /** What the panel shows now, or undefined before its first step. */
    private readonly snapshot: () => RenderedMessage | undefined,
    /** Calls back once the equation shown has its MathML (EquationView.whenAccessible). */
    private readonly whenAccessible: (done: () => void) => void,
  ) {}

  /** Reports now (the panel changed without a new step: its problems, say). */
  now(): void {
    if (!this.enabled) return;
    const s = this.snapshot();
    if (s) this.post(s);
  }

  /** Reports step `index` once the frame holding it is painted (afterNextPaint) and its equation
   *  has its MathML, unless another step came since: off the critical path of the paint itself. */
  afterPaint(index: number): void {
    if (!this.enabled) return;
    let sent = false;
    const send = (): void => {
      const s = this.snapshot();
      if (sent || s?.stepIndex !== index) return;
      sent = true;
      this.post(s);
    };
    afterNextPaint(() => this.whenAccessible(send));
  }
}

/** Longest wait for the next frame, ms: frames pause in a hidden panel. */
const PAINT_FALLBACK_MS = 200;

/** Calls `done` once, right after the next frame's style, layout, paint and commit (a task queued
 *  from its animation frame callback runs after them), or after PAINT_FALLBACK_MS should frames be
 *  paused. */
export function afterNextPaint(done: () => void): void {
  let called = false;
  const once = (): void => {
    if (called) return;
    called = true;
    done();
  };
  requestAnimationFrame(() => setTimeout(once, 0));
  setTimeout(once, PAINT_FALLBACK_MS);
}

/** Tells the host that step `stepIndex` of run `runId` is on screen ('shown': Play sends its next
 *  step only then, host/stepper/playScheduler.ts), right after the frame that paints it — at once
 *  in a hidden page, which paints none — and after `first`, when given. */
export function reportShown(
  post: (m: ShownMessage) => void,
  runId: number,
  stepIndex: number,
  first?: () => void,
): void {
  const report = (): void => {
    first?.();
    post({ type: 'shown', runId, stepIndex });
  };
  if (document.hidden) report();
  else afterNextPaint(report);
}
