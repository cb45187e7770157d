// The first NaN or ±Infinity of a run, named (engine: trace/nonFinite.ts): for each way a run can
// overflow, a model planted to do exactly that, and the record it must give — tensor, element,
// phase, timestep, the step that writes it, and the cause. Where the place is not obvious from the
// model, it is computed here independently (a scalar recurrence in plain JavaScript).
import { strict as assert } from 'node:assert';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { nonFiniteWhere, traceAllFinite, type NonFinite } from '../../src/engine/trace/nonFinite';
import type { Trace } from '../../src/engine/trace/trace';
import { exampleTraces } from './stepsModels';

function run(model: Record<string, unknown>): Trace {
  const r = parseModel(JSON.stringify(model));
  assert.ok(r.model, JSON.stringify(r.problems.map((p) => p.message)));
  return runModel(r.model);
}

type Expected = Omit<NonFinite, 'step' | 'value'> & { readonly stepId: string };

function expectRecord(trace: Trace, e: Expected): NonFinite {
  const r = trace.nonFinite;
  assert.ok(r, 'a non-finite value is recorded');
  const { stepId, ...fields } = e;
  assert.deepEqual(
    { tensor: r.tensor, index: r.index, phase: r.phase, t: r.t, cause: r.cause, reason: r.reason },
    fields,
  );
  assert.equal(trace.steps[r.step].id, stepId, 'the record points at the step that writes it');
  assert.ok(
    trace.steps[r.step].writes.some((w) => w.name === r.tensor),
    `step ${stepId} writes ${r.tensor}`,
  );
  assert.ok(!Number.isFinite(r.value));
  assert.equal(traceAllFinite(trace), false);
  return r;
}

const TOKENS = { vocab: ['a', 'b'], inputs: ['a', 'b'], targets: ['b', 'a'] };

describe('the first non-finite value of a run', () => {
  it('is null for every example (all finite)', () => {
    for (const { name, trace } of exampleTraces()) {
      assert.equal(trace.nonFinite, null, name);
      assert.equal(traceAllFinite(trace), true, name);
    }
  });

  it('an overflowing weight: y₁ = W_hy h₁ + b_y = 1.7e308 + 1.7e308', () => {
    const trace = run({
      ...TOKENS,
      weights: { W_xh: [[20, 20]], W_hh: [[0]], b_h: [0], W_hy: [[1.7e308], [0]], b_y: [1.7e308, 0] },
    });
    expectRecord(trace, {
      tensor: 'y',
      index: 0,
      phase: 'forward',
      t: 1,
      cause: 'weight-overflow',
      reason: 'overflowing weight: W_hy holds values up to 1.7e+308',
      stepId: 'forward:1:y',
    });
    assert.equal(trace.nonFinite?.value, Infinity);
    assert.equal(nonFiniteWhere(trace.nonFinite!), 'y[0] at forward t=1');
  });

  it('softmax overflow: logits 1e308 apart make log-sum-exp − y[target] overflow', () => {
    const trace = run({
      ...TOKENS,
      weights: { W_xh: [[1, 1]], W_hh: [[0]], b_h: [0], W_hy: [[0], [0]], b_y: [1e308, -1e308] },
    });
    const r = expectRecord(trace, {
      tensor: 'loss',
      index: 0,
      phase: 'forward',
      t: 1,
      cause: 'softmax-overflow',
      reason: 'softmax overflow: the logits of y_1 range from -1e+308 to 1e+308, too far apart for log-softmax',
      stepId: 'forward:1:loss',
    });
    assert.equal(nonFiniteWhere(r), 'loss at forward t=1');
  });

  it('an exploding state: relu with W_hh = 1e100 reaches h₄ = 1e300, then a₅ overflows', () => {
    const trace = run({
      activation: 'relu',
      inputs: [[1], [0], [0], [0], [0]],
      targets: [[0], null, null, null, null],
      weights: { W_xh: [[1]], W_hh: [[1e100]], b_h: [0], W_hy: [[1]], b_y: [0] },
    });
    expectRecord(trace, {
      tensor: 'a',
      index: 0,
      phase: 'forward',
      t: 5,
      cause: 'state-overflow',
      reason: 'exploding state: h_4 reaches 1e+300',
      stepId: 'forward:5:a',
    });
  });

  it('an overflowing input: x₂ = 1e308 times W_xh = 10', () => {
    const trace = run({
      inputs: [[1], [1e308]],
      targets: [[0], [0]],
      weights: { W_xh: [[10]], W_hh: [[0]], b_h: [0], W_hy: [[1]], b_y: [0] },
    });
    expectRecord(trace, {
      tensor: 'a',
      index: 0,
      phase: 'forward',
      t: 2,
      cause: 'input-overflow',
      reason: 'overflowing input: x_2 holds values up to 1e+308',
      stepId: 'forward:2:a',
    });
  });

  it('an exploding gradient: δ grows ×1e30 per timestep back through W_hh until δh₁ overflows', () => {
    const T = 11;
    const trace = run({
      activation: 'relu',
      h0: [1e-300],
      inputs: Array.from({ length: T }, () => [0]),
      targets: [...Array.from({ length: T - 1 }, () => null), [0]],
      weights: { W_xh: [[0]], W_hh: [[1e30]], b_h: [0], W_hy: [[1]], b_y: [0] },
    });
    // The same recurrence by hand: h_t = 1e30·h_{t−1}; δa_T = y_T = h_T; δh_{t−1} = 1e30·δa_t.
    const h = [1e-300];
    for (let t = 1; t <= T; t++) h.push(1e30 * h[t - 1]);
    let da = h[T];
    let first = -1;
    for (let t = T; t >= 1 && first < 0; t--) {
      const dhPrev = 1e30 * da;
      if (!Number.isFinite(dhPrev)) first = t;
      da = dhPrev;
    }
    assert.equal(first, 2);
    expectRecord(trace, {
      tensor: 'dh_prev',
      index: 0,
      phase: 'backward',
      t: first,
      cause: 'exploding-gradient',
      reason: 'exploding gradient: da_2 reaches 1e+300',
      stepId: 'backward:2:dhprev',
    });
  });

  it('a gradient sum that overflows although every term is finite: ∂L/∂W_xh = 1e308 + 1e308', () => {
    // h_t = x_t = 1e4, y_t = 1e150·h_t = 1e154 (ℓ_t = 5e307, finite), δa_t = 1e150·y_t = 1e304;
    // each δa_t·x_t = 1e308 is finite, their sum over t = 2, 1 is not.
    const trace = run({
      activation: 'relu',
      inputs: [[1e4], [1e4]],
      targets: [[0], [0]],
      weights: { W_xh: [[1]], W_hh: [[0]], b_h: [0], W_hy: [[1e150]], b_y: [0] },
    });
    assert.ok(Number.isFinite(trace.loss));
    expectRecord(trace, {
      tensor: 'dW_xh',
      index: 0,
      phase: 'backward',
      t: 1,
      cause: 'gradient-overflow',
      reason: 'gradient overflow: the sum over timesteps of ∂L/∂W_xh leaves the float64 range',
      stepId: 'backward:1:dW',
    });
  });

  it('the gradient norm: ‖g‖² overflows with every gradient finite (1e200)', () => {
    const trace = run({
      activation: 'relu',
      inputs: [[1]],
      targets: [[0]],
      weights: { W_xh: [[1]], W_hh: [[0]], b_h: [0], W_hy: [[1e100]], b_y: [0] },
    });
    for (const g of Object.values(trace.grads)) for (const v of g.data) assert.ok(Number.isFinite(v));
    const r = expectRecord(trace, {
      tensor: 'gradNorm',
      index: 0,
      phase: 'clip',
      t: null,
      cause: 'norm-overflow',
      reason: 'gradient norm overflow: the squares of gradients up to 1e+200 leave the float64 range',
      stepId: 'clip::clip',
    });
    assert.equal(nonFiniteWhere(r), 'gradNorm at clip');
  });

  it("a divergent update: FORMAT.md's hidden-size-1 example with η = 1.7e308 (∂L/∂b_h = 1.32…)", () => {
    const trace = run({
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
    // W_xh and W_hh move by η·g with every |g| < 1.05: finite; b_h's g = 1.3226… is the first that is not.
    const r = expectRecord(trace, {
      tensor: "b_h'",
      index: 0,
      phase: 'update',
      t: null,
      cause: 'divergent-update',
      reason:
        'divergent update: b_h − η·c·∂L/∂b_h leaves the float64 range (η = 1.7e+308, c = 1, |∂L/∂b_h| up to 1.32)',
      stepId: 'update::b_h',
    });
    assert.equal(r.value, -Infinity);
    assert.equal(nonFiniteWhere(r), "b_h'[0] at update");
  });
});
