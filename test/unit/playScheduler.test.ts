// "RNN: Play"'s scheduler (src/host/stepper/playScheduler.ts) on the seed example's real steps with
// a fake clock: one Step Forward per tick at 1000/speed ms, a speed change applies at once, and it
// stops at the end, at a phase end when asked, on a breakpoint stop, on Pause and on a move it did
// not make — and never leaves a timer behind.

import { strict as assert } from 'node:assert';
import { phaseEnd } from '../../src/engine/trace/navigation';
import {
  MAX_PANEL_WAIT_MS,
  PlayScheduler,
  tickDelayMs,
  type PlayClock,
  type PlayStop,
} from '../../src/host/stepper/playScheduler';
import { loadExample } from './debug.helpers';

class FakeClock implements PlayClock {
  now = 0;
  private timers = new Map<number, { at: number; fn: () => void }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.set(id, { at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  /** Advances time by `ms`, firing due timers in order. */
  advance(ms: number): void {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.now = due[1].at;
      due[1].fn();
    }
    this.now = until;
  }
}

describe('play scheduler', () => {
  const steps = loadExample().trace.steps;
  const last = steps.length - 1;

  function setup(
    opts: { speed?: number; phaseEnd?: boolean; stops?: number[]; cursor?: number; behind?: () => boolean } = {},
  ) {
    const clock = new FakeClock();
    let speed = opts.speed ?? 4;
    const events: { playing: boolean; stop?: PlayStop; at: number; cursor: number }[] = [];
    const target = { steps, cursor: opts.cursor ?? 0, setCursor: (i: number) => void (target.cursor = i) };
    const scheduler = new PlayScheduler(
      clock,
      {
        stepsPerSecond: () => speed,
        pauseAtPhaseEnd: () => opts.phaseEnd === true,
        breakpointStops: () => new Set(opts.stops ?? []),
        ...(opts.behind ? { panelBehind: opts.behind } : {}),
      },
      (playing, stop) => events.push({ playing, stop, at: clock.now, cursor: target.cursor }),
    );
    return { clock, scheduler, target, events, setSpeed: (s: number) => (speed = s) };
  }

  it('steps at once, then once per 1000/speed ms, exactly one step each tick', () => {
    const { clock, scheduler, target, events } = setup({ speed: 4 });
    scheduler.play(target);
    assert.equal(scheduler.playing, true);
    assert.equal(target.cursor, 1, 'the first step comes with the press');
    // Said to be playing after that step: the step is not held up behind the toggle's updates.
    assert.deepEqual(events, [{ playing: true, stop: undefined, at: 0, cursor: 1 }]);
    clock.advance(249);
    assert.equal(target.cursor, 1, 'nothing more before the first tick');
    clock.advance(1);
    assert.equal(target.cursor, 2);
    clock.advance(250 * 5);
    assert.equal(target.cursor, 7);
    scheduler.stop('paused');
    assert.equal(clock.pending, 0, 'no timer left after Pause');
  });

  it('never runs ahead of the panel: a step waits until the one before is painted', () => {
    // The panel: each step moved to is unpainted until `paint` (its 'shown' report) is called.
    let painted = true;
    const { clock, scheduler, target } = setup({ speed: 60, behind: () => !painted });
    const move = target.setCursor;
    target.setCursor = (i: number) => {
      painted = false;
      move(i);
    };
    const paint = (): void => {
      painted = true;
      scheduler.shown();
    };
    scheduler.play(target);
    assert.equal(target.cursor, 1, 'the first step comes with the press, painted or not');
    clock.advance(100);
    assert.equal(target.cursor, 1, 'no step while the panel has not painted step 1');
    paint();
    assert.equal(target.cursor, 2, 'the held step goes as soon as the panel painted');
    // Painted within a tick: the next step keeps the speed's pace, no sooner.
    paint();
    assert.equal(target.cursor, 2, 'a report with no step held back moves nothing');
    clock.advance(tickDelayMs(60) - 1);
    assert.equal(target.cursor, 2);
    clock.advance(1);
    assert.equal(target.cursor, 3);
    // A panel that stops reporting slows Play down to one step per MAX_PANEL_WAIT_MS, no more.
    clock.advance(tickDelayMs(60) + MAX_PANEL_WAIT_MS - 1);
    assert.equal(target.cursor, 3);
    clock.advance(1);
    assert.equal(target.cursor, 4);
    scheduler.stop('paused');
    paint();
    assert.equal(target.cursor, 4, 'a report after Pause moves nothing');
    assert.equal(clock.pending, 0, 'no timer left after Pause');
  });

  it('plays to the end of the run and stops there, the last step shown', () => {
    const { clock, scheduler, target, events } = setup({ speed: 10 });
    scheduler.play(target);
    clock.advance(100 * (last + 5));
    assert.equal(target.cursor, last);
    assert.equal(scheduler.playing, false);
    assert.deepEqual(events.at(-1), { playing: false, stop: 'end', at: 100 * (last - 1), cursor: last });
    assert.equal(clock.pending, 0);
  });

  it('at the last step Play does not start', () => {
    const { scheduler, target, events } = setup({ cursor: last });
    scheduler.play(target);
    assert.equal(scheduler.playing, false);
    assert.deepEqual(events, [{ playing: false, stop: 'end', at: 0, cursor: last }]);
  });

  it('pauses at each phase end when asked, and plays on from there', () => {
    const { clock, scheduler, target, events } = setup({ speed: 1, phaseEnd: true });
    scheduler.play(target);
    clock.advance(1000 * steps.length);
    const forwardEnd = phaseEnd(steps, 0);
    assert.equal(target.cursor, forwardEnd);
    assert.equal(steps[forwardEnd].id, 'forward:4:loss');
    assert.equal(events.at(-1)?.stop, 'phaseEnd');
    scheduler.play(target);
    clock.advance(1000);
    assert.equal(steps[target.cursor].id, 'loss::total', 'the loss is a one-step phase: it pauses again');
    assert.equal(events.at(-1)?.stop, 'phaseEnd');
  });

  it('steered (practice mode with a practice section): only the asked steps, ending at the last one', () => {
    const { clock, scheduler, target, events } = setup({ speed: 1, phaseEnd: true });
    const asked = [3, 5, 6, 9, steps.length - 5].filter((i) => i < last);
    const steered = Object.assign(target, {
      steer: (from: number, to: number) =>
        to > from ? (asked.find((i) => i >= to) ?? from) : ([...asked].reverse().find((i) => i <= to) ?? from),
    });
    const seen: number[] = [];
    const setCursor = steered.setCursor;
    steered.setCursor = (i: number) => (seen.push(i), setCursor(i));
    for (let k = 0; k < 6 && target.cursor !== asked.at(-1); k++) {
      scheduler.play(steered);
      clock.advance(1000 * steps.length);
    }
    assert.deepEqual(seen, asked, 'every asked step, in order, and nothing else');
    assert.equal(events.at(-1)?.stop, 'end', 'the last asked step ends it');
    // The forward phase ends at the last asked step before BPTT: a phase-end pause there.
    const forwardEnd = phaseEnd(steps, 0);
    const lastForward = asked.filter((i) => i <= forwardEnd).at(-1);
    assert.ok(
      events.some((e) => e.stop === 'phaseEnd' && e.cursor === lastForward),
      JSON.stringify(events),
    );
    scheduler.play(steered);
    assert.equal(scheduler.playing, false, 'no asked step left: Play does not start');
    assert.equal(target.cursor, asked.at(-1));
  });

  it('pauses on a breakpoint stop', () => {
    const { clock, scheduler, target, events } = setup({ speed: 2, stops: [7, 30] });
    scheduler.play(target);
    clock.advance(60_000);
    assert.equal(target.cursor, 7);
    assert.equal(events.at(-1)?.stop, 'breakpoint');
    scheduler.play(target);
    clock.advance(60_000);
    assert.equal(target.cursor, 30);
  });

  it('a speed change applies at once', () => {
    const { clock, scheduler, target, setSpeed } = setup({ speed: 0.5 });
    scheduler.play(target);
    clock.advance(1000);
    assert.equal(target.cursor, 1, 'the step at the press; the next is a second away');
    setSpeed(20);
    scheduler.speedChanged();
    clock.advance(50);
    assert.equal(target.cursor, 2);
    clock.advance(500);
    assert.equal(target.cursor, 12);
  });

  it('stops when someone else moves the cursor, not when it moves it itself', () => {
    const { clock, scheduler, target, events } = setup({ speed: 4 });
    scheduler.play(target);
    clock.advance(500);
    scheduler.cursorMoved(target);
    assert.equal(scheduler.playing, true, 'its own moves do not stop it');
    target.cursor = 20;
    scheduler.cursorMoved(target);
    assert.equal(scheduler.playing, false);
    assert.equal(events.at(-1)?.stop, 'moved');
    clock.advance(10_000);
    assert.equal(target.cursor, 20, 'no tick after stopping');
  });

  it('clamps the speed and reads a bad one as 4 steps per second', () => {
    assert.equal(tickDelayMs(4), 250);
    assert.equal(tickDelayMs(1000), 1000 / 60);
    assert.equal(tickDelayMs(0), 4000);
    assert.equal(tickDelayMs(Number.NaN), 250);
  });
});
