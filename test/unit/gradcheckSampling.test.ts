// The gradient check on a budget (engine: compute/gradcheck.ts): a fixed sample of each tensor —
// its first and last entries and the rest drawn with a fixed seed, spread over rows and columns
// (not one column, as evenly spaced row-major indices would be) — progress after every entry,
// a stop when asked, and a NaN explained rather than just failed.
import { strict as assert } from 'node:assert';
import { gradCheck, sampleIndices } from '../../src/engine/compute/gradcheck';
import { parseModel } from '../../src/engine/parse/parse';
import { randomModel } from './fixtures/models';

describe('gradient check sampling', () => {
  it('sampleIndices: distinct, ascending, first and last included, the same for the same seed', () => {
    const s = Array.from(sampleIndices(4096 * 65, 20, 7));
    assert.equal(s.length, 20);
    assert.equal(s[0], 0);
    assert.equal(s[19], 4096 * 65 - 1);
    for (let k = 1; k < s.length; k++) assert.ok(s[k] > s[k - 1]);
    assert.deepEqual(Array.from(sampleIndices(4096 * 65, 20, 7)), s);
    assert.notDeepEqual(Array.from(sampleIndices(4096 * 65, 20, 8)), s);
    const columns = new Set(s.map((k) => k % 65));
    assert.ok(columns.size >= 15, `columns ${[...columns].join(' ')}`);
    assert.deepEqual(Array.from(sampleIndices(5, 20, 1)), [0, 1, 2, 3, 4]);
    assert.deepEqual(Array.from(sampleIndices(5, 1, 1)), [0]);
  });

  it('maxPerTensor checks that many entries of each tensor; onProgress counts them and can stop', () => {
    const model = randomModel({
      cell: 'gru',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      H: 6,
      I: 9,
      O: 7,
      seed: 3,
    });
    const calls: [number, number][] = [];
    const r = gradCheck(model, { maxPerTensor: 4, onProgress: (done, total) => void calls.push([done, total]) });
    assert.equal(r.total, 13 * 4); // 12 parameters and h0, each with more than 4 entries
    assert.equal(r.checked, r.total);
    assert.deepEqual(
      calls.map(([d]) => d),
      Array.from({ length: r.total }, (_, k) => k + 1),
    );
    assert.ok(r.maxError < 1e-6);
    const stopped = gradCheck(model, { maxPerTensor: 4, onProgress: (done) => done < 10 });
    assert.equal(stopped.checked, 10);
  });

  it('explains a NaN: the loss overflows at these weights, so finite differences cannot be taken', () => {
    const model = parseModel(
      JSON.stringify({
        vocab: ['a', 'b'],
        inputs: ['a', 'b'],
        targets: ['b', 'a'],
        weights: { W_xh: [[1, 1]], W_hh: [[0]], b_h: [0], W_hy: [[0], [0]], b_y: [1e308, -1e308] },
      }),
    ).model!;
    const r = gradCheck(model);
    assert.ok(Number.isNaN(r.maxError));
    assert.equal(
      r.worst?.note,
      'finite differences overflow at this magnitude: the loss at θ ± ε is Infinity and Infinity',
    );
    assert.equal(r.loss, Infinity);
    assert.equal(r.nonFinite?.tensor, 'loss');
    assert.equal(r.nonFinite?.cause, 'softmax-overflow');
  });
});
