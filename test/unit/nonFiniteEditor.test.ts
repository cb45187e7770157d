// A run's first NaN or ±Infinity in the editor: where the warning goes in the file
// (src/host/editor/nonFiniteLocation.ts) and what it says, the panel's messages (the banner's
// record after the run, "Go to first non-finite value" moving the cursor to the recorded step, the
// record cleared by a fixing edit), "Check Gradients" explaining its NaN, and training in the
// worker stopping at the divergent step without sending weights back.
import { strict as assert } from 'node:assert';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { gradCheck } from '../../src/engine/compute/gradcheck';
import { nonFiniteSentence } from '../../src/engine/trace/nonFinite';
import type { Trace } from '../../src/engine/trace/trace';
import type { Problem } from '../../src/engine/parse/problems';
import { nonFiniteLocation } from '../../src/host/editor/nonFiniteLocation';
import { PanelController, type SessionView } from '../../src/host/panel/panelController';
import { divergenceText } from '../../src/host/panel/nonFiniteView';
import { checkMessage } from '../../src/host/commands/gradientCheckMessage';
import { runTraining, type TrainReply } from '../../src/host/training/trainingWorker';
import { parseWebviewMessage } from '../../src/shared/parseWebviewMessage';
import type { HostMessage, NonFiniteMessage } from '../../src/shared/protocol';

const text = (model: unknown): string => JSON.stringify(model, null, 2);

function load(source: string) {
  const r = parseModel(source);
  assert.ok(r.model, r.problems.map((p) => p.message).join('; '));
  const trace = runModel(r.model);
  return { root: r.root, model: r.model, trace, record: trace.nonFinite };
}

/** The marked text and its 1-based line, found independently of jsonc-parser. */
function marked(source: string, model: ReturnType<typeof load>): { text: string; line: number } {
  assert.ok(model.record, 'the run has a non-finite value');
  const span = nonFiniteLocation(model.root, model.model, model.record);
  return {
    text: source.slice(span.offset, span.offset + span.length),
    line: source.slice(0, span.offset).split('\n').length,
  };
}

const lineOf = (source: string, needle: string): number => {
  const at = source.indexOf(needle);
  assert.ok(at >= 0, `${needle} in the text`);
  return source.slice(0, at).split('\n').length;
};

const TOKENS = { vocab: ['a', 'b'], inputs: ['a', 'b'], targets: ['b', 'a'] };

// y₁ = W_hy h₁ + b_y overflows; W_hy's largest element is row 0 (the other rows are 0).
const WEIGHT = text({
  ...TOKENS,
  weights: { W_xh: [[20, 20]], W_hh: [[0]], b_h: [0], W_hy: [[3], [1.7e308]], b_y: [0, 1.7e308] },
});
// x₂ = 1e308 times W_xh = 10.
const INPUT = text({
  inputs: [[1], [1e308]],
  targets: [[0], [0]],
  weights: { W_xh: [[10]], W_hh: [[0]], b_h: [0], W_hy: [[1]], b_y: [0] },
});
// Logits 1e308 apart: log-softmax overflows (no number of the file is itself too large).
const SOFTMAX = text({
  ...TOKENS,
  weights: { W_xh: [[1, 1]], W_hh: [[0]], b_h: [0], W_hy: [[0], [0]], b_y: [1e308, -1e308] },
});
// FORMAT.md's hidden-size-1 example with η = 1.7e308: the update b_h − η·c·∂L/∂b_h overflows.
const UPDATE = text({
  vocab: ['hi', 'there', 'class', '!'],
  inputs: ['hi', 'there', 'class', '!'],
  targets: ['there', 'class', '!', '!'],
  weights: {
    W_xh: [[0.5, -0.3, 0.8, 0.0]],
    W_hh: [[0.2]],
    b_h: [0],
    W_hy: [[1], [0.5], [-0.5], [0]],
    b_y: [0, 0, 0, 0],
  },
  train: { learningRate: 1.7e308 },
});

describe('non-finite values in the editor', () => {
  it('an overflowing weight is marked at its largest element, W_hy[1][0] = 1.7e308', () => {
    const m = load(WEIGHT);
    assert.equal(m.record?.cause, 'weight-overflow');
    assert.deepEqual(m.record?.operand, { name: 'W_hy' });
    const at = marked(WEIGHT, m);
    assert.equal(at.text, '1.7e+308');
    // JSON.stringify writes 1.7e308 as 1.7e+308: the second W_hy row, not b_y's on a later line.
    assert.equal(at.line, lineOf(WEIGHT, '"W_hy"') + 5);
    assert.equal(
      nonFiniteSentence(m.record!),
      'non-finite value: y[1] at forward t=1 (overflowing weight: W_hy holds values up to 1.7e+308)',
    );
  });

  it('an overflowing input is marked at x₂’s number', () => {
    const m = load(INPUT);
    assert.equal(m.record?.cause, 'input-overflow');
    assert.deepEqual(m.record?.operand, { name: 'x', t: 2 });
    const at = marked(INPUT, m);
    assert.equal(at.text, '1e+308');
    assert.equal(at.line, lineOf(INPUT, '1e+308'));
  });

  it('a divergent update is marked at the learning rate', () => {
    const m = load(UPDATE);
    assert.equal(m.record?.cause, 'divergent-update');
    const at = marked(UPDATE, m);
    assert.equal(at.text, '1.7e+308');
    assert.equal(at.line, lineOf(UPDATE, '"learningRate"'));
  });

  it('a softmax overflow (no single number to blame) is marked at the "weights" key', () => {
    const m = load(SOFTMAX);
    assert.equal(m.record?.cause, 'softmax-overflow');
    assert.equal(marked(SOFTMAX, m).text, '"weights"');
  });
});

class FakeSession implements SessionView {
  readonly uri = { toString: () => 'file:///overflow.rnn.json' };
  trace: Trace | undefined;
  cursor = 0;
  stale = false;
  problems: Problem[] = [];
  error: string | undefined;
  constructor(source: string) {
    this.trace = load(source).trace;
  }
  setCursor(i: number): boolean {
    if (!this.trace || i === this.cursor) return false;
    this.cursor = i;
    return true;
  }
}

describe('the panel and a non-finite run', () => {
  function setup(source: string) {
    const session = new FakeSession(source);
    const posted: HostMessage[] = [];
    const warnings: string[] = [];
    const controller = new PanelController(session, (m) => posted.push(m), { warn: (w) => warnings.push(w) });
    controller.receive({ type: 'ready' });
    return { session, posted, warnings, controller };
  }

  it('sends the record after the run; the button moves the cursor to the step that writes it', () => {
    const { session, posted, warnings, controller } = setup(WEIGHT);
    assert.deepEqual(
      posted.map((m) => m.type),
      ['run', 'nonFinite', 'step'],
    );
    const r = session.trace!.nonFinite!;
    assert.equal(session.trace!.steps[r.step].id, 'forward:1:y');
    const msg = posted[1] as NonFiniteMessage;
    const runId = posted[0].type === 'run' ? posted[0].runId : -1;
    assert.deepEqual(msg, {
      type: 'nonFinite',
      runId,
      nonFinite: { step: r.step, sentence: nonFiniteSentence(r) },
    });
    controller.receive({ type: 'goToNonFinite', runId: runId + 1 }); // an older or newer run: ignored
    assert.equal(session.cursor, 0);
    controller.receive({ type: 'goToNonFinite', runId, stepIndex: 0 }); // not one of ours
    assert.equal(session.cursor, 0);
    assert.match(warnings.join('\n'), /unexpected fields in goToNonFinite/);
    controller.receive({ type: 'goToNonFinite', runId });
    assert.equal(session.cursor, r.step);
  });

  it('an edit that keeps the run and fixes the numbers clears the record', () => {
    const { session, posted, controller } = setup(WEIGHT);
    posted.length = 0;
    session.trace = load(WEIGHT.replace(/1\.7e\+308/g, '2')).trace;
    controller.runChanged();
    assert.deepEqual(
      posted.map((m) => m.type),
      ['nonFinite', 'step'],
    );
    assert.equal((posted[0] as NonFiniteMessage).nonFinite, null);
    posted.length = 0;
    session.trace = load(WEIGHT.replace(/1\.7e\+308/g, '3')).trace; // still finite: nothing to say
    controller.runChanged();
    assert.deepEqual(
      posted.map((m) => m.type),
      ['step'],
    );
  });

  it('the webview message is checked like the others', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'goToNonFinite', runId: 3 }), {
      ok: true,
      message: { type: 'goToNonFinite', runId: 3 },
    });
    assert.equal(parseWebviewMessage({ type: 'goToNonFinite', runId: -1 }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'goToNonFinite', runId: '1' }).ok, false);
  });
});

describe('Check Gradients and Train in the editor', () => {
  it('a NaN error is explained: finite differences overflow at this magnitude, and the run’s own value', () => {
    const m = load(SOFTMAX);
    const { ok, text: message } = checkMessage(gradCheck(m.model));
    assert.equal(ok, false);
    assert.equal(
      message,
      'RNN: Gradient check FAILED: max relative error NaN over 9 entries (ε = 0.000001); largest at W_xh[0] ' +
        '(analytic 0, finite difference NaN): finite differences overflow at this magnitude: the loss at θ ± ε is ' +
        'Infinity and Infinity. The run itself computes a non-finite value: loss at forward t=1 (softmax overflow: ' +
        'the logits of y_1 range from -1e+308 to 1e+308, too far apart for log-softmax).',
    );
  });

  it('training stops at the divergent step (322, as the CLI says) and sends no weights back', () => {
    const m = load(
      text({
        activation: 'relu',
        inputs: [[1], [1]],
        targets: [[1], [2]],
        weights: { W_xh: [[1]], W_hh: [[0.5]], b_h: [0], W_hy: [[1]], b_y: [0] },
        train: { learningRate: 2, steps: 1000 },
      }),
    );
    const replies: TrainReply[] = [];
    runTraining({ type: 'train', model: m.model, steps: 1000 }, (r) => replies.push(r));
    const last = replies[replies.length - 1];
    assert.equal(last.type, 'diverged');
    if (last.type !== 'diverged') return;
    assert.equal(last.losses.length, 322);
    assert.equal(last.divergence.step, 321);
    assert.ok(!('params' in last), 'no weights cross back');
    assert.equal(
      divergenceText({ step: last.divergence.step, sentence: nonFiniteSentence(last.divergence.nonFinite) }),
      'Training stopped at step 322: non-finite value: gradNorm at clip (gradient norm overflow: the squares of ' +
        'gradients up to 2.18e+154 leave the float64 range)',
    );
  });
});
