// The memory limit: a run records every intermediate of every timestep (the trace), so a file can
// pass every size limit and still need gigabytes (T = 100 000 with H = 4096). It is refused at
// validation, before anything is allocated, with how many numbers, why, and the limit.

import assert from 'node:assert/strict';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { DEFAULT_LIMITS } from '../../src/engine/parse/problems';
import { traceValueCount } from '../../src/engine/parse/sizes';
import type { CellKind } from '../../src/engine/model';
import { doc, expectProblem } from './parse.helpers';
import { randomModel } from './stepsModels';

describe('validate: the memory a run records (maxTraceValues)', () => {
  it('defaults to 64 million float64 values (512 MB)', () => {
    assert.equal(DEFAULT_LIMITS.maxTraceValues, 64_000_000);
  });

  it('refuses T = 100 000 at H = 4096, a file within every other limit, at "inputs"', () => {
    const text = JSON.stringify({
      cell: 'rnn',
      hiddenSize: 4096,
      vocab: ['a'],
      inputs: 'a'.repeat(100_000),
      weights: { init: { seed: 1 } },
    });
    const t0 = Date.now();
    const r = parseModel(text);
    assert.ok(Date.now() - t0 < 5000, 'refused without allocating the run');
    assert.equal(r.model, null);
    // Every problem is reported at once: this is the only one, so every other limit passed.
    assert.equal(r.problems.length, 1, JSON.stringify(r.problems));
    const p = r.problems[0];
    assert.equal(p.path, 'inputs');
    assert.equal(text.slice(p.offset, p.offset + p.length), '"inputs"');
    // Per timestep (rnn): a, h, δhⁿᵉˣᵗ, δhᵒᵘᵗ, δh, δa, δh_prev (7 × H) and y, p, δy (3 × O), O = 1;
    // parameters: W_xh 4096×1, W_hh 4096², b_h 4096, W_hy 1×4096, b_y 1 = 16,789,505, three times.
    const perStep = 7 * 4096 + 3 * 1;
    const params = 4096 + 4096 * 4096 + 4096 + 4096 + 1;
    const values = 100_000 * perStep + 3 * params;
    assert.equal(values, 2_917_868_515);
    assert.equal(
      p.message,
      'the run would record 2,917,868,515 numbers (23.3 GB): 28,675 per timestep for 100000 timesteps of rnn with hidden 4096, output 1, ' +
        'plus the 16,789,505 parameters, their gradients and the update — more than the limit of 64,000,000 numbers (512 MB) kept to step through the run; ' +
        'use fewer timesteps or a smaller hidden size',
    );
  });

  it('counts exactly: the seed example records 118 numbers (4 × 19 + 3 × 14)', () => {
    // rnn, I = 4, H = 1, O = 4, T = 4: per timestep 7 × 1 + 3 × 4 = 19; 14 parameters.
    expectProblem(
      doc(),
      {
        path: 'inputs',
        at: '"inputs"',
        message:
          'the run would record 118 numbers (944 bytes): 19 per timestep for 4 timesteps of rnn with hidden 1, output 4, plus the 14 parameters, their gradients and the update — more than the limit of 117 numbers (936 bytes) kept to step through the run; use fewer timesteps or a smaller hidden size',
      },
      { limits: { maxTraceValues: 117 } },
    );
    const ok = parseModel(doc(), { limits: { maxTraceValues: 118 } });
    assert.deepEqual(ok.problems, []);
    assert.ok(ok.model);
  });

  it('one problem for one cause: too many parameters is not also reported as too much memory', () => {
    expectProblem(
      doc(),
      {
        path: 'weights',
        at: '"weights"',
        message:
          'the model would have 14 parameters (112 bytes; rnn with input 4, hidden 1, output 4), more than the limit of 13 (104 bytes)',
      },
      { limits: { maxParams: 13, maxTraceValues: 1 } },
    );
  });

  for (const cell of ['rnn', 'lstm', 'gru'] as CellKind[]) {
    it(`equals the float64 values a real run of ${cell} records (series, parameters, gradients, update)`, () => {
      const model = randomModel({ cell, tokens: false, loss: 'mse', H: 3, T: 5, I: 2, O: 4 });
      const trace = runModel(model);
      let recorded = 0;
      for (const s of Object.values(trace.series)) recorded += s.length;
      for (const group of [model.params, trace.grads, trace.updated])
        for (const t of Object.values(group)) recorded += t.data.length;
      assert.equal(traceValueCount(cell, model.steps, model.inputSize, model.hiddenSize, model.outputSize), recorded);
    });
  }
});
