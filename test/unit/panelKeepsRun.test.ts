// A number-only edit keeps the panel's run (PanelController.runChanged, PanelMessageBuilder.keeps):
// on a char-rnn-128-sized model (H=128, V=65, T=100, explicit weights like the benchmark's), typing
// a new value into one weight sends the panel no 'run' message and one step whose tensors carry
// numbers only where the numbers changed — checked against an independent comparison of the two
// traces — while the panel's cache still resolves every tensor to the new trace exactly.

import { strict as assert } from 'node:assert';
import { mulberry32 } from '../../src/engine/parse/init';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { liveTensors } from '../../src/engine/trace/liveTensors';
import { gradientAt } from '../../src/engine/trace/stepValues';
import { cursorAfterRun } from '../../src/engine/trace/navigation';
import type { Trace } from '../../src/engine/trace/trace';
import type { Problem } from '../../src/engine/parse/problems';
import { PARAM_NAMES } from '../../src/engine/model';
import { PanelController, type SessionView } from '../../src/host/panel/panelController';
import type { HostMessage, StepMessage, TensorData } from '../../src/shared/protocol';
import { CACHE_MIN_ELEMENTS, TensorLru } from '../../src/shared/tensorCache';
import { findStep } from './fixtures/findStep';

const H = 128;
const V = 65;
const T = 100;

/** char-rnn-128's shape: V one-character tokens, weights uniform in ±1/√H (5 decimals), zero biases. */
function charRnn(): { name: string; vocab: string[]; inputs: string[]; targets: string[]; weights: Weights } {
  const rand = mulberry32(128);
  const vocab = Array.from({ length: V }, (_, i) => String.fromCharCode(33 + i));
  const text = Array.from({ length: T + 1 }, () => vocab[Math.floor(rand() * V)]);
  const sc = 1 / Math.sqrt(H);
  const M = (r: number, c: number): number[][] =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => Math.round((rand() * 2 - 1) * sc * 1e5) / 1e5));
  return {
    name: 'char-rnn-128',
    vocab,
    inputs: text.slice(0, -1),
    targets: text.slice(1),
    weights: { W_xh: M(H, V), W_hh: M(H, H), b_h: new Array(H).fill(0), W_hy: M(V, H), b_y: new Array(V).fill(0) },
  };
}
type Weights = Record<string, number[][] | number[]>;

/** The Session as the panel sees it: parse, run, keep the cursor on the same step (session.ts). */
class Session implements SessionView {
  readonly uri = { toString: () => 'file:///char-rnn-128.rnn.json' };
  trace: Trace | undefined;
  cursor = 0;
  stale = false;
  problems: Problem[] = [];
  error: string | undefined;
  onRun = (): void => {};
  onCursor = (): void => {};
  setText(text: string): void {
    const r = parseModel(text);
    assert.ok(r.model, r.problems.map((p) => p.message).join('; '));
    const previous = this.trace?.steps[this.cursor];
    this.trace = runModel(r.model);
    this.cursor = cursorAfterRun(previous, this.cursor, this.trace.steps);
    this.onRun();
  }
  setCursor(i: number): boolean {
    if (i === this.cursor) return false;
    this.cursor = i;
    this.onCursor();
    return true;
  }
}

/** The webview's half of the cache (webview/state.ts), replaying every message in order. */
class Webview {
  private readonly lru = new TensorLru<Float64Array>();
  resolve(d: TensorData): Float64Array {
    if (d.values !== null) {
      if (d.key !== null) this.lru.put(d.key, d.values, d.values.length);
      return d.values;
    }
    const hit = d.key === null ? undefined : this.lru.get(d.key);
    assert.ok(hit, `the panel does not hold ${d.key}`);
    return hit;
  }
  take(m: HostMessage): void {
    if (m.type === 'run') this.lru.clear();
    if (m.type !== 'step') return;
    for (const p of m.tensors) {
      this.resolve(p.data);
      if (p.grad) this.resolve(p.grad);
    }
  }
}

const same = (a: Float64Array, b: Float64Array): boolean =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

/** Independently of the panel's code: each live tensor's value (and a parameter's gradient) at step
 *  `i` of the two traces, and whether it changed. */
function changes(before: Trace, after: Trace, i: number): Map<string, { size: number; changed: boolean }> {
  const params = new Set<string>(PARAM_NAMES[after.model.cell]);
  const old = new Map(liveTensors(before, i).map((lt) => [JSON.stringify(lt.ref), lt]));
  const out = new Map<string, { size: number; changed: boolean }>();
  for (const lt of liveTensors(after, i)) {
    const key = JSON.stringify(lt.ref);
    const prev = old.get(key);
    assert.ok(prev, `${key} is live at step ${i} of both traces`);
    out.set(`${key} value`, { size: lt.data.length, changed: !same(prev.data, lt.data) });
    if (params.has(lt.ref.name)) {
      const g0 = gradientAt(before, lt.ref.name, i).data;
      const g1 = gradientAt(after, lt.ref.name, i).data;
      out.set(`${key} grad`, { size: g1.length, changed: !same(g0, g1) });
    }
  }
  return out;
}

/** What the step message sent with numbers, per tensor value and gradient. */
function sent(m: StepMessage): Map<string, { size: number; withNumbers: boolean }> {
  const out = new Map<string, { size: number; withNumbers: boolean }>();
  for (const p of m.tensors) {
    const key = JSON.stringify(p.t === null ? { name: p.name } : { name: p.name, t: p.t });
    const size = p.shape.reduce((a, b) => a * b, 1);
    out.set(`${key} value`, { size, withNumbers: p.data.values !== null });
    if (p.grad) out.set(`${key} grad`, { size, withNumbers: p.grad.values !== null });
  }
  return out;
}

function open(text: string, at: (t: Trace) => number) {
  const session = new Session();
  session.setText(text);
  const posted: HostMessage[] = [];
  const webview = new Webview();
  const controller = new PanelController(
    session,
    (m) => {
      posted.push(m);
      webview.take(m);
    },
    { warn: (m) => assert.fail(m) },
  );
  session.onRun = () => controller.runChanged();
  session.onCursor = () => controller.cursorMoved();
  controller.receive({ type: 'ready' });
  session.setCursor(at(session.trace as Trace));
  return { session, posted, controller };
}

describe('a number-only edit keeps the panel run (char-rnn-128: H=128, V=65, T=100)', () => {
  const model = charRnn();
  const text = JSON.stringify(model, null, 1);
  const edited = (): string => {
    const w = structuredClone(model.weights) as Record<string, number[][]>;
    w.W_hh[3][5] = 0.04321; // one number typed into W_hh
    return JSON.stringify({ ...model, weights: w }, null, 1);
  };

  for (const [where, at] of [
    ['forward t=1, a₁', (t: Trace) => findStep(t.steps, 'forward', 1, 'a')],
    ['backward t=50, δa₅₀', (t: Trace) => findStep(t.steps, 'backward', 50, 'da')],
  ] as const) {
    it(`at ${where}: no new run, one step, numbers only for the tensors that changed`, () => {
      const { session, posted, controller } = open(text, at);
      try {
        const before = session.trace as Trace;
        const index = session.cursor;
        const runId = (posted[0] as { runId: number }).runId;
        const from = posted.length;
        session.setText(edited());
        const after = session.trace as Trace;
        assert.equal(session.cursor, index, 'the cursor stays on the same step');
        const out = posted.slice(from);
        assert.deepEqual(
          out.map((m) => m.type),
          ['step'],
          'the timeline, diagram and cache stay: no run message',
        );
        const step = out[0] as StepMessage;
        assert.equal(step.runId, runId);
        assert.equal(step.step.index, index);

        const truth = changes(before, after, index);
        const got = sent(step);
        assert.deepEqual([...got.keys()].sort(), [...truth.keys()].sort());
        const wrong: string[] = [];
        let numbers = 0;
        let total = 0;
        for (const [key, { size, changed }] of truth) {
          const { withNumbers } = got.get(key) as { withNumbers: boolean };
          total += size;
          if (withNumbers) numbers += size;
          // Tensors under CACHE_MIN_ELEMENTS numbers always travel inline (a key costs more). A
          // changed one may go by key too: when the same numbers are already on their way (∂L/∂W_hh
          // as a tensor and as W_hh's gradient; δh₅₀ⁿᵉˣᵗ and the δh sent back from t=51).
          if (size >= CACHE_MIN_ELEMENTS && withNumbers && !changed) wrong.push(key);
        }
        assert.deepEqual(wrong, [], 'no tensor that did not change carries its numbers again');
        if (where.startsWith('forward')) {
          // a₁ = W_hh h₀ + W_xh x₁ + b_h with h₀ = 0: only W_hh itself changed.
          const withNumbers = [...got].filter(([, v]) => v.withNumbers).map(([k]) => k);
          assert.deepEqual(withNumbers, ['{"name":"W_hh"} value']);
          assert.equal(numbers, H * H);
        }
        assert.ok(numbers < total, `${numbers} of ${total} numbers sent`);
      } finally {
        controller.dispose();
      }
    });
  }

  it('the panel resolves every tensor of the edited run to its exact numbers', () => {
    const { session, posted, controller } = open(text, (t) => findStep(t.steps, 'backward', 50, 'da'));
    try {
      const store = new Webview();
      for (const m of posted) store.take(m);
      session.setText(edited());
      const step = posted[posted.length - 1] as StepMessage;
      const after = session.trace as Trace;
      const truth = new Map(liveTensors(after, session.cursor).map((lt) => [lt.ref.name + ':' + lt.ref.t, lt.data]));
      const params = new Set<string>(PARAM_NAMES[after.model.cell]);
      for (const p of step.tensors) {
        // In the order the host built them: the value, then a parameter's gradient.
        const values = store.resolve(p.data);
        const grad = p.grad ? store.resolve(p.grad) : null;
        const expected = truth.get(p.name + ':' + (p.t ?? undefined));
        assert.ok(expected && same(values, expected), `${p.id} resolves to the edited run's numbers`);
        if (params.has(p.name)) {
          assert.ok(grad && same(grad, gradientAt(after, p.name, session.cursor).data), `${p.id}'s gradient`);
        }
      }
    } finally {
      controller.dispose();
    }
  });

  it('an edit that changes the steps (a shorter sequence) is a new run', () => {
    const { session, posted, controller } = open(text, (t) => findStep(t.steps, 'forward', 1, 'a'));
    try {
      const from = posted.length;
      session.setText(JSON.stringify({ ...model, inputs: model.inputs.slice(1), targets: model.targets.slice(1) }));
      assert.deepEqual(
        posted.slice(from).map((m) => m.type),
        ['run', 'step'],
      );
    } finally {
      controller.dispose();
    }
  });
});
