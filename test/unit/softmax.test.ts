// Softmax and cross-entropy stay finite and exact with logits near ±1000, where exp alone
// overflows (e^1000 = Infinity) or underflows (e^−1000 = 0): the engine subtracts the largest
// logit first and takes ℓ_t as log-sum-exp minus the target's logit (compute/loss.ts). The
// expected numbers are computed here independently, in closed form.
import { strict as assert } from 'node:assert';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import type { Model } from '../../src/engine/model';

/** One hidden unit saturated at h = tanh(20) = 1 (exactly, in float64), so y_t = W_hy + b_y. */
function model(logits: number[], target: number): Model {
  const classes = logits.map((_, i) => `c${i}`);
  const r = parseModel(
    JSON.stringify({
      vocab: ['x'],
      classes,
      inputs: ['x'],
      targets: [classes[target]],
      weights: { W_xh: [[20]], W_hh: [[0]], b_h: [0], W_hy: logits.map((v) => [v]), b_y: logits.map(() => 0) },
    }),
  );
  assert.ok(r.model, JSON.stringify(r.problems));
  return r.model;
}

const close = (a: number, b: number, rel = 1e-15): void =>
  assert.ok(Math.abs(a - b) <= rel * Math.max(1, Math.abs(b)), `${a} ≠ ${b}`);
/** ℓ = (m + log s) − y[target] adds and removes a logit of size 1000, whose last bit is 1.1e-13:
 *  a loss near 1 is exact to a few of those. */
const closeLoss = (a: number, b: number): void => assert.ok(Math.abs(a - b) <= 1e-12, `${a} ≠ ${b}`);

describe('softmax and cross-entropy at logits near ±1000', () => {
  it('h = tanh(20) is exactly 1, so the logits are exactly W_hy', () => {
    assert.equal(Math.tanh(20), 1);
    const trace = runModel(model([1000, -1000, 999], 0));
    assert.deepEqual(Array.from(trace.series.y), [1000, -1000, 999]);
  });

  it('logits 1000, −1000, 999: p = (1/(1+e⁻¹), 0, e⁻¹/(1+e⁻¹)), ℓ = 2000 + log(1+e⁻¹) for the −1000 class', () => {
    const trace = runModel(model([1000, -1000, 999], 1));
    const e = Math.exp(-1);
    const p = Array.from(trace.series.p);
    close(p[0], 1 / (1 + e));
    assert.equal(p[1], 0); // e^−2000 underflows to 0 in any order of evaluation
    close(p[2], e / (1 + e));
    close(trace.losses[0], 2000 + Math.log1p(e));
    close(trace.loss, 2000 + Math.log1p(e));
    const dy = Array.from(trace.series.dy);
    close(dy[0], 1 / (1 + e));
    assert.equal(dy[1], -1);
    close(dy[2], e / (1 + e));
    assert.equal(trace.nonFinite, null);
  });

  it('logits −1000 and −1001 (every e^y underflows): p = (1/(1+e⁻¹), e⁻¹/(1+e⁻¹)), ℓ = log(1+e⁻¹)', () => {
    const trace = runModel(model([-1000, -1001], 0));
    const e = Math.exp(-1);
    close(trace.series.p[0], 1 / (1 + e));
    close(trace.series.p[1], e / (1 + e));
    closeLoss(trace.losses[0], Math.log1p(e));
    assert.equal(trace.nonFinite, null);
  });

  it('logits 1000 and 1000: p = ½ each, ℓ = log 2', () => {
    const trace = runModel(model([1000, 1000], 1));
    assert.deepEqual(Array.from(trace.series.p), [0.5, 0.5]);
    closeLoss(trace.losses[0], Math.LN2);
    for (const g of Object.values(trace.grads)) for (const v of g.data) assert.ok(Number.isFinite(v));
  });
});
