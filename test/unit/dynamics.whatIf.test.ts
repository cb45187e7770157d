// What-if: the changed model differs in exactly the one number; the diff lists exactly the tensors
// whose float64 values differ between two independent runs, with their exact counts and largest
// change; a learning-rate or clipNorm what-if leaves every forward and backward value alone; and
// the text edits of "Apply to file" parse back to the what-if's value bit for bit.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { applyEdits } from 'jsonc-parser';
import {
  applyWhatIf,
  describeChange,
  diffRuns,
  runTensors,
  whatIfProblem,
  type WhatIfChange,
} from '../../src/engine/dynamics/whatIf';
import { whatIfEdits } from '../../src/host/dynamics/whatIfEdits';
import { parseDynamicsMessage } from '../../src/shared/dynamicsProtocol';
import { parsedExample } from './dynamics.fixtures';

const root = join(__dirname, '..', '..');
const text = (name: string) => readFileSync(join(root, 'examples', name), 'utf8');

/** Independent count: elements of every run tensor that are not the same float64. */
function independentChanges(a: ReturnType<typeof runTensors>, b: ReturnType<typeof runTensors>) {
  const out = new Map<string, number>();
  a.forEach((x, i) => {
    let n = 0;
    for (let k = 0; k < x.values.length; k++) if (!Object.is(x.values[k], b[i].values[k])) n++;
    if (n) out.set(x.id, n);
  });
  return out;
}

describe('dynamics: what-if', () => {
  it('a weight what-if changes that element only, and the diff counts exactly what two runs differ in', () => {
    const m = parsedExample('hi-there-2-unit.rnn.json');
    const change: WhatIfChange = { kind: 'weight', param: 'W_hh', index: [0, 1], value: 0.7 };
    const w = applyWhatIf(m, change);
    assert.equal(w.params.W_hh.data[1], 0.7);
    assert.equal(m.params.W_hh.data[1] === 0.7, false, 'the file model untouched');
    w.params.W_hh.data.forEach((x, k) => k !== 1 && assert.ok(Object.is(x, m.params.W_hh.data[k])));
    const before = runModel(m),
      after = runModel(w);
    const diff = diffRuns(before, after);
    const expected = independentChanges(runTensors(before), runTensors(after));
    assert.deepEqual(new Map(diff.changed.map((d) => [d.id, d.changed])), expected);
    assert.ok(expected.get('W_hh') === 1, 'the changed weight itself shows as one changed element');
    assert.ok(expected.has('h') && expected.has('dW_hh') && expected.has('L'));
    const L = diff.changed.find((d) => d.id === 'L')!;
    assert.equal(L.maxAbsDiff, Math.abs(after.loss - before.loss));
    assert.equal(describeChange(m, change), `W_hh[0][1]: ${m.params.W_hh.data[1]} → 0.7`);
  });

  it('a b_y what-if leaves the forward state (computed before b_y is read) unchanged', () => {
    const m = parsedExample('lstm-hello.rnn.json');
    const diff = diffRuns(
      runModel(m),
      runModel(applyWhatIf(m, { kind: 'weight', param: 'b_y', index: [0], value: 3 })),
    );
    const ids = diff.changed.map((d) => d.id);
    for (const unchanged of ['h', 'c', 'W_hh', 'W_xi']) assert.ok(!ids.includes(unchanged), `${unchanged} unchanged`);
    assert.ok(ids.includes('b_y') && ids.includes('y') && ids.includes('dW_hy'));
  });

  it('the learning rate changes only the updated weights; clipNorm only κ and the updated weights', () => {
    const m = parsedExample('exploding-clipped.rnn.json');
    const base = runModel(m);
    const lr = diffRuns(base, runModel(applyWhatIf(m, { kind: 'learningRate', value: 0.37 })));
    assert.ok(lr.changed.length > 0);
    for (const d of lr.changed) assert.match(d.id, /'$/, `${d.id} is an updated weight`);
    const clip = diffRuns(base, runModel(applyWhatIf(m, { kind: 'clipNorm', value: null })));
    assert.deepEqual(
      clip.changed.map((d) => d.id).filter((id) => !id.endsWith("'")),
      ['clipFactor'],
    );
  });

  it('refuses what cannot be changed, saying why', () => {
    const m = parsedExample('hi-there-2-unit.rnn.json');
    assert.match(whatIfProblem(m, { kind: 'weight', param: 'W_xi', index: [0, 0], value: 1 })!, /not a parameter/);
    assert.match(whatIfProblem(m, { kind: 'weight', param: 'W_hh', index: [9, 0], value: 1 })!, /outside W_hh/);
    assert.match(whatIfProblem(m, { kind: 'weight', param: 'b_h', index: [0, 0], value: 1 })!, /one index/);
    assert.match(whatIfProblem(m, { kind: 'learningRate', value: 0 })!, /> 0/);
    assert.match(whatIfProblem(m, { kind: 'clipNorm', value: -1 })!, /> 0/);
    assert.throws(() => applyWhatIf(m, { kind: 'learningRate', value: -1 }), /learning rate/);
  });

  for (const [file, change] of [
    ['hi-there-2-unit.rnn.json', { kind: 'weight', param: 'W_hh', index: [0, 1], value: 0.123456789 }],
    ['lstm-hello.rnn.json', { kind: 'weight', param: 'b_f', index: [1], value: -2.5 }],
    ['hi-there-class.rnn.json', { kind: 'learningRate', value: 0.05 }],
    ['exploding-clipped.rnn.json', { kind: 'clipNorm', value: null }],
    ['hi-there-class.rnn.json', { kind: 'clipNorm', value: 2.5 }],
  ] as [string, WhatIfChange][]) {
    it(`Apply to file: ${file} ${JSON.stringify(change)} parses back to the what-if model`, () => {
      const t = text(file);
      const parsed = parseModel(t, { fileName: file });
      const m = parsed.model!;
      const edited = applyEdits(t, whatIfEdits(t, parsed.root, m, change));
      const back = parseModel(edited, { fileName: file });
      assert.deepEqual(
        back.problems.filter((p) => p.severity === 'error'),
        [],
      );
      const want = applyWhatIf(m, change);
      for (const p of Object.keys(want.params))
        want.params[p].data.forEach((x, k) => assert.ok(Object.is(back.model!.params[p].data[k], x), `${p}[${k}]`));
      assert.deepEqual(back.model!.train, want.train);
    });
  }

  it('the webview’s what-if request is accepted only when every field is of the right kind', () => {
    const ok = { type: 'whatIf', change: { kind: 'weight', param: 'W_hh', index: [0, 1], value: 0.5 } };
    assert.deepEqual(parseDynamicsMessage(ok), ok);
    for (const bad of [
      { type: 'whatIf', change: { kind: 'weight', param: 'W_hh', index: [0, -1], value: 0.5 } },
      { type: 'whatIf', change: { kind: 'weight', param: 'W_hh', index: [0, 1], value: Infinity } },
      { type: 'whatIf', change: { kind: 'learningRate', value: '0.1' } },
      { type: 'whatIf', change: { kind: 'eval', value: 1 } },
      { type: 'apply2' },
    ])
      assert.equal(parseDynamicsMessage(bad), undefined, JSON.stringify(bad));
  });
});
