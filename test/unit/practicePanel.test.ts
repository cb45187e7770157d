// Practice mode on the host, without VS Code: the progress store (PracticeSession over a Map, as
// the extension keeps it in workspace state), the modes remembered per URI, and PanelController's
// handling of the practice messages — what is hidden in the step messages, that the exact value
// of a question is never posted before it is answered right or revealed, the verdicts' exact
// words, hints counted, progress kept across a "reload" (a new session over the same store), and
// the stepper steered to the asked steps of a file with a practice section.

import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import type { Trace } from '../../src/engine/trace/trace';
import type { Problem } from '../../src/engine/parse/problems';
import { PanelController, type SessionView } from '../../src/host/panel/panelController';
import { PracticeSession, progressKey, type PracticeStore } from '../../src/host/practice/practiceSession';
import { MODES_KEY, PracticeModes } from '../../src/host/practice/practiceModes';
import type { HostMessage, StepMessage } from '../../src/shared/protocol';
import { parseWebviewMessage } from '../../src/shared/parseWebviewMessage';

const example = (name: string): string => readFileSync(join(__dirname, `../../examples/${name}.rnn.json`), 'utf8');

class MapStore implements PracticeStore {
  readonly map = new Map<string, unknown>();
  get(key: string): unknown {
    // Through JSON, as VS Code's Memento stores it.
    const v = this.map.get(key);
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }
  update(key: string, value: unknown): void {
    if (value === undefined) this.map.delete(key);
    else this.map.set(key, JSON.parse(JSON.stringify(value)));
  }
}

class Session implements SessionView {
  readonly uri = { toString: () => 'file:///w/seed.rnn.json' };
  trace: Trace | undefined;
  cursor = 0;
  stale = false;
  problems: Problem[] = [];
  error: string | undefined;
  listener: (() => void) | undefined;
  constructor(text: string) {
    this.setText(text);
  }
  setText(text: string): void {
    const r = parseModel(text);
    assert.ok(r.model, r.problems.map((p) => p.message).join('; '));
    this.trace = runModel(r.model);
  }
  setCursor(i: number): boolean {
    const next = Math.max(0, Math.min((this.trace?.steps.length ?? 1) - 1, i));
    if (next === this.cursor) return false;
    this.cursor = next;
    this.listener?.();
    return true;
  }
}

function setup(text = example('hi-there-class'), store = new MapStore()) {
  const session = new Session(text);
  const posted: HostMessage[] = [];
  const warnings: string[] = [];
  const controller = new PanelController(session, (m) => posted.push(m), { warn: (m) => warnings.push(m) });
  session.listener = () => controller.cursorMoved();
  const practice = new PracticeSession(session, store);
  controller.receive({ type: 'ready' });
  const lastStep = (): StepMessage => {
    const s = posted.filter((m): m is StepMessage => m.type === 'step').pop();
    assert.ok(s, 'no step posted');
    return s;
  };
  const runId = (): number => lastStep().runId;
  const stepOf = (id: string): number => {
    const i = session.trace?.steps.findIndex((s) => s.id === id) ?? -1;
    assert.ok(i >= 0, `no step ${id}`);
    return i;
  };
  return { session, posted, warnings, controller, practice, store, lastStep, runId, stepOf };
}

/** Every number and string of a message, for "is this value anywhere in what was sent?". */
function contains(m: unknown, value: number, text: string): boolean {
  if (m instanceof Float64Array) return m.includes(value);
  if (typeof m === 'number') return m === value;
  if (typeof m === 'string') return m.includes(text);
  if (Array.isArray(m)) return m.some((x) => contains(x, value, text));
  if (m && typeof m === 'object') return Object.values(m).some((x) => contains(x, value, text));
  return false;
}

const H1 = 0.46211715726000974;
const DA4 = 0.2850659086801632;

describe('practice mode in the panel (host side)', () => {
  it('hides what the asked step writes, and posts h₁ only once the answer is right', () => {
    const t = setup();
    const h1 = t.stepOf('forward:1:h');
    t.session.setCursor(h1);
    const before = t.lastStep();
    assert.ok(before.tensors.some((p) => p.label === 'h₁' && !p.hidden));
    assert.equal(before.practice, undefined);
    t.controller.setPractice(t.practice);
    const start = t.posted.length;
    const hidden = t.lastStep();
    const h = hidden.tensors.find((p) => p.label === 'h₁');
    assert.ok(h?.hidden, 'h₁ is hidden');
    assert.deepEqual(h.data, { key: null, values: null });
    assert.match(hidden.equation.numeric, /\\boxed\{\?\}$/);
    assert.deepEqual(hidden.equation.wrapped.numeric, ['h_{1} = \\tanh(0.5) = \\boxed{?}']);
    assert.equal(hidden.practice?.summary, '0 of 51 steps correct, 0 hints');
    assert.equal(hidden.practice?.questions[0].label, 'h₁');

    t.controller.receive({ type: 'practiceAnswer', runId: t.runId(), key: 'forward:1:h/h@1', text: '-0.4621' });
    const wrong = t.lastStep().practice?.questions[0];
    assert.equal(wrong?.verdict, 'Not quite: the sign is flipped — check each minus sign on the way to h₁.');
    assert.equal(wrong?.status, 'incorrect');
    assert.ok(t.lastStep().tensors.find((p) => p.label === 'h₁')?.hidden);
    assert.ok(!t.posted.slice(start).some((m) => contains(m, H1, '0.462117')), 'h₁ was posted before it was right');

    t.controller.receive({ type: 'practiceAnswer', runId: t.runId(), key: 'forward:1:h/h@1', text: '0.4621' });
    const right = t.lastStep();
    assert.equal(right.practice?.questions[0].verdict, 'Correct: h₁ = 0.46211715726000974');
    assert.equal(right.practice?.summary, '1 of 51 steps correct, 0 hints');
    const shown = right.tensors.find((p) => p.label === 'h₁');
    assert.ok(shown && !shown.hidden && shown.data.values?.[0] === H1);
  });

  it('δa₄: a wrong answer is diagnosed without the value; the ladder reveals it at the third rung', () => {
    const t = setup();
    t.controller.setPractice(t.practice);
    const start = t.posted.length;
    t.session.setCursor(t.stepOf('backward:4:da'));
    const key = 'backward:4:da/da@4';
    t.controller.receive({ type: 'practiceAnswer', runId: t.runId(), key, text: '0.3' });
    assert.equal(
      t.lastStep().practice?.questions[0].verdict,
      'Not quite: this is not δa₄, and not a slip I recognize — check the equation term by term.',
    );
    t.controller.receive({ type: 'practiceHint', runId: t.runId(), key });
    t.controller.receive({ type: 'practiceHint', runId: t.runId(), key });
    const two = t.lastStep().practice?.questions[0];
    assert.deepEqual(
      two?.hints.map((h) => h.level),
      [1, 2],
    );
    assert.equal(two?.moreHints, true);
    assert.ok(!t.posted.slice(start).some((m) => contains(m, DA4, '0.285066')), 'δa₄ was posted before the answer');
    t.controller.receive({ type: 'practiceHint', runId: t.runId(), key });
    const three = t.lastStep();
    assert.equal(three.practice?.questions[0].revealed, true);
    assert.equal(three.practice?.questions[0].hints[2].text, 'δa₄ = 0.2850659086801632');
    assert.equal(three.practice?.summary, '0 of 51 steps correct, 3 hints');
    assert.ok(!three.tensors.some((p) => p.hidden), 'revealed: nothing hidden');
    // A fourth hint does not exist.
    t.controller.receive({ type: 'practiceHint', runId: t.runId(), key });
    assert.equal(t.lastStep().practice?.summary, '0 of 51 steps correct, 3 hints');
  });

  it('keeps progress in the store: a new panel over it shows the answers given; reset forgets them', () => {
    const store = new MapStore();
    const a = setup(undefined, store);
    a.controller.setPractice(a.practice);
    a.session.setCursor(a.stepOf('forward:1:h'));
    a.controller.receive({ type: 'practiceAnswer', runId: a.runId(), key: 'forward:1:h/h@1', text: '0.46212' });
    a.session.setCursor(a.stepOf('forward:2:a'));
    a.controller.receive({ type: 'practiceAnswer', runId: a.runId(), key: 'forward:2:a/a@2', text: '2' });
    assert.ok(store.map.has(progressKey('file:///w/seed.rnn.json')));

    const b = setup(undefined, store);
    b.session.setCursor(b.stepOf('forward:1:h'));
    b.controller.setPractice(b.practice);
    const q = b.lastStep().practice?.questions[0];
    assert.equal(q?.answer, '0.46212');
    assert.equal(q?.verdict, 'Correct: h₁ = 0.46211715726000974');
    assert.equal(b.lastStep().practice?.summary, '1 of 51 steps correct, 0 hints');
    b.session.setCursor(b.stepOf('forward:2:a'));
    assert.equal(b.lastStep().practice?.questions[0].answer, '2');
    assert.equal(b.lastStep().practice?.questions[0].status, 'incorrect');

    b.controller.receive({ type: 'practiceControl', action: 'reset' });
    assert.equal(b.lastStep().practice?.summary, '0 of 51 steps correct, 0 hints');
    assert.equal(b.lastStep().practice?.questions[0].answer, null);
    const c = setup(undefined, store);
    c.controller.setPractice(c.practice);
    assert.equal(c.lastStep().practice?.summary, '0 of 51 steps correct, 0 hints');
  });

  it('an unreadable answer is not an attempt; an edit of the numbers starts afresh', () => {
    const t = setup();
    t.controller.setPractice(t.practice);
    t.session.setCursor(t.stepOf('forward:1:h'));
    t.controller.receive({ type: 'practiceAnswer', runId: t.runId(), key: 'forward:1:h/h@1', text: '0.4.6' });
    const q = t.lastStep().practice?.questions[0];
    assert.match(q?.verdict ?? '', /^Can't read that: /);
    assert.equal(q?.status, 'unanswered');
    t.controller.receive({ type: 'practiceAnswer', runId: t.runId(), key: 'forward:1:h/h@1', text: '0.4621' });
    assert.equal(t.practice.summary()?.correct, 1);
    t.session.setText(example('hi-there-class').replace('"W_hh": [[0.2]]', '"W_hh": [[0.25]]'));
    assert.equal(t.practice.summary()?.correct, 0, 'other numbers, other answers');
  });

  it('ignores answers for another run or a step not shown, and refuses malformed practice messages', () => {
    const t = setup();
    t.controller.setPractice(t.practice);
    t.session.setCursor(t.stepOf('forward:1:h'));
    const n = t.posted.length;
    t.controller.receive({ type: 'practiceAnswer', runId: t.runId() + 1, key: 'forward:1:h/h@1', text: '0.4621' });
    assert.equal(t.posted.length, n, 'another run: nothing happens');
    t.controller.receive({ type: 'practiceAnswer', runId: t.runId(), key: 'backward:4:da/da@4', text: '0.28507' });
    assert.equal(t.practice.summary()?.correct, 0, 'a question of another step is not answered');
    assert.match(t.warnings.join('\n'), /does not ask backward:4:da\/da@4/);
    for (const bad of [
      { type: 'practiceAnswer', runId: 1, key: 'k', text: '1', extra: 1 },
      { type: 'practiceAnswer', runId: 1, key: '', text: '1' },
      { type: 'practiceAnswer', runId: 1, key: 'k', text: 'x'.repeat(20_001) },
      { type: 'practiceAnswer', runId: -1, key: 'k', text: '1' },
      { type: 'practiceHint', runId: 1, key: 7 },
      { type: 'practiceControl', action: 'delete' },
      { type: 'rendered', stepIndex: 0, stepId: 'a', title: 't', equationText: '', stale: false, practice: 3 },
    ])
      assert.equal(parseWebviewMessage(bad).ok, false, JSON.stringify(bad).slice(0, 80));
    assert.deepEqual(parseWebviewMessage({ type: 'practiceHint', runId: 2, key: 'k' }), {
      ok: true,
      message: { type: 'practiceHint', runId: 2, key: 'k' },
    });
    // Practice messages without practice mode change nothing.
    const u = setup();
    const m = u.posted.length;
    u.controller.receive({ type: 'practiceControl', action: 'reset' });
    u.controller.receive({ type: 'practiceHint', runId: u.runId(), key: 'forward:1:a/a@1' });
    assert.equal(u.posted.length, m);
  });

  it('steers the stepper to the asked steps of a file with a practice section', () => {
    const t = setup(example('exercise-forward'));
    const steps = t.session.trace?.steps ?? [];
    const asked = steps.flatMap((s, i) => (s.phase === 'forward' && (s.kind === 'a' || s.kind === 'h') ? [i] : []));
    assert.ok(asked.length >= 4);
    t.session.cursor = asked[1] + 1; // a step not asked
    t.controller.setPractice(t.practice);
    assert.equal(t.session.cursor, asked[2], 'practice starts on the next asked step');
    assert.equal(t.practice.steer(asked[2], asked[2] + 1), asked[3], 'Step Forward: the next asked step');
    assert.equal(t.practice.steer(asked[2], asked[2] - 1), asked[1], 'Step Backward: the previous one');
    const last = asked[asked.length - 1];
    assert.equal(t.practice.steer(last, steps.length - 1), last, 'nothing asked after: stays');
    assert.deepEqual([t.lastStep().practice?.previous, t.lastStep().practice?.next], [asked[1], asked[3]]);
    // Without a practice section every step is asked: the commands move as usual.
    const u = setup();
    u.controller.setPractice(u.practice);
    assert.equal(u.practice.steer(3, 9), 9);
  });

  it('remembers which models practise, per URI', () => {
    const store = new MapStore();
    const modes = new PracticeModes(store);
    modes.set('file:///a.rnn.json', true);
    modes.set('file:///b.rnn.json', true);
    modes.set('file:///a.rnn.json', false);
    assert.deepEqual(new PracticeModes(store).isOn('file:///b.rnn.json'), true);
    assert.deepEqual(store.map.get(MODES_KEY), ['file:///b.rnn.json']);
    store.update(MODES_KEY, [3, 'file:///c.rnn.json']);
    assert.equal(modes.isOn('file:///c.rnn.json'), true, 'a bad entry is skipped, not fatal');
  });
});
