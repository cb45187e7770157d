// Everything the import refuses — with a sentence naming the tensor and, for shapes, both shapes —
// and the choices it makes about the template (a head drawn from `init`, the template's own head,
// bias=False, --activation, a dropped c0 or activation), on state_dicts built here.
import { strict as assert } from 'node:assert';
import { importWeights, type ImportOptions } from '../../src/engine/interop/importModel';
import { readWeights } from '../../src/engine/interop/readWeights';
import { ImportError } from '../../src/engine/interop/stateDict';
import { parseModel } from '../../src/engine/parse/parse';

type Nested = number | Nested[];
const GATES = { rnn: 1, gru: 3, lstm: 4 } as const;

/** A PyTorch-like state_dict of an nn.RNN/LSTM/GRU(I, H) and an nn.Linear(H, O), deterministic. */
function stateDict(cell: keyof typeof GATES, I: number, H: number, O: number | null, prefix = 'rnn.') {
  let k = 0;
  const next = () => ((k++ * 7919) % 200) / 1000 - 0.1;
  const mat = (r: number, c: number) => Array.from({ length: r }, () => Array.from({ length: c }, next));
  const vec = (n: number) => Array.from({ length: n }, next);
  const G = GATES[cell] * H;
  const out: Record<string, Nested> = {
    [`${prefix}weight_ih_l0`]: mat(G, I),
    [`${prefix}weight_hh_l0`]: mat(G, H),
    [`${prefix}bias_ih_l0`]: vec(G),
    [`${prefix}bias_hh_l0`]: vec(G),
  };
  if (O !== null) Object.assign(out, { 'head.weight': mat(O, H), 'head.bias': vec(O) });
  return out;
}

const SEED = `{
  // the seed's sequence, as a template
  "vocab": ["hi", "there", "class", "!"],
  "inputs": ["hi", "there", "class", "!"],
  "targets": ["there", "class", "!", "!"],
  "weights": {
    "W_xh": [[0.5, -0.3, 0.8, 0.0]],
    "W_hh": [[0.2]],
    "b_h": [0.0],
    "W_hy": [[1.0], [0.5], [-0.5], [0.0]],
    "b_y": [0, 0, 0, 0]
  },
  "train": { "learningRate": 0.1 }
}`;
const DRAWN = `{"cell": "lstm", "vocab": ["a", "b"], "inputs": "abab", "targets": "baba", "hiddenSize": 2,
  "c0": [1, 2], "activation": "tanh", "weights": {"init": {"seed": 9}}}`;

function run(dict: Record<string, Nested> | string, templateText = SEED, options: ImportOptions = {}) {
  const text = typeof dict === 'string' ? dict : JSON.stringify(dict);
  const model = parseModel(templateText).model!;
  return importWeights({ text: templateText, model }, readWeights(new TextEncoder().encode(text), 'w.json'), options);
}

function refused(dict: Record<string, Nested> | string, message: RegExp, templateText = SEED, options = {}): void {
  assert.throws(
    () => run(dict, templateText, options),
    (e: unknown) => e instanceof ImportError && message.test(e.message),
  );
}

describe('import refuses, with a sentence', () => {
  it('a second layer, a bidirectional RNN, an LSTM projection', () => {
    const two = { ...stateDict('rnn', 4, 2, 4), 'rnn.weight_ih_l1': [[0]] };
    refused(
      two,
      /^"?rnn\.weight_ih_l1"? belongs to layer 2 of a multi-layer RNN \(num_layers > 1\), which is not supported/,
    );
    refused(
      { ...stateDict('gru', 4, 2, 4), 'rnn.weight_ih_l0_reverse': [[0]] },
      /bidirectional RNN \(bidirectional=True\)/,
    );
    refused({ ...stateDict('lstm', 4, 2, 4), 'rnn.weight_hr_l0': [[0, 0]] }, /LSTM projection \(proj_size > 0\)/);
  });
  it('missing tensors, naming each', () => {
    const d = stateDict('rnn', 4, 2, 4);
    delete d['rnn.weight_hh_l0'];
    refused(d, /^"rnn\.weight_hh_l0" is missing: an nn\.RNN, nn\.LSTM or nn\.GRU has weight_ih_l0, weight_hh_l0/);
    const e = stateDict('rnn', 4, 2, 4);
    delete e['rnn.bias_hh_l0'];
    refused(e, /^"rnn\.bias_hh_l0" is missing/);
    refused({ 'head.weight': [[1]] }, /no recurrent weights found: .* it holds "head\.weight"/);
  });
  it('extra tensors, and more than one head', () => {
    refused({ ...stateDict('rnn', 4, 2, 4), 'embed.weight': [[1, 2]] }, /"embed\.weight" is not part of what is read/);
    refused({ ...stateDict('rnn', 4, 2, 4), 'bn.num_batches_tracked': 3 }, /"bn\.num_batches_tracked" is not part/);
    const two = { ...stateDict('rnn', 4, 2, null), 'a.weight': [[1, 1]], 'b.weight': [[1, 1]] };
    refused(two, /"a\.weight" and "b\.weight" are not part of what is read: .* at most one nn\.Linear head/);
    const both = { ...stateDict('rnn', 4, 2, null), 'rnn.weight_ih_l0': [[0]], 'enc.weight_hh_l0': [[0]] };
    refused(both, /two recurrent modules \("enc\." and "rnn\."\)/);
  });
  it("non-finite values: Python's NaN and Infinity, and numbers too large for a double", () => {
    const text = JSON.stringify(stateDict('rnn', 4, 2, 4)).replace('"rnn.bias_hh_l0":[', '"rnn.bias_hh_l0":[NaN,');
    refused(text, /^rnn\.bias_hh_l0\[0\] is NaN \(Python's json writes it, but it is not JSON\)/);
    const inf = JSON.stringify(stateDict('rnn', 4, 2, 4)).replace(
      /"head\.weight":\[\[[^,]*,/,
      '"head.weight":[[-Infinity,',
    );
    refused(inf, /^head\.weight\[0\]\[0\] is Infinity/);
    const big = JSON.stringify(stateDict('rnn', 4, 2, 4)).replace(/"head\.bias":\[[^,]*,/, '"head.bias":[1e999,');
    refused(big, /^head\.bias\[0\] is Infinity: a model's weights must be finite numbers/);
  });
  it('shapes that do not fit, naming the tensor and both shapes', () => {
    const d = stateDict('lstm', 4, 3, 4);
    d['rnn.weight_ih_l0'] = (d['rnn.weight_ih_l0'] as number[][]).slice(0, 9);
    refused(
      d,
      /^rnn\.weight_ih_l0 is 9 × 4 but rnn\.weight_hh_l0 is 12 × 3: for an nn\.LSTM with H = 3, weight_ih_l0 must have 12 rows/,
    );
    const g = stateDict('rnn', 4, 2, 4);
    g['rnn.weight_hh_l0'] = [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
    ];
    refused(g, /^rnn\.weight_hh_l0 is 5 × 2; it must be H × H \(nn\.RNN\), 3H × H \(nn\.GRU\) or 4H × H \(nn\.LSTM\)/);
    const b = stateDict('gru', 4, 2, 4);
    b['rnn.bias_ih_l0'] = [1, 2];
    refused(b, /^rnn\.bias_ih_l0 is 2 but rnn\.weight_hh_l0 is 6 × 2: rnn\.bias_ih_l0 must be a vector of 6/);
    refused(
      stateDict('rnn', 3, 2, 4),
      /^rnn\.weight_ih_l0 is 2 × 3 but the template's vocab has 4 tokens: its columns/,
    );
    refused(
      stateDict('rnn', 4, 2, 5),
      /^head\.weight is 5 × 2 but the template has 4 output classes: the linear head must be 4 × 2/,
    );
    const h = { ...stateDict('rnn', 4, 2, null), 'head.weight': [[1, 2, 3]], 'head.bias': [0] };
    refused(h, /^head\.weight is 1 × 3 but the hidden size is 2: the linear head must be O × 2 \(nn\.Linear\(2, O\)\)/);
    const v = stateDict('rnn', 4, 2, 4);
    v['rnn.bias_hh_l0'] = [[1, 2]];
    refused(v, /^rnn\.bias_hh_l0 is 1 × 2 but/);
    refused(
      { ...stateDict('rnn', 4, 2, 4), 'rnn.weight_hh_l0': [1, 2] },
      /weight_hh_l0 is 2; a weight must be a matrix/,
    );
  });
  it('JSON that is not a state_dict, and PyTorch pickles', () => {
    refused('[1, 2]', /the JSON is not an object/);
    refused('{"a": "x"}', /^a is a string; a state_dict entry is a number or a nested list of numbers/);
    refused(
      '{"a": [[1, 2], [3]]}',
      /^a\[1\] is a list of 1 but a is 2 × 2 \(from its first elements\): the nested lists must be rectangular/,
    );
    refused('{"a": [[1, 2], [3, null]]}', /^a\[1\]\[1\] is null; a tensor holds numbers only/);
    refused('{"a": ', /the file is not valid JSON/);
    refused('', /the file is empty/);
    refused('{}', /holds no tensors/);
    assert.throws(
      () => readWeights(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0, 1, 2, 0])),
      /PyTorch pickle \(torch\.save\), which is not read here; save it with json\.dump/,
    );
  });
  it('input and output sizes beyond the limits of a model file', () => {
    const wide = { weight_ih_l0: [new Array(100_001).fill(0)], weight_hh_l0: [[0]] };
    refused(wide, /^weight_ih_l0 gives an input size of 100,001, more than the limit of 100,000/);
    const tall = { ...stateDict('rnn', 4, 1, null), 'fc.weight': new Array(100_001).fill([0]) };
    refused(tall, /^fc\.weight gives an output size of 100,001, more than the limit of 100,000/);
  });
  it('relu for an LSTM, and no head where the template cannot supply one', () => {
    refused(stateDict('lstm', 4, 2, 4), /activation relu is for nn\.RNN only, but the weights are an nn\.LSTM/, SEED, {
      activation: 'relu',
    });
    refused(
      stateDict('rnn', 4, 3, null),
      /no linear head and the template's W_hy is 4 × 1, not 4 × 3: save the model with its nn\.Linear\(3, 4\) head/,
    );
  });
});

describe('import: choices about the template', () => {
  it("keeps the template's comments, and its head when the sizes fit", () => {
    const r = run(stateDict('rnn', 4, 1, null));
    assert.ok(r.text.startsWith("{\n  // the seed's sequence, as a template\n"));
    assert.deepEqual(Array.from(r.model.params.W_hy.data), [1, 0.5, -0.5, 0]);
    assert.deepEqual(r.notes, ["the state_dict has no linear head: W_hy and b_y are the template's"]);
  });
  it("draws W_hy and b_y from the template's init when there is no head", () => {
    const r = run(stateDict('gru', 2, 3, null), DRAWN);
    assert.equal(r.model.cell, 'gru');
    assert.deepEqual(r.model.params.W_hy.shape, [2, 3]);
    assert.ok(
      r.notes.includes(
        "the state_dict has no linear head: W_hy (2 × 3) and b_y are drawn from the template's init (seed 9, scale 0.5773502691896258)",
      ),
    );
    assert.ok(r.notes.includes("the template's c0 was removed: only an lstm has a cell state"));
    assert.ok(r.notes.includes('the template\'s "activation" was removed: a gru has no activation setting'));
    assert.ok(!/"c0"|"activation"|"init"/.test(r.text));
  });
  it('keeps c0 for an LSTM of the same size; bias=False gives zero biases', () => {
    const d = stateDict('lstm', 2, 2, 2);
    for (const k of ['rnn.bias_ih_l0', 'rnn.bias_hh_l0']) delete d[k];
    const r = run(d, DRAWN);
    assert.deepEqual(Array.from(r.model.c0!), [1, 2]);
    assert.deepEqual(Array.from(r.model.params.b_f.data), [0, 0]);
    assert.ok(r.notes.includes('the nn.LSTM has no biases (bias=False): its biases are written as zeros'));
  });
  it('--activation relu sets the nonlinearity a state_dict does not hold', () => {
    const r = run(stateDict('rnn', 4, 2, 4), SEED, { activation: 'relu' });
    assert.equal(r.model.activation, 'relu');
    assert.match(r.text, /"cell": "rnn",\n {2}"hiddenSize": 2,\n {2}"activation": "relu",\n {2}"vocab"/);
  });
});
