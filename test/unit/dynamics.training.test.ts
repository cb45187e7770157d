// Training statistics: the gradient norm before clipping, the clip factor and the learning rate
// that train records per step, against the engine's own single run (runModel) and against an
// independent recomputation; and the replay of any iteration, bit for bit.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { train, withParams } from '../../src/engine/compute/optimize';
import { iterationModel, trainWithCheckpoints } from '../../src/engine/dynamics/trainingReplay';
import { PARAM_NAMES, type Model } from '../../src/engine/model';
import { assertSameBits } from './fixtures/close';
import { buildModel, randomModel, SEED } from './fixtures/models';
import { parsedExample } from './dynamics.fixtures';

/** ‖g‖ of a gradient set, summed in PARAM_NAMES order with one accumulator (optimize.ts's order). */
function norm(m: Model, grads: Record<string, { data: Float64Array }>): number {
  let ss = 0;
  for (const p of PARAM_NAMES[m.cell]) for (const v of grads[p].data) ss += v * v;
  return Math.sqrt(ss);
}

const MODELS: [string, Model][] = [
  ['hi-there-class (no clipping)', buildModel(SEED)],
  ['lstm-hello (clipNorm 5)', parsedExample('lstm-hello.rnn.json')],
  [
    'a gru clipped on every step (clipNorm 0.1)',
    randomModel({
      cell: 'gru',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      clipNorm: 0.1,
      T: 7,
      seed: 12,
    }),
  ],
  [
    'an rnn with mean mse and null targets (clipNorm 0.1)',
    randomModel({
      cell: 'rnn',
      input: 'vectors',
      loss: 'mse',
      reduction: 'mean',
      nulls: true,
      clipNorm: 0.1,
      seed: 13,
    }),
  ],
];

describe('dynamics: training statistics', () => {
  for (const [label, model] of MODELS) {
    it(`${label}: each step's ‖g‖, clip factor and η are the ones its update used`, () => {
      const steps = 6;
      const r = train(model, steps);
      assert.equal(r.gradNorms.length, steps);
      let m = model;
      for (let k = 0; k < steps; k++) {
        const trace = runModel(m); // iteration k, run alone
        assert.equal(r.losses[k], trace.loss, `loss ${k}`);
        assert.equal(r.gradNorms[k], trace.gradNorm, `gradNorm ${k}`);
        assert.equal(r.gradNorms[k], norm(m, trace.grads), `gradNorm ${k} recomputed`);
        const c = m.train.clipNorm === null ? 1 : Math.min(1, m.train.clipNorm / (r.gradNorms[k] + 1e-6));
        assert.equal(r.clipFactors[k], c, `clipFactor ${k}`);
        assert.equal(r.learningRates[k], m.train.learningRate);
        // the update is θ − η · (c · g) with exactly these numbers
        for (const p of PARAM_NAMES[m.cell]) {
          const want = m.params[p].data.map(
            (v, i) => v - r.learningRates[k] * (r.clipFactors[k] * trace.grads[p].data[i]),
          );
          assertSameBits(trace.updated[p].data, want, `${p} after step ${k}`);
        }
        m = withParams(m, trace.updated);
      }
      for (const p of PARAM_NAMES[model.cell]) assertSameBits(r.params[p].data, m.params[p].data, `${p} at the end`);
    });
  }

  it('clipping shows: factor < 1 exactly when ‖g‖ + 1e-6 > clipNorm', () => {
    const [, m] = MODELS[2];
    const r = train(m, 5);
    r.gradNorms.forEach((g, k) => assert.equal(r.clipFactors[k] < 1, g + 1e-6 > 0.1, `step ${k}: ‖g‖ ${g}`));
    assert.ok(
      r.clipFactors.some((c) => c < 1),
      'the fixture clips',
    );
  });

  it('onStep sees the same statistics, and stopping early keeps the arrays the same length', () => {
    const [, m] = MODELS[1];
    const seen: number[][] = [];
    const r = train(m, 10, (k, loss, s) => {
      seen.push([loss, s.gradNorm, s.clipFactor, s.learningRate]);
      return k < 3;
    });
    assert.equal(r.losses.length, 4);
    assert.deepEqual(
      seen,
      r.losses.map((l, k) => [l, r.gradNorms[k], r.clipFactors[k], r.learningRates[k]]),
    );
    assert.deepEqual([r.gradNorms.length, r.clipFactors.length, r.learningRates.length], [4, 4, 4]);
  });

  it('any iteration replays exactly: from the start, and from checkpoints', () => {
    for (const [label, model] of MODELS) {
      const record = trainWithCheckpoints(model, 23, 5);
      const plain = train(model, 23);
      assert.deepEqual(record.losses, plain.losses, `${label}: chunked training is the same training`);
      assert.deepEqual(record.gradNorms, plain.gradNorms);
      assert.deepEqual([...record.checkpoints.keys()], [0, 5, 10, 15, 20]);
      for (const k of [0, 4, 5, 17, 22]) {
        for (const m of [iterationModel(model, k), iterationModel(model, k, record)]) {
          const trace = runModel(m);
          assert.equal(trace.loss, plain.losses[k], `${label}: loss of iteration ${k}`);
          assert.equal(trace.gradNorm, plain.gradNorms[k], `${label}: ‖g‖ of iteration ${k}`);
          assert.equal(trace.clipFactor, plain.clipFactors[k]);
        }
      }
      assert.throws(() => iterationModel(model, 23, record), /iteration 24 was not run/);
    }
  });
});
