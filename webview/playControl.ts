// The panel's Play/Pause control: a button that asks the host to play or pause ("RNN: Play" runs
// on the host's timer, host/stepper/play.ts), and the speed it plays at. While playing, any key
// pressed in the panel stops it (the host is told; the button's own keys are its click).

import type { PlayStateMessage, WebviewMessage } from '../src/shared/protocol';
import { h } from './dom';

export class PlayControl {
  readonly element = h('span', 'play-control');
  private readonly button = h('button', 'play-button') as HTMLButtonElement;
  private readonly speed = h('span', 'play-speed');
  private playing = false;

  constructor(post: (m: WebviewMessage) => void) {
    this.button.type = 'button';
    this.button.dataset.testid = 'play-button';
    this.speed.dataset.testid = 'play-speed';
    this.element.append(this.button, this.speed);
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

  show(msg: PlayStateMessage): void {
    this.playing = msg.playing;
    this.button.textContent = msg.playing ? '⏸ Pause' : '▶ Play';
    this.button.setAttribute('aria-pressed', String(msg.playing));
    this.button.title = msg.playing
      ? 'Pause (Ctrl+Alt+P, or any key)'
      : 'Play: step forward automatically (Ctrl+Alt+P)';
    this.speed.textContent = msg.playing ? `${msg.stepsPerSecond} steps/s` : '';
  }
}
