// A run in slices (compute/run.ts) — what a worker reports progress from and cancels, and what a
// host without workers interleaves with its other work: the numbers do not depend on where the
// slices fall (compared bit for bit with a run in one go and with train's update), progress
// climbs to 1, and a cancelled run frees its heap and says so.
import { strict as assert } from 'node:assert';
import { RunCancelled, runModel, startRun } from '../../src/engine/compute/run';
import { train } from '../../src/engine/compute/optimize';
import { PARAM_NAMES } from '../../src/engine/model';
import { SERIES, type Trace } from '../../src/engine/trace/trace';
import { allSpecs, randomModel, specName, type RandomSpec } from './fixtures/models';
import { assertSameBits } from './fixtures/close';

function assertSameTrace(a: Trace, b: Trace, what: string): void {
  const m = a.model;
  for (const info of SERIES[m.cell]) assertSameBits(a.series[info.name], b.series[info.name], `${what} ${info.name}`);
  for (const p of PARAM_NAMES[m.cell]) {
    assertSameBits(a.grads[p].data, b.grads[p].data, `${what} ∂L/∂${p}`);
    assertSameBits(a.updated[p].data, b.updated[p].data, `${what} ${p}'`);
  }
  assertSameBits(a.dh0, b.dh0, `${what} δh0`);
  assertSameBits(a.losses, b.losses, `${what} ℓ`);
  assert.equal(a.loss, b.loss, `${what} L`);
  assert.equal(a.gradNorm, b.gradNorm, `${what} ‖g‖`);
  assert.equal(a.steps.length, b.steps.length);
}

describe('a run in slices', () => {
  it('every timestep and gradient row its own slice: the same bits as one slice, for every kind of model', () => {
    for (const spec of allSpecs(300, { T: 6 })) {
      const model = randomModel(spec);
      assertSameTrace(runModel(model, { sliceWork: 1 }), runModel(model, { sliceWork: 1e15 }), specName(spec));
    }
  });

  it('wide models (rows of 256 and more, restaged products) sliced by rows: the same bits, and train agrees', () => {
    const specs: RandomSpec[] = [
      { cell: 'rnn', input: 'vectors', loss: 'mse', reduction: 'sum', H: 260, I: 3, O: 2, T: 3, seed: 1 },
      { cell: 'gru', input: 'tokens', loss: 'cross-entropy', reduction: 'mean', H: 90, I: 5, O: 270, T: 3, seed: 2 },
    ];
    for (const spec of specs) {
      const model = randomModel({ ...spec, scale: 0.1 });
      const sliced = runModel(model, { sliceWork: 1000 });
      assertSameTrace(sliced, runModel(model), specName(spec));
      const one = train(model, 1);
      for (const p of PARAM_NAMES[model.cell]) assertSameBits(one.params[p].data, sliced.updated[p].data, p);
    }
  });

  it('advance() yields when asked, progress rises to exactly 1, and the result is the whole run', () => {
    const model = randomModel({
      cell: 'lstm',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      T: 20,
      seed: 4,
    });
    const task = startRun(model, { sliceWork: 50 });
    const seen: number[] = [];
    let calls = 0;
    while (!task.advance(() => true)) {
      calls++;
      seen.push(task.progress);
    }
    assert.ok(calls > 20, `${calls} slices`);
    for (let k = 1; k < seen.length; k++) assert.ok(seen[k] >= seen[k - 1], 'progress never goes back');
    assert.ok(seen[seen.length - 1] <= 1);
    assert.equal(task.progress, 1);
    assert.ok(task.finished);
    assertSameTrace(task.result(), runModel(model), 'sliced task');
  });

  it('cancel() stops it: advance throws RunCancelled, and the engine runs on as before', () => {
    const model = randomModel({ cell: 'gru', input: 'vectors', loss: 'mse', reduction: 'mean', T: 30, seed: 5 });
    const task = startRun(model, { sliceWork: 10 });
    assert.equal(
      task.advance(() => true),
      false,
    );
    task.cancel();
    assert.throws(() => task.advance(), RunCancelled);
    assert.throws(() => task.result(), /has not finished/);
    assert.equal(runModel(model).loss, runModel(model).loss);
  });

  it('runModel: onProgress returning false cancels with RunCancelled; progress reaches 1 otherwise', () => {
    const model = randomModel({
      cell: 'rnn',
      input: 'tokens',
      loss: 'cross-entropy',
      reduction: 'sum',
      T: 40,
      seed: 6,
    });
    let n = 0;
    assert.throws(() => runModel(model, { sliceWork: 10, onProgress: () => ++n < 5 }), RunCancelled);
    assert.equal(n, 5);
    const fractions: number[] = [];
    runModel(model, { sliceWork: 10, onProgress: (f) => void fractions.push(f) });
    assert.ok(fractions.length > 10);
    assert.ok(fractions.every((f, k) => f >= 0 && f <= 1 && (k === 0 || f >= fractions[k - 1])));
  });
});
