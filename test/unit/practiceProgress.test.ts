// A learner's progress (engine/practice/progress.ts): answers and hints recorded immutably, the
// "N of M steps correct, K hints" summary per asked step, the last answer given, a reset, a
// fingerprint that changes when the model's numbers do, and stored progress read defensively.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import { parseAsk } from '../../src/engine/practice/askGrammar';
import { DEFAULT_PRACTICE } from '../../src/engine/practice/practiceSettings';
import { practiceQuestions } from '../../src/engine/practice/questions';
import {
  emptyProgress,
  lastAnswer,
  MAX_ANSWERS,
  parseProgress,
  progressFor,
  progressSummary,
  questionStatus,
  recordAnswer,
  recordHint,
  resetProgress,
  runFingerprint,
} from '../../src/engine/practice/progress';
import { doc } from './parse.helpers';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const seed = runModel(parseModel(readFileSync(join(EXAMPLES, 'hi-there-class.rnn.json'), 'utf8')).model!);
const asks = ['forward t=1,2 h', 'backward t=4'].map((e) => {
  const p = parseAsk(e);
  assert.ok(p.ok);
  return p.ask;
});
const questions = practiceQuestions(seed, { ...DEFAULT_PRACTICE, asks });
const [h1, h2] = questions;
const dW = questions.filter((q) => q.stepId === 'backward:4:dW');

describe('practice: progress', () => {
  it('starts empty: 0 of M steps, M counting steps (a step with three gradients is one)', () => {
    const p = emptyProgress(runFingerprint(seed));
    assert.equal(dW.length, 3);
    // h₁, h₂ and the six steps of backward t=4
    assert.equal(progressSummary(p, questions).text, '0 of 8 steps correct, 0 hints');
    assert.equal(questionStatus(p, h1.key), 'unanswered');
    assert.equal(lastAnswer(p, h1.key), null);
  });

  it('answers and hints: the summary counts steps right, and every rung of the ladder shown', () => {
    let p = emptyProgress('f');
    const before = p;
    p = recordAnswer(p, h1.key, '0.5', false);
    assert.equal(questionStatus(p, h1.key), 'incorrect');
    p = recordAnswer(p, h1.key, '0.4621', true);
    p = recordAnswer(p, h1.key, '0.9', false); // a later slip does not undo a step solved
    p = recordHint(p, h2.key, 2);
    p = recordHint(p, h2.key, 1); // showing a lower rung again costs nothing
    p = recordHint(p, h2.key, 3);
    p = recordAnswer(p, dW[0].key, '0.28', true);
    p = recordAnswer(p, dW[1].key, '0.18', true); // dW_xh, dW_hh right, db_h not yet: the step is not
    assert.deepEqual(before, emptyProgress('f'), 'the functions never change their argument');
    assert.equal(questionStatus(p, h1.key), 'correct');
    assert.deepEqual(lastAnswer(p, h1.key), { text: '0.9', correct: false });
    const s = progressSummary(p, questions);
    assert.deepEqual(
      { correct: s.correct, incorrect: s.incorrect, unanswered: s.unanswered, total: s.total, hints: s.hints },
      { correct: 1, incorrect: 0, unanswered: 7, total: 8, hints: 3 },
    );
    assert.equal(s.text, '1 of 8 steps correct, 3 hints');
    p = recordAnswer(p, dW[2].key, '0.28', true);
    assert.equal(progressSummary(p, questions).text, '2 of 8 steps correct, 3 hints');
    p = recordAnswer(p, h2.key, '-0.3', false);
    assert.equal(progressSummary(p, questions).incorrect, 1);
    assert.equal(progressSummary(resetProgress(p), questions).text, '0 of 8 steps correct, 0 hints');
    assert.equal(resetProgress(p).fingerprint, 'f');
  });

  it('keeps the last answers only, and long texts cut', () => {
    let p = emptyProgress('f');
    for (let k = 0; k < MAX_ANSWERS + 5; k++) p = recordAnswer(p, h1.key, String(k), false);
    assert.equal(p.questions[h1.key].answers.length, MAX_ANSWERS);
    assert.equal(lastAnswer(p, h1.key)!.text, String(MAX_ANSWERS + 4));
    assert.equal(
      recordAnswer(p, h1.key, 'x'.repeat(10_000), false).questions[h1.key].answers.at(-1)!.text.length,
      2000,
    );
  });

  it('is JSON: stored and read back unchanged; progressFor keeps it only for the same run', () => {
    let p = recordHint(recordAnswer(emptyProgress(runFingerprint(seed)), h1.key, '0.4621', true), h2.key, 1);
    const stored = JSON.parse(JSON.stringify(p));
    assert.deepEqual(parseProgress(stored), p);
    assert.deepEqual(progressFor(stored, runFingerprint(seed)), p);
    p = progressFor(stored, 'another run');
    assert.deepEqual(p, emptyProgress('another run'));
  });

  it('the fingerprint: the same for the same file, different when a number changes', () => {
    const again = runModel(parseModel(readFileSync(join(EXAMPLES, 'hi-there-class.rnn.json'), 'utf8')).model!);
    assert.equal(runFingerprint(again), runFingerprint(seed));
    assert.match(runFingerprint(seed), /^[0-9a-f]{8}$/);
    const variants = [
      doc((m) => (m.weights.W_hh = [[0.21]])),
      doc((m) => (m.weights.b_y = [0, 0, 0, 0.001])),
      doc((m) => (m.train = { learningRate: 0.2 })),
      doc((m) => (m.targets = ['there', 'class', '!', 'hi'])),
      doc((m) => (m.h0 = [0.1])),
    ];
    const base = runFingerprint(runModel(parseModel(doc()).model!));
    for (const v of variants) assert.notEqual(runFingerprint(runModel(parseModel(v).model!)), base, v);
  });

  it('stored progress is untrusted: anything malformed reads as none', () => {
    const good = { version: 1, fingerprint: 'f', questions: { k: { answers: [], solved: false, hints: 0 } } };
    assert.ok(parseProgress(good));
    for (const bad of [
      null,
      42,
      'x',
      [],
      { ...good, version: 2 },
      { ...good, fingerprint: 3 },
      { ...good, questions: [] },
      { ...good, questions: { k: { answers: 'no', solved: false, hints: 0 } } },
      { ...good, questions: { k: { answers: [], solved: 'yes', hints: 0 } } },
      { ...good, questions: { k: { answers: [], solved: false, hints: 4 } } },
      { ...good, questions: { k: { answers: [{ text: 1, correct: true }], solved: false, hints: 0 } } },
    ])
      assert.equal(parseProgress(bad), null, JSON.stringify(bad));
    // A key named __proto__ stays a key: it never becomes the object's prototype.
    const p = parseProgress(
      JSON.parse('{"version":1,"fingerprint":"f","questions":{"__proto__":{"answers":[],"solved":true,"hints":1}}}'),
    )!;
    assert.equal(Object.getPrototypeOf(p.questions), Object.prototype);
    assert.equal(questionStatus(p, '__proto__'), 'correct');
    assert.equal(questionStatus(p, 'toString'), 'unanswered');
  });
});
