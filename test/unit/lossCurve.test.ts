// The panel's loss curve for long training runs: bounded size, spikes and floor kept, exact values.
import assert from 'node:assert/strict';
import { downsampleLosses, LOSS_CURVE_BUCKETS } from '../../src/shared/lossCurve';
import { trainingMessage } from '../../src/host/panel/trainingMessage';

describe('loss curve downsampling', () => {
  it('keeps a short curve whole, with its step numbers', () => {
    const losses = [5.5, 5.2, Number.NaN, 4.9];
    const c = downsampleLosses(losses);
    assert.deepEqual(c.steps, [0, 1, 2, 3]);
    assert.deepEqual(c.losses, losses);
  });

  it('bounds a million-step curve and keeps its extremes, its last loss and step order', () => {
    const n = 1_000_000;
    const losses = Array.from({ length: n }, (_, k) => 10 / (1 + k / 1000));
    losses[123_457] = 99; // a spike
    losses[777_777] = -1; // a dip
    const c = downsampleLosses(losses);
    assert.ok(c.losses.length <= 2 * LOSS_CURVE_BUCKETS + 1, `${c.losses.length} points`);
    assert.ok(c.steps.includes(123_457) && c.steps.includes(777_777), 'the spike and the dip survive');
    assert.equal(c.steps[0], 0);
    assert.equal(c.steps[c.steps.length - 1], n - 1);
    for (let j = 0; j < c.steps.length; j++) {
      assert.equal(c.losses[j], losses[c.steps[j]], 'every point is an exact loss of its step');
      if (j > 0) assert.ok(c.steps[j] > c.steps[j - 1], 'in step order');
    }
  });

  it('is what the panel is sent', () => {
    const losses = Array.from({ length: 5000 }, (_, k) => 1 / (k + 1));
    const m = trainingMessage({ state: 'running', step: 5000, total: 10000, losses });
    assert.equal(m.losses.length, m.lossSteps.length);
    assert.ok(m.losses.length < losses.length);
    assert.equal(m.lossSteps[m.lossSteps.length - 1], 4999);
  });
});
