// The debugger's expressions (src/host/debug/evaluate.ts): parsing the written forms, values at the
// cursor from the trace (the seed's h₁ and ∂L/∂W_hh), indices, and the error messages for names
// that do not exist, are not computed yet, or need a timestep.
import { strict as assert } from 'node:assert';
import {
  evaluateExpression,
  evaluationResult,
  parseExpression,
  selection,
  type Evaluation,
} from '../../src/host/debug/evaluate';
import type { TensorNode } from '../../src/host/debug/variables';
import { SEED_H1, loadExample } from './debug.helpers';

describe('debugger expressions', () => {
  const { trace } = loadExample();
  const last = trace.steps.length - 1;
  const lossStep = trace.steps.findIndex((s) => s.phase === 'loss');

  const ok = (e: Evaluation): Extract<Evaluation, { ok: true }> => {
    assert.ok(e.ok, e.ok ? '' : e.error);
    return e;
  };
  const error = (e: Evaluation): string => {
    assert.ok(!e.ok, 'expected an error');
    return e.error;
  };
  /** The evaluate response's text for `text` at step `i`. */
  const result = (i: number, text: string): string => {
    const nodes: TensorNode[] = [];
    return evaluationResult(ok(evaluateExpression(trace, i, text)), (n) => nodes.push(n)).result;
  };

  it('parses names, timesteps, indices and the written forms', () => {
    assert.deepEqual(parseExpression('h_3[0]'), { name: 'h', t: 3, indices: [0] });
    assert.deepEqual(parseExpression(' W_hh[0][1] '), { name: 'W_hh', indices: [0, 1] });
    assert.deepEqual(parseExpression('W_hh [ 0 ] [1]'), { name: 'W_hh', indices: [0, 1] });
    assert.deepEqual(parseExpression('dW_hh'), { name: 'dW_hh', indices: [] });
    assert.deepEqual(parseExpression("W_hh'"), { name: "W_hh'", indices: [] });
    assert.deepEqual(parseExpression('W_hh′[0][0]'), { name: "W_hh'", indices: [0, 0] });
    assert.deepEqual(parseExpression('dh_prev_4'), { name: 'dh_prev', t: 4, indices: [] });
    assert.deepEqual(parseExpression('h₁₂'), { name: 'h', t: 12, indices: [] });
    assert.deepEqual(parseExpression('δa₃[0]'), { name: 'da', t: 3, indices: [0] });
    assert.deepEqual(parseExpression('L'), { name: 'L', indices: [] });
    for (const bad of ['', 'h +1', 'h[-1]', '3h', 'W_hh[0', 'process.exit()'])
      assert.equal(parseExpression(bad), undefined, bad);
  });

  it("h_1 at the seed's h step is tanh(0.5) to the last bit", () => {
    const e = ok(evaluateExpression(trace, 1, 'h_1'));
    assert.deepEqual(e.ref, { name: 'h', t: 1 });
    assert.deepEqual(Array.from(e.tensor.data), [SEED_H1]);
    assert.deepEqual(selection(ok(evaluateExpression(trace, 1, 'h_1[0]'))), { number: SEED_H1 });
    assert.equal(result(1, 'h_1[0]'), '0.46211715726000974');
    assert.equal(result(1, 'h₁'), '[0.4621] (1)');
    // Without a timestep: the current step's.
    assert.deepEqual(ok(evaluateExpression(trace, 1, 'h')).ref, { name: 'h', t: 1 });
    assert.deepEqual(ok(evaluateExpression(trace, 6, 'x')).ref, { name: 'x', t: 2 });
  });

  it('dW_hh is the running sum: 0 before BPTT, ∂L/∂W_hh = 0.452094511014637… at the end', () => {
    assert.equal(result(0, 'dW_hh[0][0]'), '0');
    assert.equal(result(last, 'dW_hh[0][0]'), String(trace.grads.W_hh.data[0]));
    assert.ok(result(last, 'dW_hh[0][0]').startsWith('0.452094511014637'));
    assert.equal(result(last, 'dW_hh'), '[[0.4521]] (1×1)');
    // The update: W_hh′ = 0.2 − 0.1 · ∂L/∂W_hh (no clipping).
    assert.equal(Number(result(last, "W_hh'[0][0]")), 0.2 - 0.1 * trace.grads.W_hh.data[0]);
  });

  it('reads parameters, rows, inputs, targets, h₀ and the scalars', () => {
    assert.equal(result(0, 'W_xh[0][2]'), '0.8');
    assert.equal(result(0, 'W_hy[2]'), '[−0.5] (1)');
    assert.equal(result(0, 'x_2'), '[0, 1, 0, 0] (4)');
    assert.equal(result(0, 'target_2'), '[0, 0, 1, 0] (4)');
    assert.equal(result(0, 'h_0'), '[0] (1)');
    assert.equal(result(lossStep, 'L'), String(trace.loss));
    assert.equal(result(4, 'loss_1'), String(trace.losses[0]));
    assert.equal(result(last, 'gradNorm'), String(trace.gradNorm));
    assert.equal(result(last, 'clipFactor'), '1');
  });

  it('says what is wrong: unknown, not computed yet, no timestep, out of range', () => {
    assert.match(error(evaluateExpression(trace, 0, 'foo')), /unknown name "foo": try h_1, x_1/);
    assert.match(error(evaluateExpression(trace, 0, 'W_hh + 1')), /cannot read "W_hh \+ 1"/);
    assert.equal(
      error(evaluateExpression(trace, 1, 'h_2')),
      'h₂ is not computed yet at step 2 (hidden state h₁): it is computed at step 7 (hidden state h₂)',
    );
    assert.match(
      error(evaluateExpression(trace, 0, 'L')),
      /^L is not computed yet at step 1 .*: it is computed at step 21 \(total loss L\)$/,
    );
    assert.match(error(evaluateExpression(trace, lossStep, 'h')), /^h needs a timestep here: h_1 … h_4$/);
    assert.match(error(evaluateExpression(trace, 0, 'h_5')), /^h has timesteps 0 … 4, not 5$/);
    assert.match(error(evaluateExpression(trace, 0, 'x_0')), /^x has timesteps 1 … 4, not 0$/);
    assert.match(error(evaluateExpression(trace, 0, 'W_hh_2')), /W_hh has no timesteps/);
    assert.match(
      error(evaluateExpression(trace, 0, 'W_hh[0][3]')),
      /^W_hh has shape 1×1: index \[0\]\[3\] is out of range$/,
    );
    assert.match(error(evaluateExpression(trace, 1, 'h_1[0][0][0]')), /too many/);
    assert.match(error(evaluateExpression(trace, 0, 'c_1')), /unknown name "c"/, 'an rnn has no cell state');
  });

  it('a target-less timestep says so', () => {
    const { trace: m2o } = loadExample('sentiment-many-to-one.rnn.json');
    const t = m2o.model.targets.kind === 'tokens' ? Array.from(m2o.model.targets.ids).findIndex((id) => id < 0) + 1 : 0;
    assert.ok(t > 0, 'the many-to-one example has a step without a target');
    assert.equal(error(evaluateExpression(m2o, 0, `target_${t}`)), `timestep ${t} has no target`);
  });
});
