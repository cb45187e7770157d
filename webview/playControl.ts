// The panel's Play/Pause control: a button that asks the host to play or pause ("RNN: Play" runs
// on the host's timer, host/stepper/play.ts), and the speed it plays at. While playing, any key
// pressed in the panel stops it (the host is told; the button's own keys are its click). Play never
// runs ahead of the panel (it waits for each step's 'shown' report), so on a large model it may
// show fewer steps a second than set: the control then says how many it shows.
//
// For a screen reader, Play is quiet: the step title stops being a live region (twenty steps a
// second would drown every other word) and the equation card is marked busy (it changes faster than
// it can be read, and has no MathML until Play stops: equation.ts setPlaying). Where Play stops is
// said once, in a status of its own.

import type { PlayStateMessage, WebviewMessage } from '../src/shared/protocol';
import { h } from './dom';

/** How often the shown rate is measured and written, ms. */
const RATE_WINDOW_MS = 1000;
/** Below this share of the set speed, the control says how many steps a second it shows. */
const SLOWER = 0.9;

export class PlayControl {
  readonly element = h('span', 'play-control');
  private readonly button = h('button', 'play-button') as HTMLButtonElement;
  private readonly speed = h('span', 'play-speed');
  /** Read out (not shown) where Play stopped. */
  private readonly status = h('span', 'reader-only');
  private readers: { live: HTMLElement; busy: HTMLElement; where: () => string } | undefined;
  private playing = false;
  private stepsPerSecond = 4;
  /** Steps drawn since `since` (performance.now()), while playing. */
  private drawn = 0;
  private since = 0;

  constructor(post: (m: WebviewMessage) => void) {
    this.button.type = 'button';
    this.button.dataset.testid = 'play-button';
    this.speed.dataset.testid = 'play-speed';
    this.status.dataset.testid = 'play-status';
    this.status.setAttribute('role', 'status');
    this.element.append(this.button, this.speed, this.status);
    this.show({ type: 'playState', playing: false, stepsPerSecond: 4 });
    this.button.addEventListener('click', () => post({ type: 'playControl', action: 'toggle' }));
    document.addEventListener(
      'keydown',
      (e) => {
        if (this.playing && e.target !== this.button) post({ type: 'playControl', action: 'key' });
      },
      true,
    );
  }

  /** What Play quietens for a screen reader while it runs: the live step title and the busy
   *  equation card; `where` says where it stopped ("hidden state h₂, step 7 of 51"). */
  forReaders(live: HTMLElement, busy: HTMLElement, where: () => string): void {
    this.readers = { live, busy, where };
  }

  show(msg: PlayStateMessage): void {
    const stopped = this.playing && !msg.playing;
    this.playing = msg.playing;
    if (this.readers) {
      const { live, busy, where } = this.readers;
      live.setAttribute('aria-live', msg.playing ? 'off' : 'polite');
      if (msg.playing) busy.setAttribute('aria-busy', 'true');
      else busy.removeAttribute('aria-busy');
      this.status.textContent = stopped ? `Play stopped at ${where()}` : '';
    }
    this.stepsPerSecond = msg.stepsPerSecond;
    this.drawn = 0;
    this.since = performance.now();
    this.button.textContent = msg.playing ? '⏸ Pause' : '▶ Play';
    this.button.setAttribute('aria-pressed', String(msg.playing));
    this.button.title = msg.playing
      ? 'Pause (Ctrl+Alt+P, or any key)'
      : 'Play: step forward automatically (Ctrl+Alt+P)';
    this.speed.textContent = msg.playing ? `${msg.stepsPerSecond} steps/s` : '';
    this.speed.title = '';
  }

  /** The panel drew a step: while playing, once a second, the rate it shows steps at. */
  stepDrawn(): void {
    if (!this.playing) return;
    this.drawn++;
    const now = performance.now();
    if (now - this.since < RATE_WINDOW_MS) return;
    const rate = (1000 * this.drawn) / (now - this.since);
    this.drawn = 0;
    this.since = now;
    const slower = rate < SLOWER * this.stepsPerSecond;
    const text = slower
      ? `${this.stepsPerSecond} steps/s, showing ${Math.round(rate)}`
      : `${this.stepsPerSecond} steps/s`;
    if (this.speed.textContent !== text) this.speed.textContent = text;
    this.speed.title = slower
      ? 'Play waits for the panel to show each step: this model takes longer to draw than the speed allows.'
      : '';
  }
}
