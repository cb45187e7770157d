// Sampling: reproducible per seed, each step's distribution the softmax of the recorded logits at the
// temperature, each choice the inverse-CDF pick of the recorded draw, and the sampled run a model
// the engine replays to the same bits.
import { strict as assert } from 'node:assert';
import { runModel } from '../../src/engine/compute/run';
import { choose, sample, sampleOptionsProblem, samplingRefusal } from '../../src/engine/dynamics/sampling';
import type { Model } from '../../src/engine/model';
import { mulberry32 } from '../../src/engine/parse/init';
import { assertClose, assertSameBits } from './fixtures/close';
import { randomModel } from './fixtures/models';
import { parsedExample } from './dynamics.fixtures';

/** A token model whose classes are its vocab, of each cell. */
function tokenModel(cell: 'rnn' | 'lstm' | 'gru', seed: number): Model {
  const m = randomModel({ cell, input: 'tokens', loss: 'cross-entropy', reduction: 'sum', H: 6, I: 5, O: 5, seed });
  return { ...m, classes: m.vocab };
}

describe('dynamics: sampling', () => {
  for (const cell of ['rnn', 'lstm', 'gru'] as const) {
    it(`${cell}: the same seed gives the same tokens; another seed others`, () => {
      const m = tokenModel(cell, 30);
      const a = sample(m, { from: 'v2', length: 40, temperature: 1.3, seed: 9 });
      const b = sample(m, { from: 'v2', length: 40, temperature: 1.3, seed: 9 });
      const c = sample(m, { from: 'v2', length: 40, temperature: 1.3, seed: 10 });
      assert.deepEqual(a.tokens, b.tokens);
      assertSameBits(a.probabilities, b.probabilities, 'probabilities');
      assert.notDeepEqual(a.tokens, c.tokens);
    });

    it(`${cell}: p_t = softmax(y_t / τ) of the recorded logits, the choice is the draw's inverse CDF`, () => {
      const m = tokenModel(cell, 31);
      for (const tau of [0.25, 1, 4]) {
        const r = sample(m, { from: 'v0', length: 25, temperature: tau, seed: 5 });
        const u = mulberry32(5);
        for (let t = 0; t < 25; t++) {
          const y = Array.from(r.logits.subarray(t * 5, t * 5 + 5));
          const e = y.map((v) => Math.exp(v / tau));
          const s = e.reduce((a, b) => a + b, 0);
          e.forEach((v, j) => assertClose(r.probabilities[t * 5 + j], v / s, 1e-15, `τ ${tau} p[${t + 1}][${j}]`));
          assert.equal(r.draws[t], u(), `draw ${t + 1}`);
          let acc = 0,
            k = 0;
          while (k < 4 && !(r.draws[t] < (acc += r.probabilities[t * 5 + k]))) k++;
          assert.equal(r.ids[t], k, `choice ${t + 1}`);
          if (t > 0) assert.equal(r.inputIds[t], r.ids[t - 1], `the choice of step ${t} is the input of step ${t + 1}`);
        }
        assert.equal(r.inputIds[0], 0);
      }
    });

    it(`${cell}: the sampled run, through runModel, gives the same logits and (τ = 1) probabilities bit for bit`, () => {
      const m = tokenModel(cell, 32);
      const r = sample(m, { from: 'v4', length: 30, temperature: 1, seed: 77 });
      const trace = runModel(r.run);
      assertSameBits(trace.series.y, r.logits, 'logits');
      assertSameBits(trace.series.p, r.probabilities, 'probabilities');
      // its loss at step t is −log p_t(chosen)
      for (let t = 0; t < 30; t++)
        assertClose(trace.losses[t], -Math.log(r.probabilities[t * 5 + r.ids[t]]), 1e-12, `ℓ_${t + 1}`);
    });
  }

  it('temperature 0 is greedy: always the first largest logit, the draws still made', () => {
    const m = tokenModel('gru', 33);
    const r = sample(m, { from: 'v1', length: 20, temperature: 0, seed: 1 });
    for (let t = 0; t < 20; t++) {
      const y = Array.from(r.logits.subarray(t * 5, t * 5 + 5));
      assert.equal(r.ids[t], y.indexOf(Math.max(...y)));
      assert.equal(r.probabilities[t * 5 + r.ids[t]], 1);
    }
    assertSameBits(r.draws, sample(m, { from: 'v1', length: 20, temperature: 2, seed: 1 }).draws, 'draws');
  });

  it("lstm-hello's characters and hi-there-class's words", () => {
    const lstm = parsedExample('lstm-hello.rnn.json');
    assert.equal(sample(lstm, { from: 'h', length: 12, temperature: 1, seed: 0 }).tokens.join(''), 'eheeellleleh');
    const words = parsedExample('hi-there-class.rnn.json');
    const r = sample(words, { from: 'hi', length: 5, temperature: 0.5, seed: 3 });
    assert.deepEqual(r.tokens, ['class', 'hi', 'hi', 'hi', 'class']);
  });

  it('refusals: vector models, classes outside the vocab, bad options, a diverged model', () => {
    assert.match(samplingRefusal(parsedExample('gru-sine.rnn.json')) ?? '', /needs token inputs/);
    assert.match(
      samplingRefusal(parsedExample('sentiment-many-to-one.rnn.json')) ?? '',
      /the class "\w+" is not a token of the vocab/,
    );
    const m = tokenModel('rnn', 34);
    const ok = { from: 'v0', length: 3, temperature: 1, seed: 0 };
    assert.equal(sampleOptionsProblem(m, ok), null);
    assert.match(sampleOptionsProblem(m, { ...ok, from: 'zz' }) ?? '', /"zz" is not in the vocab \("v0", "v1"/);
    assert.match(sampleOptionsProblem(m, { ...ok, length: 0 }) ?? '', /length must be an integer from 1 to 100000/);
    assert.match(sampleOptionsProblem(m, { ...ok, temperature: -1 }) ?? '', /temperature must be a finite number ≥ 0/);
    const nan: Model = { ...m, h0: new Float64Array(6).fill(NaN) };
    assert.throws(() => sample(nan, ok), /the output at step 1 is not finite/);
  });

  it('choose: the first j with u < p_0 + … + p_j; rounding past the total picks the last nonzero', () => {
    assert.equal(choose([0.25, 0.5, 0.25], 0), 0);
    assert.equal(choose([0.25, 0.5, 0.25], 0.25), 1);
    assert.equal(choose([0, 1, 0], 0), 1);
    assert.equal(choose([0.3, 0.3, 0.3999999999, 0], 0.99999999999), 2);
  });
});
