// From a practice section to the steps of a run (engine/practice/questions.ts): which step indices
// are asked, for which value, in timeline order; what an entry without a tensor asks; the stepper's
// stops in practice mode; and that every question's value, read from the trace, has its shape.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { findStep } from './fixtures/findStep';
import { gradientAt, valueAt } from '../../src/engine/trace/stepValues';
import type { Trace } from '../../src/engine/trace/trace';
import { parseAsk } from '../../src/engine/practice/askGrammar';
import { DEFAULT_PRACTICE, type PracticeSettings } from '../../src/engine/practice/practiceSettings';
import {
  askedStepIndices,
  checkAsks,
  nextAskedStep,
  practiceQuestions,
  questionsAt,
  resolvePractice,
} from '../../src/engine/practice/questions';
import { doc } from './parse.helpers';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const seed = runModel(parseModel(readFileSync(join(EXAMPLES, 'hi-there-class.rnn.json'), 'utf8')).model!);

function settings(...entries: string[]): PracticeSettings {
  return {
    ...DEFAULT_PRACTICE,
    asks: entries.map((e) => {
      const p = parseAsk(e);
      assert.ok(p.ok, e);
      return p.ask;
    }),
  };
}

const keys = (trace: Trace, ...entries: string[]): string[] =>
  practiceQuestions(trace, settings(...entries)).map((q) => q.key);

describe('practice: the asked steps of a run', () => {
  it('"forward t=1 h" is step 1 of the seed run, asking h₁', () => {
    const [q] = practiceQuestions(seed, settings('forward t=1 h'));
    assert.equal(q.stepIndex, findStep(seed.steps, 'forward', 1, 'h'));
    assert.equal(q.stepIndex, 1);
    assert.deepEqual(q.target, { name: 'h', t: 1 });
    assert.equal(q.label, 'h₁');
    assert.deepEqual(q.shape, [1]);
    assert.equal(q.key, 'forward:1:h/h@1');
  });

  it('timesteps: a range, a list, a subscript in three spellings, none = every timestep', () => {
    const every = askedStepIndices(practiceQuestions(seed, settings('forward h')));
    assert.deepEqual(every, [1, 6, 11, 16]);
    assert.deepEqual(askedStepIndices(practiceQuestions(seed, settings('forward t=1..4 h'))), every);
    assert.deepEqual(askedStepIndices(practiceQuestions(seed, settings('forward t=4-1 h'))), every);
    assert.deepEqual(askedStepIndices(practiceQuestions(seed, settings('forward t=1,3 h'))), [1, 11]);
    for (const e of ['forward h₂', 'forward h_2', 'forward h2', 'forward t=2 h', 'forward h t=2'])
      assert.deepEqual(keys(seed, e), ['forward:2:h/h@2'], e);
  });

  it('backward δa: t = 4 … 1 in the order BPTT computes them; δa₄ at its step', () => {
    const qs = practiceQuestions(seed, settings('backward δa'));
    assert.deepEqual(
      qs.map((q) => q.label),
      ['δa₄', 'δa₃', 'δa₂', 'δa₁'],
    );
    assert.equal(qs[0].stepIndex, findStep(seed.steps, 'backward', 4, 'da'));
    assert.deepEqual(keys(seed, 'backward t=4 δa'), ['backward:4:da/da@4']);
  });

  it('a parameter gradient: the finished sum without t, the running sum with t', () => {
    const [g] = practiceQuestions(seed, settings('backward ∂L/∂W_hh'));
    assert.equal(g.key, 'backward:1:dW/dW_hh');
    assert.equal(g.label, '∂L/∂W_hh');
    assert.deepEqual(g.shape, [1, 1]);
    assert.deepEqual(valueAt(seed, g.target, g.stepIndex)!.data, seed.grads.W_hh.data);
    const [r] = practiceQuestions(seed, settings('backward t=3 dW_hh'));
    assert.equal(r.key, 'backward:3:dW/dW_hh');
    assert.deepEqual(valueAt(seed, r.target, r.stepIndex)!.data, gradientAt(seed, 'W_hh', r.stepIndex).data);
    assert.notDeepEqual(valueAt(seed, r.target, r.stepIndex)!.data, seed.grads.W_hh.data);
  });

  it('an entry without a tensor asks what each step computes; intermediates and copies are left out', () => {
    assert.deepEqual(keys(seed, 'backward t=4'), [
      'backward:4:dy/dy@4',
      'backward:4:dWy/dW_hy',
      'backward:4:dWy/db_y',
      'backward:4:dh/dh@4',
      'backward:4:da/da@4',
      'backward:4:dW/dW_xh',
      'backward:4:dW/dW_hh',
      'backward:4:dW/db_h',
      'backward:4:dhprev/dh_prev@4',
    ]);
    assert.deepEqual(keys(seed, 'loss'), ['loss::total/L']);
    assert.deepEqual(keys(seed, 'clip'), ['clip::clip/gradNorm']);
    assert.deepEqual(keys(seed, 'update'), [
      "update::W_xh/W_xh'",
      "update::W_hh/W_hh'",
      "update::b_h/b_h'",
      "update::W_hy/W_hy'",
      "update::b_y/b_y'",
    ]);
    assert.deepEqual(keys(seed, 'update W_hh'), keys(seed, 'update W_hh′'));
    // Named, an intermediate can be asked; ∂L/∂h₀ is what t = 1 sends back.
    assert.deepEqual(keys(seed, 'backward t=3 δh_out'), ['backward:3:dh/dh_out@3']);
    const [h0] = practiceQuestions(seed, settings('backward δh_0'));
    assert.equal(h0.key, 'backward:1:dhprev/dh_prev@1');
    assert.equal(h0.label, 'δh₀');
  });

  it('with clipping, the clip step asks κ too', () => {
    const clipped = runModel(parseModel(doc((m) => (m.train = { learningRate: 0.1, clipNorm: 0.5 }))).model!);
    assert.deepEqual(keys(clipped, 'clip'), ['clip::clip/gradNorm', 'clip::clip/clipFactor']);
    assert.deepEqual(keys(clipped, 'clip κ'), ['clip::clip/clipFactor']);
  });

  it('the timeline order, whatever the order of the entries; an overlap is asked once', () => {
    assert.deepEqual(keys(seed, 'update W_hh', 'forward t=2 h', 'forward h', 'backward δa₄'), [
      'forward:1:h/h@1',
      'forward:2:h/h@2',
      'forward:3:h/h@3',
      'forward:4:h/h@4',
      'backward:4:da/da@4',
      "update::W_hh/W_hh'",
    ]);
  });

  it('the object form asks the same as the string', () => {
    const o = parseModel(doc((m) => (m.practice = { ask: [{ phase: 'backward', t: [4, 3], tensor: 'δa' }] })));
    assert.deepEqual(
      practiceQuestions(runModel(o.model!)).map((q) => q.key),
      keys(seed, 'backward t=3,4 δa'),
    );
  });

  it('without a practice section every step asks, and every step is a stop', () => {
    const qs = practiceQuestions(seed);
    assert.deepEqual(
      askedStepIndices(qs),
      seed.steps.map((s) => s.index),
    );
    // 4 × (a, h, y, p, ℓ) + L + 4 × (δy, ∂L/∂W_hy, ∂L/∂b_y, δh, δa, ∂L/∂W_xh, ∂L/∂W_hh, ∂L/∂b_h, δh_{t−1})
    // + ‖g‖ + 5 updates
    assert.equal(qs.length, 4 * 5 + 1 + 4 * 9 + 1 + 5);
  });

  it('the stepper in practice mode: the next and previous asked step, the questions of a step', () => {
    const asked = askedStepIndices(practiceQuestions(seed, settings('forward h', 'backward δa₄')));
    assert.deepEqual(asked, [1, 6, 11, 16, 24]);
    assert.equal(nextAskedStep(asked, 0, 1), 1);
    assert.equal(nextAskedStep(asked, 1, 1), 6);
    assert.equal(nextAskedStep(asked, 16, 1), 24);
    assert.equal(nextAskedStep(asked, 24, 1), null);
    assert.equal(nextAskedStep(asked, 24, -1), 16);
    assert.equal(nextAskedStep(asked, 1, -1), null);
    assert.equal(nextAskedStep(asked, 20, -1), 16);
    const all = practiceQuestions(seed);
    assert.deepEqual(
      questionsAt(all, findStep(seed.steps, 'backward', 2, 'dW')).map((q) => q.label),
      ['∂L/∂W_xh', '∂L/∂W_hh', '∂L/∂b_h'],
    );
  });

  it('keys stay the same when only numbers change (progress survives an edit of a weight)', () => {
    const edited = runModel(parseModel(doc((m) => (m.weights.W_hh = [[0.3]]))).model!);
    assert.deepEqual(
      practiceQuestions(edited).map((q) => q.key),
      practiceQuestions(seed).map((q) => q.key),
    );
  });

  it('every question of every example: its value is recorded at its step and has its shape', () => {
    for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.rnn.json'))) {
      const trace = runModel(parseModel(readFileSync(join(EXAMPLES, f), 'utf8')).model!);
      for (const q of practiceQuestions(trace, DEFAULT_PRACTICE)) {
        const v = valueAt(trace, q.target, q.stepIndex);
        assert.ok(v, `${f} ${q.key}`);
        assert.equal(
          v.data.length,
          q.shape.reduce((a, b) => a * b, 1),
          `${f} ${q.key}`,
        );
        assert.ok(trace.steps[q.stepIndex].writes.some((w) => w.name === q.target.name && w.t === q.target.t));
      }
    }
  });

  it('LSTM and GRU: gate values, named intermediates, δc_prev, m', () => {
    const lstm = runModel(parseModel(readFileSync(join(EXAMPLES, 'lstm-hello.rnn.json'), 'utf8')).model!);
    assert.deepEqual(keys(lstm, 'forward t=2 f'), ['forward:2:f/f@2']);
    assert.deepEqual(keys(lstm, 'forward t=2 a_f'), ['forward:2:f/a_f@2']);
    assert.deepEqual(keys(lstm, 'backward t=2 δc_prev'), ['backward:2:dhprev/dc_prev@2']);
    assert.deepEqual(keys(lstm, 'backward t=2 δaᶠ'), ['backward:2:da_f/da_f@2']);
    const gru = runModel(parseModel(readFileSync(join(EXAMPLES, 'gru-sine.rnn.json'), 'utf8')).model!);
    assert.deepEqual(keys(gru, 'forward t=1 m'), ['forward:1:n/hn@1']);
    assert.deepEqual(keys(gru, 'backward t=1 δm'), ['backward:1:dhn/dhn@1']);
    const { errors } = resolvePractice(gru.steps, gru.model, settings('forward t=1 c').asks);
    assert.equal(errors.length, 1);
  });
});

describe('practice: checking a file agrees with resolving its run', () => {
  const entries = [
    'forward h',
    'forward t=2 ℓ',
    'forward p',
    'forward t=9 h',
    'forward q',
    'backward δa',
    'backward t=1 δc_prev',
    'backward δh_0',
    'backward t=2 ∂L/∂W_hh',
    'backward W_hh',
    'backward dW_hhh',
    'backward t=3 δh_out',
    'backward t=2 δaᶠ',
    'forward t=1 m',
    'forward t=1 a_f',
    'loss',
    'loss t=1',
    'clip κ',
    'update',
    'update W_zz',
  ];
  it('checkAsks gives exactly the errors resolvePractice gives, on every example', () => {
    let errors = 0;
    for (const f of readdirSync(EXAMPLES).filter((x) => x.endsWith('.rnn.json'))) {
      const trace = runModel(parseModel(readFileSync(join(EXAMPLES, f), 'utf8')).model!);
      const asks = settings(...entries).asks!;
      const fromRun = resolvePractice(trace.steps, trace.model, asks).errors;
      assert.deepEqual(checkAsks(trace.model, asks), fromRun, f);
      errors += fromRun.length;
    }
    assert.ok(errors > 40, `${errors} errors compared`);
  });
});
