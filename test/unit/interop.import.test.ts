// Import of state_dicts written by PyTorch itself (test/unit/fixtures/interop/make_fixtures.py):
// the imported model, run by the engine, gives PyTorch's own loss, hidden states, outputs and
// gradients for the same sequence to 1e-12 — in F64, and in F32, F16 and BF16, whose weights the
// engine reads exactly and PyTorch's reference uses as stored, computed in float64.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importWeights } from '../../src/engine/interop/importModel';
import { readWeights } from '../../src/engine/interop/readWeights';
import { PARAM_NAMES } from '../../src/engine/model';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { assertAllClose, assertClose } from './fixtures/close';

const DIR = join(__dirname, 'fixtures/interop');
const PYTHON = '/usr/bin/python3';

interface Reference {
  loss: number;
  losses: (number | null)[];
  hidden: number[][];
  outputs: number[][];
  weights: Record<string, number[] | number[][]>;
  gradients: Record<string, number[] | number[][]>;
  dh0: number[];
}

function template(name: string): { text: string; model: NonNullable<ReturnType<typeof parseModel>['model']> } {
  const text = readFileSync(join(DIR, `${name}.template.rnn.json`), 'utf8');
  const model = parseModel(text).model;
  assert.ok(model, `${name}.template.rnn.json is valid`);
  return { text, model };
}

function importFixture(name: string, weightsFile: string) {
  return importWeights(template(name), readWeights(readFileSync(join(DIR, weightsFile)), weightsFile));
}

const flat = (v: number[] | number[][]): number[] => (v as (number | number[])[]).flat();

const CASES: readonly [string, string, string][] = [
  ['rnn-tanh', 'rnn-tanh.f64.json', 'nn.RNN, F64 JSON, prefixes rnn. / head., the template h0 kept'],
  ['rnn-tanh', 'rnn-tanh.f64.safetensors', 'nn.RNN, F64 safetensors'],
  ['rnn-relu', 'rnn-relu.f32.safetensors', 'nn.RNN relu (from the template), F32, no prefix, mean mse'],
  ['lstm', 'lstm.f32.json', 'nn.LSTM, F32 JSON, prefix model.encoder. / model.decoder.'],
  ['lstm', 'lstm.f32.safetensors', 'nn.LSTM, F32 safetensors'],
  ['gru', 'gru.f64.safetensors', 'nn.GRU, F64 safetensors, b_hn kept apart'],
  ['gru', 'gru.f64.json', 'nn.GRU, F64 JSON'],
  ['gru-half', 'gru-half.f16.safetensors', 'nn.GRU, F16 safetensors'],
  ['lstm-bf16', 'lstm-bf16.bf16.safetensors', 'nn.LSTM, BF16 safetensors, classes, a null target'],
];

describe('import: state_dicts written by PyTorch', () => {
  for (const [name, file, what] of CASES) {
    it(`${what}: PyTorch's loss and gradients to 1e-12`, () => {
      const ref = JSON.parse(readFileSync(join(DIR, `${name}.reference.json`), 'utf8')) as Reference;
      const result = importFixture(name, file);
      const m = result.model;
      // The weights are PyTorch's as stored, bit for bit (biases summed as docs/FORMAT.md says).
      for (const p of PARAM_NAMES[m.cell]) assert.deepEqual(Array.from(m.params[p].data), flat(ref.weights[p]), p);
      const trace = runModel(m);
      assertClose(trace.loss, ref.loss, 1e-12, 'loss');
      ref.losses.forEach((l, t) =>
        l === null ? assert.ok(Number.isNaN(trace.losses[t])) : assertClose(trace.losses[t], l, 1e-12, `ℓ_${t + 1}`),
      );
      assertAllClose(trace.series.h, ref.hidden.flat(), 1e-12, 'h');
      assertAllClose(trace.series.y, ref.outputs.flat(), 1e-12, 'y');
      for (const p of PARAM_NAMES[m.cell])
        assertAllClose(trace.grads[p].data, flat(ref.gradients[p]), 1e-12, `∂L/∂${p}`);
      assertAllClose(trace.dh0, ref.dh0, 1e-12, '∂L/∂h0');
    });
  }

  it('keeps the template h0 when it fits, and drops it with a note when it does not', () => {
    const rnn = importFixture('rnn-tanh', 'rnn-tanh.f64.json');
    assert.deepEqual(Array.from(rnn.model.h0), [0.25, -0.5, 0.125]);
    assert.deepEqual(rnn.notes, []);
    const lstm = importFixture('lstm', 'lstm.f32.json');
    assert.deepEqual(Array.from(lstm.model.h0), [0, 0, 0, 0, 0]);
    assert.deepEqual(lstm.notes, [
      "the template's h0 has 2 numbers but the hidden size is now 5: h0 was removed (it starts at zeros)",
    ]);
    assert.ok(!/"h0"/.test(lstm.text));
  });

  it('writes the template text with only cell, hiddenSize, h0/c0 and weights changed', () => {
    const t = template('gru');
    const result = importWeights(t, readWeights(readFileSync(join(DIR, 'gru.f64.json')), 'gru.f64.json'));
    const before = JSON.parse(t.text) as Record<string, unknown>;
    const after = JSON.parse(result.text) as Record<string, unknown>;
    assert.deepEqual(Object.keys(after), Object.keys(before));
    for (const key of Object.keys(before)) if (key !== 'weights') assert.deepEqual(after[key], before[key], key);
    assert.deepEqual(Object.keys(after.weights as object), PARAM_NAMES.gru);
  });

  it('the generator, run again where torch imports, writes the same weights and references', function () {
    const probe = existsSync(PYTHON) ? spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }) : null;
    if (!probe || probe.status !== 0) {
      console.log(
        `      skipped: ${PYTHON} cannot import torch (${probe ? probe.stderr.trim().split('\n').pop() : 'no python3'})`,
      );
      this.skip();
    }
    this.timeout(120000);
    const out = mkdtempSync(join(tmpdir(), 'rnn-fixtures-'));
    try {
      const run = spawnSync(PYTHON, [join(DIR, 'make_fixtures.py'), out], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      for (const [name, file] of CASES) {
        assert.ok(
          readFileSync(join(out, file)).equals(readFileSync(join(DIR, file))),
          `${file} is what the generator writes`,
        );
        const a = JSON.parse(readFileSync(join(out, `${name}.reference.json`), 'utf8')) as Reference;
        const b = JSON.parse(readFileSync(join(DIR, `${name}.reference.json`), 'utf8')) as Reference;
        assertClose(a.loss, b.loss, 1e-12, `${name} loss`);
        for (const p of Object.keys(b.gradients)) assertAllClose(flat(a.gradients[p]), flat(b.gradients[p]), 1e-12, p);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
