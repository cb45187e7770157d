// Training you can step into, host side: the worker records every step's loss, ‖g‖, clip factor and
// η with checkpoints of the weights, and "Step into iteration k" (replayPlan.ts, then one run of
// the replayed weights as stepInto.ts makes it) gives the very trace a fresh runModel gives on the
// weights k steps of train() produce — every series, gradient and statistic, bit for bit. The panel
// message counts the clipped steps from every step, not from the downsampled curve.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { train, withParams } from '../../src/engine/compute/optimize';
import type { Model, Tensor } from '../../src/engine/model';
import type { Trace } from '../../src/engine/trace/trace';
import { runTraining, type TrainReply, type TrainRequest } from '../../src/host/training/trainingWorker';
import { iterationModelOf, replayPlan } from '../../src/host/training/replayPlan';
import { trainingMessage } from '../../src/host/panel/trainingMessage';
import type { TrainingRecordRef } from '../../src/host/session/session';

const root = join(__dirname, '..', '..');
const model = (name: string): Model => parseModel(readFileSync(join(root, 'examples', name), 'utf8')).model!;

function done(request: TrainRequest): Extract<TrainReply, { type: 'done' }> {
  let last: TrainReply | undefined;
  runTraining(request, (r) => (last = r));
  assert.ok(last && last.type === 'done', `training failed: ${JSON.stringify(last)}`);
  return last;
}

function assertSameArray(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length, `${what}: length`);
  for (let i = 0; i < b.length; i++) assert.ok(Object.is(a[i], b[i]), `${what}[${i}]: ${a[i]} ≠ ${b[i]}`);
}

function assertSameTrace(a: Trace, b: Trace): void {
  assert.ok(Object.is(a.loss, b.loss), `loss ${a.loss} ≠ ${b.loss}`);
  for (const name of Object.keys(b.series)) assertSameArray(a.series[name], b.series[name], name);
  for (const name of Object.keys(b.grads)) assertSameArray(a.grads[name].data, b.grads[name].data, `d${name}`);
  assertSameArray(a.dh0, b.dh0, 'dh0');
  assert.ok(Object.is(a.gradNorm, b.gradNorm) && Object.is(a.clipFactor, b.clipFactor), 'gradNorm / clipFactor');
  assert.equal(a.steps.length, b.steps.length);
}

describe('step into a training iteration', () => {
  for (const file of ['hi-there-class.rnn.json', 'lstm-hello.rnn.json', 'exploding-clipped.rnn.json']) {
    it(`${file}: the replayed iteration's trace is runModel on the weights k steps of train() give`, () => {
      const m = model(file);
      const steps = 23;
      const every = 5;
      const run = done({ type: 'train', model: m, steps, checkpointEvery: every });
      assert.ok(run.checkpoints && run.stats, 'the run kept checkpoints and statistics');
      assert.deepEqual([...run.checkpoints.keys()], [0, 5, 10, 15, 20]);
      const reference = train(m, steps);
      assert.deepEqual(run.stats.gradNorms, reference.gradNorms);
      assert.deepEqual(run.stats.clipFactors, reference.clipFactors);
      assert.deepEqual(run.stats.learningRates, reference.learningRates);
      const record: TrainingRecordRef = { model: m, every: run.checkpointEvery!, checkpoints: run.checkpoints };
      for (const k of [0, 4, 5, 13, steps - 1]) {
        const plan = replayPlan(record, k, steps);
        assert.equal(plan.from, Math.floor(k / every) * every, `iteration ${k + 1} starts at its checkpoint`);
        assert.equal(plan.request?.steps ?? 0, k - plan.from, 'at most every − 1 steps replayed');
        const params: Readonly<Record<string, Tensor>> = plan.request ? done(plan.request).params : plan.params;
        const replayed = runModel(iterationModelOf(record, params));
        const fresh = runModel(withParams(m, train(m, k).params));
        assertSameTrace(replayed, fresh);
        // …and it is the step the curves recorded: its loss, ‖g‖ and clip factor.
        assert.ok(Object.is(replayed.loss, run.losses[k]), `loss of iteration ${k + 1}`);
        assert.ok(Object.is(replayed.gradNorm, run.stats.gradNorms[k]), `‖g‖ of iteration ${k + 1}`);
        assert.ok(Object.is(replayed.clipFactor, run.stats.clipFactors[k]), `clip factor of iteration ${k + 1}`);
      }
    });
  }

  it('refuses an iteration the run did not reach, with the run length', () => {
    const m = model('hi-there-class.rnn.json');
    const record: TrainingRecordRef = { model: m, every: 5, checkpoints: new Map([[0, m.params]]) };
    assert.throws(() => replayPlan(record, 7, 7), /iteration 8 was not run: the training run has 7 steps/);
    assert.throws(() => replayPlan(record, -1, 7), /was not run/);
  });

  it('the panel message counts clipped steps over every step and marks where training diverged', () => {
    const factors = [1, 0.5, ...new Array<number>(3000).fill(1), 0.25];
    const msg = trainingMessage({
      state: 'done',
      step: factors.length,
      total: factors.length,
      losses: factors.map(() => 1),
      clipFactors: factors,
      gradNorms: factors.map(() => 2),
      learningRates: factors.map(() => 0.1),
      divergedAt: 7,
      record: {},
    });
    assert.deepEqual(msg.clipped, { count: 2, min: 0.25, at: factors.length - 1 });
    assert.equal(msg.divergedAt, 7);
    assert.equal(msg.replayable, true);
    assert.ok((msg.clipFactors?.steps.length ?? 0) < factors.length, 'the curve itself is downsampled');
  });
});
