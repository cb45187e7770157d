// Test mode only: tells the extension host what the panel shows once it is on screen ('rendered'),
// so the tests in a real VS Code assert the painted panel, not the messages sent to it.

import type { RenderedMessage } from '../src/shared/protocol';

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

  /** Reports step `index` once the frame holding it is painted (or after 200 ms at the latest,
   *  should frames be paused) and its equation has its MathML, unless another step came since:
   *  off the critical path of the paint itself. */
  afterPaint(index: number): void {
    if (!this.enabled) return;
    let sent = false;
    const send = (): void => {
      const s = this.snapshot();
      if (sent || s?.stepIndex !== index) return;
      sent = true;
      this.post(s);
    };
    requestAnimationFrame(() => setTimeout(() => this.whenAccessible(send), 0));
    setTimeout(() => this.whenAccessible(send), 200);
  }
}
