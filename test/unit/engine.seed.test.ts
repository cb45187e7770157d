// The seed document's worked examples, number by number.
import assert from 'node:assert/strict';
import { runModel } from '../../src/engine/compute/run';
import { seriesRow } from '../../src/engine/trace/trace';
import { buildModel, exampleFile, SEED } from './fixtures/models';
import { assertAllClose, assertClose } from './fixtures/close';

describe('engine: the seed example (hidden size 1)', () => {
  const trace = runModel(buildModel(SEED));
  const h = [0.46211715726000974, -0.20464571679388185, 0.6405293508298561, 0.12740965340755267];

  it('hidden states h_1…h_4', () => {
    assertAllClose(trace.series.h, h, 1e-12, 'h');
    // and they are tanh of the pre-activations the seed writes out
    assertAllClose(trace.series.a, [0.5, -0.3 + 0.2 * h[0], 0.8 + 0.2 * h[1], 0.2 * h[2]], 1e-15, 'a');
  });

  it('per-step losses, total and mean', () => {
    assertAllClose(
      trace.losses,
      [1.3038836248184211, 1.2393441229841993, 1.609624739367793, 1.4206817583023288],
      1e-12,
      'ℓ',
    );
    assertClose(trace.loss, 5.57353424547274, 1e-12, 'L');
    assert.equal(trace.targetCount, 4);
    const mean = runModel(buildModel({ ...SEED, reduction: 'mean' }));
    assertClose(mean.loss, 1.3933835613681855, 1e-12, 'mean L');
    assert.equal(mean.lossSum, trace.lossSum);
  });

  it('gradients', () => {
    assertClose(trace.grads.W_hh.data[0], 0.452094511014637, 1e-12, '∂L/∂W_hh');
    assertAllClose(
      trace.grads.W_hy.data,
      [0.392458006497429, -0.175724932545058, 0.346273097659059, -0.563006171611431],
      1e-12,
      '∂L/∂W_hy',
    );
    assert.deepEqual(trace.grads.W_hy.shape, [4, 1]);
    assertClose(trace.grads.b_h.data[0], 1.3226473502170562, 1e-12, '∂L/∂b_h');
    assertAllClose(
      trace.grads.W_xh.data,
      [0.027609473508349962, 0.7141787364790343, 0.2957932315495087, 0.2850659086801632],
      1e-12,
      '∂L/∂W_xh',
    );
    // Each word occurs once, so ∂L/∂W_xh[word] is that step's δa, and ∂L/∂b_h is their sum.
    const da = trace.series.da;
    assertAllClose(trace.grads.W_xh.data, da, 0, 'δa_t = ∂L/∂W_xh[x_t]');
    assertClose(trace.grads.b_h.data[0], da[3] + da[2] + da[1] + da[0], 0, '∂L/∂b_h = Σ δa');
  });

  it('δa_t and δh_next as the seed derives them (its δa_4 slip corrected)', () => {
    // Independently: δa_4 = (Σ_j (p_4j − y_4j) W_y,j) (1 − h_4²) with p_4 = softmax(h_4 · W_y).
    const wy = [1, 0.5, -0.5, 0];
    const e = wy.map((w) => Math.exp(w * h[3]));
    const s = e[0] + e[1] + e[2] + e[3];
    const p = e.map((v) => v / s);
    const dhOut4 = p[0] * 1 + p[1] * 0.5 + p[2] * -0.5 + (p[3] - 1) * 0;
    const da4 = dhOut4 * (1 - h[3] * h[3]);
    assertClose(seriesRow(trace, 'dh_out', 4)[0], dhOut4, 1e-15, 'δh_out_4');
    assertClose(seriesRow(trace, 'da', 4)[0], da4, 1e-15, 'δa_4');
    assertClose(da4, 0.2850659086801632, 1e-15, 'δa_4 = ∂L/∂W_x[!]');
    assert.ok(Math.abs(da4 - 0.28491384) > 1e-4, 'the seed prints δa_4 ≈ 0.28491384, which is a rounding slip');
    // The seed's correct intermediates, to the digits it prints.
    assertClose(seriesRow(trace, 'da', 3)[0], 0.29579323, 5e-9, 'δa_3');
    assertClose(seriesRow(trace, 'da', 2)[0], 0.7141787365, 5e-11, 'δa_2');
    assertClose(seriesRow(trace, 'da', 1)[0], 0.0276094735, 5e-11, 'δa_1');
    assertClose(seriesRow(trace, 'dh_next', 2)[0], 0.059158646, 5e-10, 'δh_next into h_2 (from t = 3)');
    assertClose(seriesRow(trace, 'dh_next', 1)[0], 0.1428357473, 5e-11, 'δh_next into h_1 (from t = 2)');
    assertClose(trace.dh0[0], 0.005521895, 5e-10, 'δh_0');
    assert.equal(seriesRow(trace, 'dh_next', 4)[0], 0);
    // δh_next_t = W_hh δa_{t+1} exactly (hidden size 1); the seed's 0.05698277 inherits its δa_4 slip.
    for (let t = 1; t < 4; t++) assert.equal(seriesRow(trace, 'dh_next', t)[0], 0.2 * seriesRow(trace, 'da', t + 1)[0]);
    assertClose(seriesRow(trace, 'dh_next', 3)[0], 0.2 * da4, 1e-15, 'δh_next into h_3');
  });

  it('one SGD step with η = 0.1', () => {
    const g = trace.grads;
    assert.equal(trace.clipFactor, 1);
    assertClose(trace.updated.W_hh.data[0], 0.2 - 0.1 * 0.452094511014637, 1e-12, "W_hh'");
    assertClose(trace.updated.W_hh.data[0], 0.1547905489, 5e-11, "W_hh' as the seed prints it");
    assertAllClose(
      trace.updated.W_hy.data,
      [1, 0.5, -0.5, 0].map((w, k) => w - 0.1 * g.W_hy.data[k]),
      0,
      "W_hy'",
    );
    assertAllClose(
      trace.updated.W_hy.data,
      [0.9607542, 0.51757249, -0.53462731, 0.05630062],
      5e-9,
      "W_hy' as the seed prints it",
    );
    assertAllClose(
      trace.updated.W_xh.data,
      [0.49723905, -0.37141787, 0.77042068, -0.02850659],
      5e-9,
      "W_xh' as the seed prints it",
    );
    assertAllClose(
      trace.updated.W_xh.data,
      [
        0.5 - 0.1 * 0.027609473508349962,
        -0.3 - 0.1 * 0.7141787364790343,
        0.8 - 0.1 * 0.2957932315495087,
        0 - 0.1 * 0.2850659086801632,
      ],
      1e-12,
      "W_xh'",
    );
    assertClose(trace.updated.b_h.data[0], -0.1 * 1.3226473502170562, 1e-12, "b_h'");
  });
});

describe('engine: the seed example with 2 hidden units', () => {
  const trace = runModel(buildModel(exampleFile('hi-there-2-unit.rnn.json')));

  it('h_1 = tanh([0.6, −0.1]) ≈ [0.53705, −0.09967]', () => {
    const h1 = seriesRow(trace, 'h', 1);
    assert.equal(h1[0], Math.tanh(0.6));
    assert.equal(h1[1], Math.tanh(-0.1));
    assertAllClose(h1, [0.53705, -0.09967], 5e-6, 'h_1');
  });

  it('h_2 from W_hh h_1 + W_xh x_2 + b_h (the seed rounds it to [0.311, 0.842])', () => {
    const [p, q] = [Math.tanh(0.6), Math.tanh(-0.1)];
    const h2 = [Math.tanh(0.3 * p + 0.4 * q + 0.1 + 0.1), Math.tanh(0.6 * p - 0.1 * q + 0.8 + 0.1)];
    assertAllClose(seriesRow(trace, 'h', 2), h2, 1e-15, 'h_2');
    assertClose(h2[0], 0.311, 5e-4, 'h_2[0]');
    assert.ok(Math.abs(h2[1] - 0.842) > 1e-3 && Math.abs(h2[1] - 0.8434) < 5e-4, `h_2[1] = ${h2[1]}`);
  });
});
