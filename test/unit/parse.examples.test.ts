// The good files: every example parses with no problem at all, the seed's example becomes exactly
// the Model it describes, FORMAT.md's defaults are applied, and a char-rnn-512-sized file parses
// well within a second.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initParams, mulberry32 } from '../../src/engine/parse/init';
import { parseModel } from '../../src/engine/parse/parse';
import { doc } from './parse.helpers';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const exampleFiles = readdirSync(EXAMPLES).filter((f) => f.endsWith('.rnn.json'));

describe('parse: the examples', () => {
  it('there are examples', () => assert.ok(exampleFiles.length >= 6));

  for (const file of exampleFiles) {
    it(`${file} parses with no error and no warning`, () => {
      const r = parseModel(readFileSync(join(EXAMPLES, file), 'utf8'), { fileName: file });
      assert.deepEqual(r.problems, []);
      assert.ok(r.model);
      assert.ok(r.root);
    });
  }

  it('the seed example (FORMAT.md) becomes the Model it describes', () => {
    const m = parseModel(readFileSync(join(EXAMPLES, 'hi-there-class.rnn.json'), 'utf8')).model!;
    assert.equal(m.name, 'hi there class !');
    assert.equal(m.cell, 'rnn');
    assert.equal(m.activation, 'tanh');
    assert.deepEqual([m.inputSize, m.hiddenSize, m.outputSize, m.steps], [4, 1, 4, 4]);
    assert.deepEqual(m.vocab, ['hi', 'there', 'class', '!']);
    assert.deepEqual(m.classes, ['hi', 'there', 'class', '!']);
    assert.deepEqual(m.inputs, { kind: 'tokens', ids: Int32Array.from([0, 1, 2, 3]) });
    assert.deepEqual(m.targets, { kind: 'tokens', ids: Int32Array.from([1, 2, 3, 3]) });
    assert.equal(m.loss, 'cross-entropy');
    assert.equal(m.reduction, 'sum');
    assert.deepEqual(m.h0, new Float64Array(1));
    assert.equal(m.c0, null);
    assert.equal(m.init, null);
    assert.deepEqual(m.train, { learningRate: 0.1, clipNorm: null, steps: 1 });
    assert.deepEqual(Object.keys(m.params), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y']);
    assert.deepEqual(m.params.W_xh, { shape: [1, 4], data: Float64Array.from([0.5, -0.3, 0.8, 0.0]) });
    assert.deepEqual(m.params.W_hh, { shape: [1, 1], data: Float64Array.from([0.2]) });
    assert.deepEqual(m.params.b_h, { shape: [1], data: Float64Array.from([0]) });
    assert.deepEqual(m.params.W_hy, { shape: [4, 1], data: Float64Array.from([1.0, 0.5, -0.5, 0.0]) });
    assert.deepEqual(m.params.b_y, { shape: [4], data: new Float64Array(4) });
  });

  it('the 2-unit example: matrices row-major, h0 as written', () => {
    const m = parseModel(readFileSync(join(EXAMPLES, 'hi-there-2-unit.rnn.json'), 'utf8')).model!;
    assert.deepEqual(m.params.W_xh, { shape: [2, 4], data: Float64Array.from([0.5, 0.1, 0, 0, -0.2, 0.8, 0, 0]) });
    assert.deepEqual(m.params.W_hh, { shape: [2, 2], data: Float64Array.from([0.3, 0.4, 0.6, -0.1]) });
    assert.deepEqual(m.params.W_hy.shape, [4, 2]);
    assert.deepEqual(Array.from(m.params.W_hy.data), [0.1, 0.7, -0.3, 0.2, 0.5, 0.4, -0.6, -0.1]);
  });

  it('the many-to-one example: classes apart from the vocab, null targets, drawn weights', () => {
    const m = parseModel(readFileSync(join(EXAMPLES, 'sentiment-many-to-one.rnn.json'), 'utf8')).model!;
    assert.deepEqual([m.inputSize, m.hiddenSize, m.outputSize], [5, 4, 2]);
    assert.deepEqual(m.classes, ['positive', 'negative']);
    assert.deepEqual(m.targets, { kind: 'tokens', ids: Int32Array.from([-1, -1, -1, 0]) });
    assert.deepEqual(m.init, { seed: 42, scale: 0.5 });
    assert.deepEqual(m.params, initParams('rnn', 5, 4, 2, 42, 0.5));
  });

  it('the time series: vectors, mse, a GRU drawn from seed 1 at scale 1/√3', () => {
    const m = parseModel(readFileSync(join(EXAMPLES, 'gru-sine.rnn.json'), 'utf8')).model!;
    assert.deepEqual(m.inputs, { kind: 'vectors', data: Float64Array.from([0.0, 0.59, 0.95, 0.95, 0.59]) });
    assert.deepEqual(m.targets, {
      kind: 'vectors',
      data: Float64Array.from([0.59, 0.95, 0.95, 0.59, 0.0]),
      mask: Uint8Array.from([1, 1, 1, 1, 1]),
    });
    assert.equal(m.loss, 'mse');
    assert.equal(m.vocab, null);
    assert.equal(m.classes, null);
    assert.deepEqual(m.init, { seed: 1, scale: 1 / Math.sqrt(3) });
    // The first drawn number is W_xr[0][0] = scale · (2u − 1) with u the first Mulberry32 draw of seed 1.
    assert.equal(m.params.W_xr.data[0], (1 / Math.sqrt(3)) * (2 * mulberry32(1)() - 1));
    assert.deepEqual(m.params.b_hn.shape, [3]);
  });

  it('the LSTM example reads its string inputs as characters and gets c0 zeros', () => {
    const m = parseModel(readFileSync(join(EXAMPLES, 'lstm-hello.rnn.json'), 'utf8')).model!;
    assert.deepEqual(m.inputs, { kind: 'tokens', ids: Int32Array.from([0, 1, 2, 2]) }); // h e l l
    assert.deepEqual(m.targets, { kind: 'tokens', ids: Int32Array.from([1, 2, 2, 3]) }); // e l l o
    assert.deepEqual(m.c0, new Float64Array(3));
    assert.deepEqual(m.train, { learningRate: 0.1, clipNorm: 5, steps: 50 });
  });
});

describe('parse: defaults (FORMAT.md)', () => {
  it('a file with only vocab, inputs, targets and weights', () => {
    const text = doc((m) => {
      delete m.name;
      delete m.cell;
      delete m.train;
    });
    const m = parseModel(text, { fileName: '/home/me/models/seed.rnn.json' }).model!;
    assert.equal(m.name, 'seed', 'name defaults to the file name, without .rnn.json');
    assert.equal(parseModel(text).model!.name, 'model', 'or "model" when there is none');
    assert.equal(m.cell, 'rnn');
    assert.equal(m.activation, 'tanh');
    assert.equal(m.loss, 'cross-entropy');
    assert.equal(m.reduction, 'sum');
    assert.deepEqual(m.train, { learningRate: 0.1, clipNorm: null, steps: 1 });
  });

  it('no targets, token mode: cross-entropy over the vocab, targets kind none', () => {
    const m = parseModel(doc((m) => delete m.targets)).model!;
    assert.deepEqual(m.targets, { kind: 'none' });
    assert.equal(m.loss, 'cross-entropy');
    assert.equal(m.outputSize, 4);
    assert.deepEqual(m.classes, ['hi', 'there', 'class', '!']);
  });

  it('no targets, vector mode: mse, the output size from W_hy', () => {
    const m = parseModel(
      doc((m) => {
        delete m.vocab;
        delete m.targets;
        m.inputs = [[1, 2]];
        m.weights = { W_xh: [[1, 2]], W_hh: [[1]], b_h: [0], W_hy: [[1], [2], [3]], b_y: [0, 0, 0] };
      }),
    ).model!;
    assert.deepEqual([m.inputSize, m.hiddenSize, m.outputSize, m.steps], [2, 1, 3, 1]);
    assert.equal(m.loss, 'mse');
    assert.equal(m.classes, null);
  });

  it('vector targets with nulls get a mask', () => {
    const m = parseModel(
      doc((m) => {
        delete m.vocab;
        m.inputs = [[1], [2], [3]];
        m.targets = [null, [0.5, 1], null];
        m.weights = { W_xh: [[1]], W_hh: [[1]], b_h: [0], W_hy: [[1], [2]], b_y: [0, 0] };
        m.reduction = 'mean';
      }),
    ).model!;
    assert.deepEqual(m.targets, {
      kind: 'vectors',
      data: Float64Array.from([0, 0, 0.5, 1, 0, 0]),
      mask: Uint8Array.from([0, 1, 0]),
    });
    assert.equal(m.reduction, 'mean');
  });

  it('relu is kept for rnn; options.limits can be partial', () => {
    const m = parseModel(
      doc((m) => (m.activation = 'relu')),
      { limits: { maxHidden: 8 } },
    ).model!;
    assert.equal(m.activation, 'relu');
  });
});

/** A char-rnn like the benchmark's char-rnn-512 (H=512, V=96, T=200), numbers at full precision. */
function charRnn(H: number, V: number, T: number): string {
  const next = mulberry32(3);
  const s = 1 / Math.sqrt(H);
  const matrix = (r: number, c: number) =>
    `[${Array.from({ length: r }, () => `[${Array.from({ length: c }, () => String(s * (2 * next() - 1))).join(', ')}]`).join(',\n      ')}]`;
  const vocab = Array.from({ length: V }, (_, i) => String.fromCharCode(33 + i));
  const text = Array.from({ length: T + 1 }, () => vocab[Math.floor(next() * V)]);
  const zeros = (n: number) => `[${new Array(n).fill(0).join(', ')}]`;
  return `{
  "name": "rnn H=${H} V=${V} T=${T}",
  "cell": "rnn",
  "vocab": ${JSON.stringify(vocab)},
  "inputs": ${JSON.stringify(text.slice(0, -1))},
  "targets": ${JSON.stringify(text.slice(1))},
  "weights": {
    "W_xh": ${matrix(H, V)},
    "W_hh": ${matrix(H, H)},
    "b_h": ${zeros(H)},
    "W_hy": ${matrix(V, H)},
    "b_y": ${zeros(V)}
  },
  "train": { "learningRate": 0.05, "clipNorm": 5.0 }
}
`;
}

describe('parse: performance', () => {
  it('a char-rnn-512-sized file (~8 MB, 360 000 numbers) parses into the right tensors', function () {
    this.timeout(30_000);
    const text = charRnn(512, 96, 200);
    assert.ok(text.length > 7_000_000);
    const r = parseModel(text);
    const model = r.model;
    assert.deepEqual(r.problems, []);
    assert.ok(model);
    assert.deepEqual(model.params.W_hh.shape, [512, 512]);
  });
});
