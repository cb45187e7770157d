// A trace across a worker boundary (engine: trace/transfer.ts): posted with its transfer list
// (structuredClone with `transfer` is postMessage's algorithm), every array moves — the sender's
// are detached, nothing is copied — and the receiver, holding the same model, gets back the same
// trace bit for bit, steps and non-finite record included. Also through a real worker thread.
import { strict as assert } from 'node:assert';
import { Worker } from 'node:worker_threads';
import { runModel } from '../../src/engine/compute/run';
import { restoreTrace, tracePayload, type TracePayload } from '../../src/engine/trace/transfer';
import { PARAM_NAMES } from '../../src/engine/model';
import { SERIES } from '../../src/engine/trace/trace';
import { parseModel } from '../../src/engine/parse/parse';
import { randomModel } from './fixtures/models';
import { assertSameBits } from './fixtures/close';

describe('a trace across a worker boundary', () => {
  it('moves every array (the sender is left with detached buffers) and comes back identical', () => {
    const model = randomModel({ cell: 'lstm', input: 'tokens', loss: 'cross-entropy', reduction: 'mean', seed: 7 });
    const sent = runModel(model);
    const expected = runModel(model);
    const { payload, transfer } = tracePayload(sent);
    const arrays = 2 + SERIES.lstm.length + 2 * PARAM_NAMES.lstm.length + 1; // losses, dh0, series, grads+updated, dc0
    assert.equal(transfer.length, arrays);
    const received = structuredClone(payload, { transfer }) as TracePayload;
    assert.equal(sent.series.h.length, 0, 'the sender’s arrays are detached: they moved');
    const trace = restoreTrace(model, received);
    for (const info of SERIES.lstm) assertSameBits(trace.series[info.name], expected.series[info.name], info.name);
    for (const p of PARAM_NAMES.lstm) {
      assertSameBits(trace.grads[p].data, expected.grads[p].data, p);
      assert.deepEqual(trace.grads[p].shape, expected.grads[p].shape);
      assertSameBits(trace.updated[p].data, expected.updated[p].data, `${p}'`);
    }
    assertSameBits(trace.dc0!, expected.dc0!, 'dc0');
    assert.equal(trace.loss, expected.loss);
    assert.deepEqual(
      trace.steps.map((s) => s.id),
      expected.steps.map((s) => s.id),
    );
  });

  it('keeps the non-finite record, and refuses a trace of another model', () => {
    const text = JSON.stringify({
      vocab: ['a', 'b'],
      inputs: ['a', 'b'],
      targets: ['b', 'a'],
      weights: { W_xh: [[1, 1]], W_hh: [[0]], b_h: [0], W_hy: [[0], [0]], b_y: [1e308, -1e308] },
    });
    const model = parseModel(text).model!;
    const { payload, transfer } = tracePayload(runModel(model));
    const trace = restoreTrace(model, structuredClone(payload, { transfer }) as TracePayload);
    assert.equal(trace.nonFinite?.tensor, 'loss');
    assert.equal(trace.nonFinite?.value, Infinity);
    const other = randomModel({ cell: 'rnn', input: 'tokens', loss: 'cross-entropy', reduction: 'sum', H: 5, seed: 1 });
    assert.throws(() => restoreTrace(other, payload), /does not fit the model/);
  });

  it('through a real worker thread: the worker runs, transfers, the main thread restores', async function () {
    this.timeout(30000);
    const model = randomModel({ cell: 'gru', input: 'vectors', loss: 'mse', reduction: 'sum', H: 6, T: 9, seed: 3 });
    // The worker gets the model by structured clone (in the editor it would parse the same text).
    const worker = new Worker(
      `require('tsx/cjs');
       const { parentPort, workerData } = require('node:worker_threads');
       const { runModel } = require(${JSON.stringify(require.resolve('../../src/engine/compute/run'))});
       const { tracePayload } = require(${JSON.stringify(require.resolve('../../src/engine/trace/transfer'))});
       const { payload, transfer } = tracePayload(runModel(workerData));
       parentPort.postMessage(payload, transfer);`,
      { eval: true, workerData: model },
    );
    try {
      const payload = await new Promise<TracePayload>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const trace = restoreTrace(model, payload);
      const expected = runModel(model);
      for (const info of SERIES.gru) assertSameBits(trace.series[info.name], expected.series[info.name], info.name);
      for (const p of PARAM_NAMES.gru) assertSameBits(trace.updated[p].data, expected.updated[p].data, p);
    } finally {
      await worker.terminate();
    }
  });
});
