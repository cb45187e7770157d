// Runs the latest of a burst once, at the start of the next frame. Steps can come faster than the
// panel paints them — Play at 60 steps a second, a held key, a drag on the timeline — and drawing
// every one would queue work behind work until the panel lags seconds behind the cursor; drawing
// only the newest at each frame keeps the panel at most one frame behind, and a single step is
// drawn in the same frame as before (the frame's callbacks run before its style, layout and paint).
// Frames pause in a hidden panel: a timer draws then instead, so that what the panel holds is
// never older than FALLBACK_MS.

const FALLBACK_MS = 100;

export class LatestPerFrame<T> {
  private pending: { value: T } | undefined;
  private scheduled = false;
  /** Which push's frame and timer may run: an older push's timer must not run a newer one early. */
  private round = 0;

  constructor(private readonly run: (value: T) => void) {}

  push(value: T): void {
    this.pending = { value };
    if (this.scheduled) return;
    this.scheduled = true;
    const round = ++this.round;
    requestAnimationFrame(() => this.fire(round));
    setTimeout(() => this.fire(round), FALLBACK_MS);
  }

  /** Forgets what was pushed and not yet run (a new run replaces the steps of the old one). */
  cancel(): void {
    this.pending = undefined;
  }

  private fire(round: number): void {
    if (!this.scheduled || round !== this.round) return;
    this.scheduled = false;
    const p = this.pending;
    this.pending = undefined;
    if (p) this.run(p.value);
  }
}
