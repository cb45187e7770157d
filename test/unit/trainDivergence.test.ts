// Training that diverges: a model whose SGD overshoots (η = 2 on a relu unit) grows ×3 per step
// until ‖g‖ overflows. `train` names the first step that is not finite (stopping there unless
// told to go on), with the same record runModel gives for that step's weights. The step is
// found here independently, by the same model written out as a scalar recurrence.
import { strict as assert } from 'node:assert';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { train, withParams } from '../../src/engine/compute/optimize';
import type { Model } from '../../src/engine/model';

const DIVERGENT = {
  activation: 'relu',
  inputs: [[1], [1]],
  targets: [[1], [2]],
  weights: { W_xh: [[1]], W_hh: [[0.5]], b_h: [0], W_hy: [[1]], b_y: [0] },
  train: { learningRate: 2, steps: 1000 },
};

function divergent(): Model {
  const r = parseModel(JSON.stringify(DIVERGENT));
  assert.ok(r.model);
  return r.model;
}

/** The same training as scalars: forward, mse (sum), BPTT, ‖g‖, SGD. Returns the first 0-based
 *  step whose loss, ‖g‖ or update is not finite, and the losses before it. */
function reference(steps: number): { first: number; losses: number[] } {
  let [wx, wh, b, wy, by] = [1, 0.5, 0, 1, 0];
  const x = [1, 1],
    target = [1, 2];
  const losses: number[] = [];
  for (let k = 0; k < steps; k++) {
    const a: number[] = [],
      h = [0];
    for (let t = 0; t < 2; t++) {
      a.push(wh * h[t] + wx * x[t] + b);
      h.push(a[t] > 0 ? a[t] : 0);
    }
    const y = [wy * h[1] + by, wy * h[2] + by];
    const dy = [y[0] - target[0], y[1] - target[1]];
    const loss = 0.5 * dy[0] * dy[0] + 0.5 * dy[1] * dy[1];
    let [gx, gh, gb, gy, gby] = [0, 0, 0, 0, 0];
    let next = 0;
    for (let t = 1; t >= 0; t--) {
      gy += dy[t] * h[t + 1];
      gby += dy[t];
      const dh = wy * dy[t] + next;
      const da = a[t] > 0 ? dh : 0;
      gx += da * x[t];
      gh += da * h[t];
      gb += da;
      next = wh * da;
    }
    const norm = Math.sqrt(gx * gx + gh * gh + gb * gb + gy * gy + gby * gby);
    const upd = [wx - 2 * gx, wh - 2 * gh, b - 2 * gb, wy - 2 * gy, by - 2 * gby];
    if (!Number.isFinite(loss) || !Number.isFinite(norm) || !upd.every(Number.isFinite)) return { first: k, losses };
    losses.push(loss);
    [wx, wh, b, wy, by] = upd;
  }
  return { first: -1, losses };
}

describe('training that diverges', () => {
  const ref = reference(1000);

  it('the scalar reference diverges (so the test below is not vacuous)', () => {
    assert.ok(ref.first > 10 && ref.first < 1000, String(ref.first));
    assert.ok(ref.losses[ref.losses.length - 1] > 1e300);
  });

  it('train stops at the first divergent step and names it; the weights are those before it', () => {
    const model = divergent();
    const r = train(model, 1000, undefined, { stopOnNonFinite: true });
    assert.ok(r.divergence);
    assert.equal(r.divergence.step, ref.first);
    assert.equal(r.losses.length, ref.first + 1, 'the losses up to and including the divergent step');
    ref.losses.forEach((l, k) => assert.ok(Math.abs(r.losses[k] - l) <= 1e-9 * Math.abs(l), `loss ${k}`));
    // The record is what a run of those weights reports: the same place, the same cause.
    const again = runModel(withParams(model, r.params));
    assert.deepEqual(again.nonFinite, r.divergence.nonFinite);
    assert.equal(r.divergence.nonFinite.tensor, 'gradNorm');
    assert.equal(r.divergence.nonFinite.cause, 'norm-overflow');
    for (const p of Object.values(r.params)) for (const v of p.data) assert.ok(Number.isFinite(v));
  });

  it('--keep-going: every step is taken, the first divergent one is still named', () => {
    const r = train(divergent(), 1000);
    assert.equal(r.losses.length, 1000);
    assert.equal(r.divergence?.step, ref.first);
    assert.ok(Number.isNaN(r.losses[999]));
  });

  it('a training that stays finite reports no divergence', () => {
    const model = withParams(divergent(), divergent().params);
    const calm = train({ ...model, train: { ...model.train, learningRate: 0.01 } }, 50, undefined, {
      stopOnNonFinite: true,
    });
    assert.equal(calm.divergence, null);
    assert.equal(calm.losses.length, 50);
  });
});
