// Every problem that can be found, found: a check that does not depend on the invalid part still
// runs — a vocab with a duplicate or a non-string still has its strings, so a missing input token
// is reported; a ragged W_xh still has a width, checked against the vocab. And the budgets the
// file itself sets: train.steps is capped like --steps, a text over the size limit is refused at
// once, and a model without a name takes its file's.
import assert from 'node:assert/strict';
import { defaultModelName, parseModel } from '../../src/engine/parse/parse';
import { doc, expectProblem, expectProblems, Raw } from './parse.helpers';

describe('validate: every problem that can be found', () => {
  it('a duplicate in the vocab does not hide a missing input token', () => {
    expectProblems(
      doc((m) => {
        m.vocab = ['hi', 'there', 'class', 'hi', '!'];
        m.inputs = ['hi', 'thre', 'class', '!'];
      }),
      [
        {
          path: 'vocab[3]',
          at: '"hi"',
          nth: 1,
          message:
            'vocab[3] is "hi", which is already vocab[0]; the tokens of vocab must be distinct (each is one entry of the one-hot input)',
        },
        {
          path: 'inputs[1]',
          at: '"thre"',
          message:
            'inputs[1] is "thre", which is not in the vocab (did you mean "there"?); vocab is ["hi", "there", "class", "hi", "!"]',
        },
      ],
    );
  });

  it('a number among the classes does not hide a target missing from them', () => {
    expectProblems(
      doc((m) => {
        m.classes = ['there', 'class', 7, '!'];
        m.targets = ['there', 'clas', '!', '!'];
      }),
      [
        {
          path: 'targets[1]',
          at: '"clas"',
          message:
            'targets[1] is "clas", which is not one of the classes (did you mean "class"?); classes is ["there", "class", "!"]',
        },
        {
          path: 'classes[2]',
          at: '7,',
          message: 'classes[2] is a number (7), but every token of classes must be a string',
        },
      ],
    );
  });

  it('a ragged W_xh still has its width (row 0) checked against the vocab', () => {
    expectProblems(
      doc((m) => {
        m.hiddenSize = 2;
        m.weights = {
          ...m.weights,
          W_xh: [[0.5, 0.1], [0.2]],
          W_hh: [
            [0.2, 0],
            [0, 0.2],
          ],
          b_h: [0, 0],
        };
        m.weights.W_hy = [
          [1, 0],
          [0.5, 0],
          [-0.5, 0],
          [0, 0],
        ];
      }),
      [
        {
          path: 'weights.W_xh',
          at: '[[0.5',
          message: 'row 0 of W_xh has 2 numbers but the vocab has 4 tokens (W_xh must be hidden × input = 2 × 4)',
        },
        {
          path: 'weights.W_xh[1]',
          at: '[0.2]',
          message: 'row 1 of W_xh has 1 number but row 0 has 2 (every row of a matrix must have the same length)',
        },
      ],
    );
  });
});

describe('validate: budgets set by the file', () => {
  it('train.steps is capped at 10,000,000, like --steps', () => {
    for (const steps of [new Raw('1e300'), 10_000_001])
      expectProblem(
        doc((m) => (m.train = { learningRate: 0.1, steps })),
        {
          path: 'train.steps',
          at: String(steps instanceof Raw ? steps.text : steps),
          message: `steps must be an integer from 1 to 10,000,000 (how many training steps "train" runs), found ${steps instanceof Raw ? steps.text : steps}`,
        },
      );
    const ok = parseModel(doc((m) => (m.train = { steps: 10_000_000 })));
    assert.equal(ok.model?.train.steps, 10_000_000);
  });

  it('a text over the size limit is refused at once, with one problem at its start', () => {
    const text = doc();
    const r = parseModel(text, { limits: { maxFileBytes: text.length - 1 } });
    assert.equal(r.model, null);
    assert.deepEqual(
      r.problems.map((p) => [p.line, p.column, p.message]),
      [
        [
          1,
          1,
          `the file is ${text.length} bytes, more than the limit of ${text.length - 1} bytes for a model file; draw large weights with "weights": {"init": {"seed": 1}} instead of writing them out`,
        ],
      ],
    );
    assert.ok(parseModel(text, { limits: { maxFileBytes: text.length } }).model);
  });

  it('a model without a name is called by its file name, without folders or .rnn.json', () => {
    assert.equal(defaultModelName('/home/me/models/tiny.rnn.json'), 'tiny');
    assert.equal(defaultModelName('C:\\models\\tiny.rnn.json'), 'tiny');
    assert.equal(defaultModelName('notes.json'), 'notes.json');
    assert.equal(defaultModelName('.rnn.json'), 'model');
    assert.equal(defaultModelName(undefined), 'model');
  });
});
