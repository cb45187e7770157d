// Training off the host's thread: the worker's loop reports progress and returns exactly what the
// engine's `train` computes, and the real worker_threads bundle (built here with esbuild, as
// esbuild.mjs builds dist/trainingWorker.js) answers the same over a real thread boundary.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { buildNodeWorker } from './fixtures/workerBundle';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { train, withParams } from '../../src/engine/compute/optimize';
import type { Model, Tensor } from '../../src/engine/model';
import { runTraining, type TrainReply } from '../../src/host/training/trainingWorker';

const root = join(__dirname, '..', '..');
const model = (name: string): Model => parseModel(readFileSync(join(root, 'examples', name), 'utf8')).model!;

function assertSameParams(a: Readonly<Record<string, Tensor>>, b: Readonly<Record<string, Tensor>>): void {
  for (const k of Object.keys(b)) b[k].data.forEach((x, i) => assert.ok(Object.is(a[k].data[i], x), `${k}[${i}]`));
}

describe('training worker', () => {
  it("reports every loss once, in order, and returns train()'s parameters and the final loss", () => {
    const m = model('lstm-hello.rnn.json');
    const replies: TrainReply[] = [];
    let clock = 0;
    runTraining(
      { type: 'train', model: m, steps: 30 },
      (r) => replies.push(r),
      () => (clock += 40),
    ); // a progress message every ~3 steps
    const done = replies.pop()!;
    assert.equal(done.type, 'done');
    if (done.type !== 'done') return;
    const expected = train(m, 30);
    assert.deepEqual(done.losses, expected.losses);
    assertSameParams(done.params, expected.params);
    // The final loss is the loss of the trained weights: checked through the other code path (runModel).
    assert.ok(Object.is(done.finalLoss, runModel(withParams(m, done.params)).loss));
    assert.ok(done.finalLoss < done.losses[0]);
    // Progress: contiguous slices of the same losses.
    const streamed: number[] = [];
    for (const r of replies) {
      assert.equal(r.type, 'progress');
      if (r.type === 'progress') {
        assert.equal(r.from, streamed.length);
        streamed.push(...r.losses);
      }
    }
    assert.ok(replies.length >= 5);
    assert.deepEqual(streamed, expected.losses.slice(0, streamed.length));
  });

  it('turns an engine failure into an error reply', () => {
    const replies: TrainReply[] = [];
    runTraining({ type: 'train', model: { ...model('hi-there-class.rnn.json'), params: {} }, steps: 2 }, (r) =>
      replies.push(r),
    );
    assert.equal(replies.length, 1);
    assert.equal(replies[0].type, 'error');
  });

  it('the worker_threads bundle trains across the thread boundary with the same numbers', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'rnn-worker-'));
    try {
      const outfile = join(dir, 'trainingWorker.js');
      await buildNodeWorker('src/host/training/trainingWorker.ts', outfile);
      const m = model('gru-sine.rnn.json');
      const worker = new Worker(outfile);
      const done = await new Promise<TrainReply>((resolve, reject) => {
        worker.on('message', (r: TrainReply) => r.type !== 'progress' && resolve(r));
        worker.on('error', reject);
        worker.postMessage({ type: 'train', model: m, steps: 100 });
      });
      await worker.terminate();
      assert.equal(done.type, 'done');
      if (done.type !== 'done') return;
      const expected = train(m, 100);
      assert.deepEqual(done.losses, expected.losses);
      assertSameParams(done.params, expected.params);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
