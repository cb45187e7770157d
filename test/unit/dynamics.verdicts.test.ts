// What the dynamics say: a model built to vanish and one built to explode are classified as such,
// with the numbers the construction predicts; saturation counted against the recorded run; the
// sentences; the comparison of cells.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { train } from '../../src/engine/compute/optimize';
import { compareCells, modelWithCell } from '../../src/engine/dynamics/compareCells';
import { analyzeDynamics, dynamicsRefusal, flowWork } from '../../src/engine/dynamics/dynamics';
import { connectivity, connectivityWork } from '../../src/engine/dynamics/connectivity';
import { gradientFlow } from '../../src/engine/dynamics/gradientFlow';
import { readableFactor, readablePercent } from '../../src/engine/dynamics/sentences';
import { summarizeFlow } from '../../src/engine/dynamics/verdicts';
import { initParams } from '../../src/engine/parse/init';
import type { Model } from '../../src/engine/model';
import { assertClose } from './fixtures/close';
import { randomModel } from './fixtures/models';
import { gainModel, parsedExample } from './dynamics.fixtures';

describe('dynamics: verdicts and sentences', () => {
  it('small W_hh (ρ = 0.3): vanishing, the gradient shrinking ×0.3 per step as built', () => {
    const d = analyzeDynamics(gainModel(0.3));
    assert.equal(d.flowSummary.verdict, 'vanishing');
    assert.equal(d.flowSummary.t, 12);
    assertClose(d.flowSummary.perStep, 0.3, 1e-6, 'per step'); // tanh′ = 1 − O(1e-8) in the linear range
    assertClose(d.flowSummary.ratio, 0.3 ** 11, 1e-9, 'over 11 steps');
    assertClose(d.spectra.W_hh.radius, 0.3, 1e-14, 'ρ');
    assertClose(d.spectra.W_hh.norm, 0.3, 1e-14, '‖W_hh‖₂');
    assert.equal(d.flowSummary.reach, 9); // 0.3³ = 0.027 ≥ 1%, 0.3⁴ = 0.0081 < 1%
    assert.match(
      d.sentences.flow,
      /^The gradient from step 12 shrinks by 1\.8·10⁻⁶ before it reaches step 1 \(×0\.3 per step\): the model can hardly learn this dependency; it keeps 1% of its size only back to step 9\.$/,
    );
    assert.match(d.sentences.spectralRadius, /‖W_hh‖₂ = 0\.3 < 1: .* vanishes whatever the inputs/);
  });

  it('large W_hh (ρ = 2) in the linear range: exploding, ×2 per step', () => {
    const d = analyzeDynamics(gainModel(2));
    assert.equal(d.flowSummary.verdict, 'exploding');
    assertClose(d.flowSummary.perStep, 2, 1e-6, 'per step');
    assert.ok(d.flowSummary.ratio > 2000, `ratio ${d.flowSummary.ratio}`);
    assert.match(d.sentences.flow, /grows by 2000 before it reaches step 1 \(×2 per step\): it explodes/);
    assert.match(d.sentences.spectralRadius, /^ρ\(W_hh\) = 2 > 1: powers of W_hh grow/);
  });

  it('ρ = 1 exactly (a rotation): neither — the gradient keeps its size', () => {
    const d = analyzeDynamics(gainModel(1));
    assert.equal(d.flowSummary.verdict, 'stable');
    assertClose(d.flowSummary.ratio, 1, 1e-6, 'ratio');
    assert.equal(d.flowSummary.reach, 1);
  });

  it('over ~60 steps the "cannot learn" wording, and a huge W_hh saturates tanh and vanishes instead', () => {
    assert.match(analyzeDynamics(gainModel(0.5, 60)).sentences.flow, /the model cannot learn this dependency/);
    // gain 6 with inputs that drive tanh to ±1: tanh′ ≈ 0 stops the gradient despite ρ = 6
    const m = gainModel(6, 20);
    const loud: Model = {
      ...m,
      inputs: {
        kind: 'vectors',
        data: m.inputs.kind === 'vectors' ? m.inputs.data.map((v) => v * 3e7) : new Float64Array(),
      },
    };
    const d = analyzeDynamics(loud);
    assert.equal(d.flowSummary.verdict, 'vanishing');
    assert.ok(d.saturation.h.fraction > 0.5, `h saturated ${d.saturation.h.fraction}`);
  });

  it('no target, a single-step loss, a non-finite run', () => {
    const m = gainModel(0.5, 4);
    assert.equal(summarizeFlow(gradientFlow({ ...m, targets: { kind: 'none' } })).verdict, 'no-loss');
    const first: Model = {
      ...m,
      targets: { kind: 'vectors', data: new Float64Array(8), mask: Uint8Array.of(1, 0, 0, 0) },
    };
    assert.equal(summarizeFlow(gradientFlow(first)).verdict, 'short');
    const nan: Model = { ...m, h0: Float64Array.of(NaN, 0, 0, 0) };
    const s = summarizeFlow(gradientFlow(nan));
    assert.equal(s.verdict, 'non-finite');
    assert.deepEqual(s.nonFiniteAt, { t: 4, k: 0 });
  });

  it('saturation counts exactly the recorded values beyond the thresholds', () => {
    for (const cell of ['lstm', 'gru'] as const) {
      const m = randomModel({ cell, input: 'vectors', loss: 'mse', reduction: 'sum', T: 30, H: 5, scale: 3, seed: 21 });
      const d = analyzeDynamics(m);
      const series = runModel(m).series;
      const gates = cell === 'lstm' ? { i: 's', f: 's', g: 't', o: 's' } : { r: 's', z: 's', n: 't' };
      assert.deepEqual(Object.keys(d.saturation), Object.keys(gates));
      for (const [g, kind] of Object.entries(gates)) {
        const v = Array.from(series[g]);
        const low = v.filter((x) => (kind === 's' ? x < 0.05 : x < -0.95)).length / v.length;
        const high = v.filter((x) => x > 0.95).length / v.length;
        assert.equal(d.saturation[g].low, low, `${cell} ${g} low`);
        assert.equal(d.saturation[g].high, high, `${cell} ${g} high`);
        assert.equal(d.saturation[g].fraction, (v.length * low + v.length * high) / v.length);
      }
      assert.ok(
        Object.values(d.saturation).some((s) => s.fraction > 0.2),
        'scale 3 saturates something',
      );
      assert.match(d.sentences.saturation, /^Saturated \(σ < 0\.05 or > 0\.95, tanh beyond ±0\.95\): /);
    }
    assert.deepEqual(
      analyzeDynamics(
        randomModel({ cell: 'rnn', activation: 'relu', input: 'tokens', loss: 'mse', reduction: 'sum', seed: 2 }),
      ).saturation,
      {},
    );
  });

  it('numbers in sentences: 2 significant digits, powers of ten outside [10⁻³, 10⁴)', () => {
    assert.deepEqual([0.59, 0.0044, 1.7, 250, 1.6e-23, 1e-6, 3.04e5, -2e-7, 0, Infinity].map(readableFactor), [
      '0.59',
      '0.0044',
      '1.7',
      '250',
      '1.6·10⁻²³',
      '10⁻⁶',
      '3.0·10⁵',
      '−2.0·10⁻⁷',
      '0',
      '∞',
    ]);
    assert.deepEqual([0, 0.0004, 0.004, 0.62, 1].map(readablePercent), ['0%', '<0.1%', '0.4%', '62%', '100%']);
  });

  it('the work estimates: the flow exactly, the connectivity an upper bound; connectivity can be left out', () => {
    const m = randomModel({
      cell: 'lstm',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      T: 9,
      H: 4,
      I: 6,
      O: 5,
      seed: 6,
    });
    assert.equal(gradientFlow(m).multiplyAdds, flowWork(m));
    const c = connectivity(m).multiplyAdds;
    assert.ok(c <= connectivityWork(m) && c > 0.8 * connectivityWork(m), `${c} vs ${connectivityWork(m)}`);
    const d = analyzeDynamics(m, { connectivity: 'never' });
    assert.equal(d.connectivity, null);
    assert.equal(d.sentences.connectivity, 'The connectivity was not computed.');
  });

  it('too long to analyse: refused with the reason', () => {
    const m = randomModel({
      cell: 'rnn',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      T: 2001,
      H: 2,
      seed: 1,
    });
    assert.match(dynamicsRefusal(m) ?? '', /at most 2000 timesteps/);
    assert.throws(() => analyzeDynamics(m), /at most 2000 timesteps/);
  });
});

describe('dynamics: compare cells', () => {
  it("each cell runs the file's sequence; the file's own weights for its cell, its init seed for the others", () => {
    const m = parsedExample('lstm-hello.rnn.json'); // lstm, init seed 7
    const c = compareCells(m, 4);
    assert.deepEqual(
      c.runs.map((r) => [r.cell, r.weights.source]),
      [
        ['rnn', 'init'],
        ['lstm', 'file'],
        ['gru', 'init'],
      ],
    );
    for (const r of c.runs) {
      const { model } = modelWithCell(m, r.cell);
      if (r.cell !== 'lstm') {
        const drawn = initParams(r.cell, 4, 3, 4, 7, 1 / Math.sqrt(3));
        for (const [p, t] of Object.entries(drawn)) assert.deepEqual(model.params[p].data, t.data, `${r.cell} ${p}`);
      }
      const trained = train(model, 4);
      assert.deepEqual(r.losses, trained.losses, `${r.cell}: the same training as train()`);
      assert.deepEqual(r.clipFactors, trained.clipFactors);
      assert.deepEqual(r.flowBefore.values, gradientFlow(model).values);
      assert.deepEqual(r.flowAfter.values, gradientFlow({ ...model, params: trained.params }).values);
      assert.equal(model.steps, m.steps);
      assert.deepEqual(model.inputs, m.inputs);
    }
    const all = c.runs.flatMap((r) => [...r.flowBefore.values, ...r.flowAfter.values]).filter((v) => v > 0);
    assert.deepEqual(c.flowRange, { min: Math.min(...all), max: Math.max(...all) });
  });

  it('a file with written-out weights: the other cells are drawn with seed 1; a relu rnn stays relu', () => {
    const m = randomModel({
      cell: 'rnn',
      activation: 'relu',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      seed: 3,
    });
    const gru = modelWithCell(m, 'gru');
    assert.deepEqual(gru.weights, { source: 'init', seed: 1, scale: 1 / Math.sqrt(3) });
    assert.equal(modelWithCell(m, 'rnn').model.activation, 'relu');
    assert.equal(modelWithCell(modelWithCell(m, 'lstm').model, 'rnn').model.activation, 'tanh');
  });
});
