// The host side of the panel without VS Code: PanelController over a session of the real engine,
// and a webview emulated with the same cache code the panel runs. Checks what is posted when,
// that every step resolves to exactly the trace's numbers through the lockstep cache (with weights
// sent once), the seed's numbers in the messages, and that bad webview messages change nothing.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { liveTensors } from '../../src/engine/trace/liveTensors';
import { findStep } from './fixtures/findStep';
import type { Trace } from '../../src/engine/trace/trace';
import type { Problem } from '../../src/engine/parse/problems';
import { PanelController, type SessionView } from '../../src/host/panel/panelController';
import type { PanelReport } from '../../src/host/api';
import type { HostMessage, PrefetchMessage, StepMessage, TensorData } from '../../src/shared/protocol';
import { stepEquation } from '../../src/engine/equations/equations';
import { TensorLru } from '../../src/shared/tensorCache';

const seedText = readFileSync(join(__dirname, '../../examples/hi-there-class.rnn.json'), 'utf8');
const wideText = JSON.stringify({
  name: 'wide',
  hiddenSize: 16,
  vocab: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
  inputs: 'abcdefgh',
  targets: 'bcdefgha',
  weights: { init: { seed: 3 } },
  train: { clipNorm: 1 },
});

function run(text: string): Trace {
  const r = parseModel(text);
  assert.ok(r.model);
  return runModel(r.model);
}

class FakeSession implements SessionView {
  readonly uri = { toString: () => 'file:///m.rnn.json' };
  trace: Trace | undefined;
  cursor = 0;
  stale = false;
  problems: Problem[] = [];
  error: string | undefined;
  listener: ((r: 'run' | 'problems' | 'cursor') => void) | undefined;
  constructor(text: string | undefined) {
    this.trace = text === undefined ? undefined : run(text);
  }
  setCursor(i: number): boolean {
    if (!this.trace || i === this.cursor) return false;
    this.cursor = Math.max(0, Math.min(this.trace.steps.length - 1, i));
    this.listener?.('cursor');
    return true;
  }
}

/** The webview's side of the cache, as webview/state.ts does it. */
class WebviewCache {
  private readonly lru = new TensorLru<Float64Array>();
  resolve(d: TensorData): Float64Array | undefined {
    if (d.values !== null) {
      if (d.key !== null) this.lru.put(d.key, d.values, d.values.length);
      return d.values;
    }
    return d.key === null ? undefined : this.lru.get(d.key);
  }
  clear(): void {
    this.lru.clear();
  }
}

function setup(text: string | undefined) {
  const session = new FakeSession(text);
  const posted: HostMessage[] = [];
  const reports: PanelReport[] = [];
  const warnings: string[] = [];
  const controller = new PanelController(
    session,
    (m) => posted.push(m),
    { warn: (m) => warnings.push(m) },
    (r: PanelReport) => reports.push(r),
  );
  session.listener = (r) => {
    if (r === 'run') controller.runChanged();
    else if (r === 'problems') controller.problemsChanged();
    else controller.cursorMoved();
  };
  return { session, posted, reports, warnings, controller };
}

/** The last step message posted (a prefetch may follow it). */
const latestStep = (posted: HostMessage[]): StepMessage => {
  const m = [...posted].reverse().find((p) => p.type === 'step');
  assert.ok(m, 'no step posted');
  return m as StepMessage;
};

const lastStep = (posted: HostMessage[]): StepMessage => {
  const m = posted[posted.length - 1];
  assert.equal(m.type, 'step');
  return m as StepMessage;
};

describe('stepper panel controller', () => {
  it('posts nothing before ready, then the run and the current step', () => {
    const { session, posted, controller } = setup(seedText);
    session.setCursor(3);
    assert.equal(posted.length, 0);
    controller.receive({ type: 'ready' });
    assert.deepEqual(
      posted.map((m) => m.type),
      ['run', 'step'],
    );
    assert.equal(lastStep(posted).step.index, 3);
  });

  it('carries the seed numbers: h₁, δa₄, the updated W_hh and L', () => {
    const { session, posted, controller } = setup(seedText);
    controller.receive({ type: 'ready' });
    const trace = session.trace as Trace;
    session.setCursor(findStep(trace.steps, 'forward', 1, 'h'));
    let m = lastStep(posted);
    assert.match(m.equation.numeric, /0\.462117/);
    assert.deepEqual(Array.from(m.tensors.find((t) => t.id === 'h')?.data.values ?? []), [0.46211715726000974]);
    assert.equal(m.loss, null);
    session.setCursor(findStep(trace.steps, 'backward', 4, 'da'));
    m = lastStep(posted);
    assert.match(m.equation.numeric, /0\.285066/);
    assert.equal(m.loss, trace.loss);
    assert.ok(Math.abs((m.loss ?? 0) - 5.57353424547274) < 1e-12);
    session.setCursor(findStep(trace.steps, 'update', null, 'W_hh'));
    m = lastStep(posted);
    assert.match(m.equation.numeric, /0\.154791/);
    const w = m.tensors.find((t) => t.id === 'W_hh');
    assert.ok(
      Math.abs((w?.grad?.values?.[0] ?? 0) - 0.452094511014637) < 1e-12,
      'W_hh carries its gradient for the hover',
    );
    assert.ok(Math.abs((m.tensors.find((t) => t.id === "W_hh'")?.data.values?.[0] ?? 0) - 0.1547905488985363) < 1e-15);
  });

  it('every step resolves to exactly the trace values through the cache; weights travel once', () => {
    const { session, posted, controller } = setup(wideText);
    const trace = session.trace as Trace;
    const cache = new WebviewCache();
    controller.receive({ type: 'ready' });
    const n = trace.steps.length;
    // Forwards through everything, then jumps around (back and forth, far and near).
    const path = [...Array.from({ length: n }, (_, i) => i), n - 1, 0, Math.floor(n / 2), 3, n - 2, 1, n - 1, 5, 4, 5];
    let weightSends = 0;
    let seen = 0;
    for (const i of path) {
      session.setCursor(i);
      // The step posted on 'ready' (index 0) and each move; a move to the same step posts nothing.
      if (posted.length === seen) continue;
      seen = posted.length;
      const m = lastStep(posted);
      const live = liveTensors(trace, m.step.index);
      assert.equal(m.step.index, i);
      assert.equal(m.tensors.length, live.length);
      m.tensors.forEach((p, k) => {
        const values = cache.resolve(p.data);
        assert.ok(values, `step ${i}: ${p.id} resolved`);
        assert.deepStrictEqual(Array.from(values), Array.from(live[k].data), `step ${i}: ${p.id}`);
        if (p.grad) assert.ok(cache.resolve(p.grad));
        if (p.id === 'W_hh' && p.data.values !== null) weightSends++;
      });
    }
    assert.equal(weightSends, 1, 'W_hh (16×16) is sent once per run');
  });

  it("follows each step with its neighbours' equations; a newer step cancels the older prefetch", async () => {
    const { session, posted, controller } = setup(seedText);
    controller.receive({ type: 'ready' });
    const trace = session.trace as Trace;
    session.setCursor(2);
    session.setCursor(3);
    await new Promise((ok) => setTimeout(ok, 40));
    const prefetches = posted.filter((m): m is PrefetchMessage => m.type === 'prefetch');
    assert.equal(prefetches.length, 1, 'only the last step of a burst');
    // From forward:1:p (index 3): Step Into → 4, Step Backward → 2, Step Forward → 5.
    assert.deepEqual(
      prefetches[0].equations,
      [4, 2, 5].map((i) => stepEquation(trace, i)),
    );
    assert.equal(posted[posted.length - 1], prefetches[0]);
    controller.dispose();
  });

  it("while playing, each step carries the next one's equation and no prefetch goes out; where Play stops, the neighbours", async () => {
    const { session, posted, controller } = setup(seedText);
    controller.receive({ type: 'ready' });
    const trace = session.trace as Trace;
    const prefetches = () => posted.filter((m): m is PrefetchMessage => m.type === 'prefetch');
    await new Promise((ok) => setTimeout(ok, 40));
    const before = prefetches().length;
    assert.equal(latestStep(posted).next, undefined, 'a step carries the next one only while playing');
    // Play's first step goes out before it is said to be playing: its prefetch, due 10 ms later,
    // is cancelled then.
    session.setCursor(1);
    controller.playState(true, 60);
    for (const i of [2, 3]) {
      session.setCursor(i);
      assert.deepEqual(latestStep(posted).next, stepEquation(trace, i + 1), `step ${i}: the next step's equation`);
      await new Promise((ok) => setTimeout(ok, 30));
    }
    assert.equal(prefetches().length, before, 'a prefetch while playing');
    controller.playState(false, 60);
    await new Promise((ok) => setTimeout(ok, 40));
    assert.equal(prefetches().length, before + 1);
    assert.deepEqual(
      prefetches()[before].equations,
      [4, 2, 5].map((i) => stepEquation(trace, i)),
      'the neighbours of step 3, where Play stopped',
    );
    session.setCursor(4);
    assert.equal(latestStep(posted).next, undefined, 'stopped: a step carries no next one');
    controller.dispose();
  });

  it("is behind from posting a step until the panel reports it painted ('shown'); other reports change nothing", () => {
    const { session, posted, controller } = setup(seedText);
    let shown = 0;
    controller.onShown = () => shown++;
    assert.equal(controller.behind, false, 'not ready: nothing to wait for');
    controller.receive({ type: 'ready' });
    const runId = lastStep(posted).runId;
    assert.equal(controller.behind, true, "step 0 posted on 'ready'");
    controller.receive({ type: 'shown', runId, stepIndex: 0 });
    assert.equal(controller.behind, false);
    assert.equal(shown, 1);
    session.setCursor(4);
    assert.equal(controller.behind, true);
    // An older step, another run's, or a malformed report: still behind, nobody told.
    controller.receive({ type: 'shown', runId, stepIndex: 0 });
    controller.receive({ type: 'shown', runId: runId + 1, stepIndex: 4 });
    controller.receive({ type: 'shown', runId, stepIndex: 4, extra: 1 });
    controller.receive({ type: 'shown', runId, stepIndex: -4 });
    assert.equal(controller.behind, true);
    assert.equal(shown, 1);
    controller.receive({ type: 'shown', runId, stepIndex: 4 });
    assert.equal(controller.behind, false);
    assert.equal(shown, 2);
    // A panel torn down (hidden without retained context) is waited for no more.
    session.setCursor(5);
    controller.detached();
    assert.equal(controller.behind, false);
    controller.dispose();
  });

  it('sends the gradient norms only when they change, and the loss once computed', () => {
    const { session, posted, controller } = setup(seedText);
    controller.receive({ type: 'ready' });
    const trace = session.trace as Trace;
    const first = lastStep(posted);
    assert.deepEqual(first.gradNorms, [null, null, null, null, null]);
    session.setCursor(1);
    assert.equal(lastStep(posted).gradNorms, undefined);
    session.setCursor(findStep(trace.steps, 'backward', 4, 'dh'));
    const norms = lastStep(posted).gradNorms;
    assert.ok(norms && norms[4] !== null && norms[3] === null);
    assert.ok(Math.abs((norms?.[4] ?? 0) - 0.2897698056208291) < 1e-12);
  });

  it('moves the cursor from the scrubber only for the current run and a real step', () => {
    const { session, posted, warnings, controller } = setup(seedText);
    controller.receive({ type: 'ready' });
    const runId = (posted[0] as { runId: number }).runId;
    controller.receive({ type: 'setCursor', runId, stepIndex: 7 });
    assert.equal(session.cursor, 7);
    controller.receive({ type: 'setCursor', runId: runId + 1, stepIndex: 9 });
    controller.receive({ type: 'setCursor', runId, stepIndex: 10_000 });
    assert.equal(session.cursor, 7);
    const count = posted.length;
    for (const bad of [
      { type: 'setCursor', runId, stepIndex: -1 },
      { type: 'setCursor', runId, stepIndex: '3' },
      { type: 'command', command: 'rm -rf' },
      null,
      'ready',
      { type: 'ready', x: 1 },
    ])
      controller.receive(bad);
    assert.equal(warnings.length, 6);
    // The log says which panel refused what, and why.
    for (const w of warnings) assert.match(w, /^stepper panel of file:\/\/\/m\.rnn\.json: refused a message \(.+\)$/);
    assert.match(warnings[0], /bad stepIndex/);
    assert.equal(posted.length, count);
    assert.equal(session.cursor, 7);
  });

  it('stores what the webview reports having painted, with the document', () => {
    const { reports, controller } = setup(seedText);
    controller.receive({
      type: 'rendered',
      stepIndex: 1,
      stepId: 'forward:1:h',
      title: 'hidden state h₁',
      equationText: 'h1=tanh(0.5)=0.462117',
      stale: false,
    });
    assert.deepEqual(reports, [
      {
        uri: 'file:///m.rnn.json',
        stepIndex: 1,
        stepId: 'forward:1:h',
        title: 'hidden state h₁',
        equationText: 'h1=tanh(0.5)=0.462117',
        stale: false,
      },
    ]);
  });

  it('resends every tensor inline after a resync', () => {
    const { session, posted, controller } = setup(wideText);
    controller.receive({ type: 'ready' });
    session.setCursor(1);
    assert.ok(lastStep(posted).tensors.some((t) => t.data.key !== null && t.data.values === null));
    controller.receive({ type: 'resync' });
    assert.ok(lastStep(posted).tensors.every((t) => t.data.values !== null));
  });

  it('goes stale on problems, and back to a new run when fixed; empty without any run', () => {
    const { session, posted, controller } = setup(seedText);
    controller.receive({ type: 'ready' });
    session.stale = true;
    session.problems = [
      { severity: 'error', path: 'weights', offset: 10, length: 1, line: 3, column: 5, message: 'broken' },
    ];
    controller.problemsChanged();
    assert.deepEqual(posted[posted.length - 1], {
      type: 'problems',
      stale: true,
      problems: [{ severity: 'error', line: 3, column: 5, message: 'broken' }],
    });
    // Fixed into another shape (no target at t=4: other steps): a new run.
    session.stale = false;
    session.trace = run(seedText.replace('"!", "!"]', '"!", null]'));
    controller.runChanged();
    const types = posted.slice(-2).map((m) => m.type);
    assert.deepEqual(types, ['run', 'step']);
    assert.equal((posted[posted.length - 2] as { runId: number }).runId, 2);
    // Fixed with the same steps (numbers only): the same run, and a step that is no longer stale.
    session.stale = true;
    controller.problemsChanged();
    session.stale = false;
    session.trace = run(seedText.replace('"!", "!"]', '"!", null]').replace('[[0.2]]', '[[0.25]]'));
    const before = posted.length;
    controller.runChanged();
    assert.deepEqual(
      posted.slice(before).map((m) => m.type),
      ['step'],
    );
    assert.equal(lastStep(posted).runId, 2);
    assert.equal(lastStep(posted).stale, false);

    const empty = setup(undefined);
    empty.session.problems = session.problems;
    empty.controller.receive({ type: 'ready' });
    assert.equal(empty.posted[0].type, 'empty');
  });
});
