// inputs, targets, vocab and classes: tokens that are not in their list, duplicates, lengths,
// vector inputs of unequal length, tokens without a vocab, loss/target pairings — and the train
// settings' ranges.

import assert from 'node:assert/strict';
import { parseModel } from '../../src/engine/parse/parse';
import { doc, expectProblem, expectProblems, lineCol, vectorDoc } from './parse.helpers';

const VOCAB = 'vocab is ["hi", "there", "class", "!"]';

describe('validate: tokens', () => {
  it('an input token missing from the vocab, with a did-you-mean', () => {
    expectProblem(
      doc((m) => (m.inputs[3] = 'clas')),
      {
        path: 'inputs[3]',
        at: '"clas"',
        message: `inputs[3] is "clas", which is not in the vocab (did you mean "class"?); ${VOCAB}`,
      },
    );
    expectProblem(
      doc((m) => (m.inputs[0] = 'bye')),
      { path: 'inputs[0]', at: '"bye"', message: `inputs[0] is "bye", which is not in the vocab; ${VOCAB}` },
    );
  });

  it('a target token missing from the classes, or from the vocab they default to', () => {
    expectProblem(
      doc((m) => (m.targets[1] = 'dog')),
      {
        path: 'targets[1]',
        at: '"dog"',
        message: `targets[1] is "dog", which is not in the vocab; ${VOCAB} (token targets are drawn from classes, which defaults to the vocab)`,
      },
    );
    expectProblem(
      doc((m) => {
        m.classes = ['positive', 'negative'];
        m.targets = [null, null, null, 'postive'];
        m.weights.W_hy = [[1], [2]];
        m.weights.b_y = [0, 0];
      }),
      {
        path: 'targets[3]',
        at: '"postive"',
        message:
          'targets[3] is "postive", which is not one of the classes (did you mean "positive"?); classes is ["positive", "negative"]',
      },
    );
  });

  it('a long vocab is summarized rather than listed', () => {
    const vocab = Array.from({ length: 30 }, (_, i) => `w${i}`);
    const r = parseModel(
      doc((m) => {
        m.vocab = vocab;
        m.inputs = ['w1', 'zz'];
        delete m.targets;
        m.hiddenSize = 1;
        m.weights = { init: { seed: 1 } };
      }),
    );
    assert.deepEqual(
      r.problems.map((p) => p.message),
      ['inputs[1] is "zz", which is not in the vocab; vocab has 30 tokens'],
    );
  });

  it('duplicate tokens in vocab and classes', () => {
    // The duplicate leaves the input size in doubt, but the inputs are still checked against the
    // vocab's strings: "class" (which the duplicate "hi" replaced) is reported too.
    expectProblems(
      doc((m) => (m.vocab = ['hi', 'there', 'hi', '!'])),
      [
        {
          path: 'vocab[2]',
          at: '"hi"',
          nth: 1,
          message:
            'vocab[2] is "hi", which is already vocab[0]; the tokens of vocab must be distinct (each is one entry of the one-hot input)',
        },
        {
          path: 'inputs[2]',
          at: '"class"',
          message: 'inputs[2] is "class", which is not in the vocab; vocab is ["hi", "there", "hi", "!"]',
        },
        {
          path: 'targets[1]',
          at: '"class"',
          nth: 1,
          message:
            'targets[1] is "class", which is not in the vocab; vocab is ["hi", "there", "hi", "!"] (token targets are drawn from classes, which defaults to the vocab)',
        },
      ],
    );
    expectProblem(
      doc((m) => {
        m.classes = ['a', 'b', 'c', 'b'];
        m.targets = ['a', 'b', 'c', 'a'];
      }),
      {
        path: 'classes[3]',
        at: '"b"]',
        message:
          'classes[3] is "b", which is already classes[1]; the tokens of classes must be distinct (each is one output of the model)',
      },
    );
  });

  it('a string input is read as its characters; a missing one is pointed at in the string', () => {
    // "h\u0065l\u006Cx": the escapes take 6 code units each; x is character 5, the 5th step.
    const text = doc((m) => {
      m.vocab = ['h', 'e', 'l', 'o'];
      m.inputs = 'PLACEHOLDER';
      m.targets = 'ello!';
      m.weights.W_xh = [[1, 2, 3, 4]];
    }).replace('"PLACEHOLDER"', '"h\\u0065l\\u006Cx"');
    expectProblems(text, [
      {
        path: 'inputs[4]',
        at: 'x"',
        message:
          'inputs[4] is "x" (character 5 of the string), which is not in the vocab; vocab is ["h", "e", "l", "o"]',
      },
      {
        path: 'targets[4]',
        at: '!"',
        message:
          'targets[4] is "!" (character 5 of the string), which is not in the vocab; vocab is ["h", "e", "l", "o"] (token targets are drawn from classes, which defaults to the vocab)',
      },
    ]);
  });

  it('an escaped surrogate pair is one character of a string input', () => {
    const text = doc((m) => {
      m.vocab = ['😀', 'b', 'c', 'd'];
      m.inputs = 'PLACEHOLDER';
      m.targets = ['b', 'c', 'd'];
    }).replace('"PLACEHOLDER"', '"\\ud83d\\ude00bx"');
    expectProblem(text, {
      path: 'inputs[2]',
      at: 'x"',
      message:
        'inputs[2] is "x" (character 3 of the string), which is not in the vocab; vocab is ["😀", "b", "c", "d"]',
    });
  });

  it('columns count UTF-16 code units, as editors do (an emoji is 2)', () => {
    const text = doc((m) => {
      m.vocab = ['😀', 'b', 'c', 'd'];
      m.inputs = ['😀', '😀', 'x', 'b'];
      m.targets = ['b', 'c', 'd', '😀'];
    });
    const r = parseModel(text);
    assert.equal(r.problems.length, 1);
    const p = r.problems[0];
    const offset = text.indexOf('"x"');
    assert.equal(p.offset, offset);
    assert.deepEqual({ line: p.line, column: p.column }, lineCol(text, offset));
    assert.equal(p.column, '  "inputs": ["😀","😀",'.length + 1);
    // and a string input of emoji is read as characters (code points), not code units
    const emoji = parseModel(
      doc((m) => {
        m.vocab = ['😀', 'b', 'c', 'd'];
        m.inputs = '😀b😀c';
        m.targets = 'b😀cd😀';
      }),
    );
    assert.equal(
      emoji.problems[0]?.message,
      'targets has 5 characters but inputs has 4 steps (one target per input step; use null for a step without a target)',
    );
  });
});

describe('validate: sequences', () => {
  it('targets must be as long as inputs', () => {
    expectProblem(
      doc((m) => m.targets.pop()),
      {
        path: 'targets',
        after: '"targets": ',
        message:
          'targets has 3 entries but inputs has 4 steps (one target per input step; use null for a step without a target)',
      },
    );
  });

  it('empty inputs', () => {
    expectProblem(
      doc((m) => {
        m.inputs = [];
        delete m.targets;
      }),
      { path: 'inputs', after: '"inputs": ', message: 'inputs is empty; it must have at least one step' },
    );
  });

  it('targets that are all null', () => {
    expectProblem(
      doc((m) => (m.targets = [null, null, null, null])),
      {
        path: 'targets',
        after: '"targets": ',
        message:
          'targets has no target at any step (every entry is null); give at least one, or leave "targets" out to run without a loss',
      },
    );
  });

  it('targets mixing tokens and vectors', () => {
    expectProblem(
      doc((m) => (m.targets[2] = [1, 0, 0, 0])),
      {
        path: 'targets[2]',
        at: '[1,0,0,0]',
        message:
          'targets[2] is a vector, but targets[0] is a token; the targets must be all tokens or all vectors (null where a step has none)',
      },
    );
  });

  it('vector inputs of unequal lengths', () => {
    expectProblem(
      vectorDoc((m) => (m.inputs[2] = [3, 4])),
      {
        path: 'inputs[2]',
        at: '[3,4]',
        message:
          'inputs[2] has 2 numbers but inputs[0] has 1 (every input vector must have the same length: the input size)',
      },
    );
    expectProblem(
      vectorDoc((m) => (m.targets[2] = [])),
      {
        path: 'targets[2]',
        at: '[]]',
        message:
          'targets[2] has 0 numbers but targets[0] has 1 (every target vector must have the same length: the output size)',
      },
    );
  });

  it('token strings without a vocab, and vectors with one', () => {
    expectProblem(
      vectorDoc((m) => (m.inputs = ['a', 'b', 'c'])),
      {
        path: 'inputs',
        after: '"inputs": ',
        message:
          'inputs are tokens ("a", …), but there is no vocab: add "vocab": [ … ] listing every token, or give the inputs as vectors of numbers',
      },
    );
    expectProblem(
      vectorDoc((m) => (m.inputs[1] = 'b')),
      {
        path: 'inputs[1]',
        at: '"b"',
        message:
          'inputs[1] is the token "b", but there is no vocab: add "vocab": [ … ] listing every token, or give the inputs as vectors of numbers',
      },
    );
    expectProblem(
      vectorDoc((m) => (m.inputs = 'abc')),
      {
        path: 'inputs',
        after: '"inputs": ',
        message:
          'inputs must be an array of vectors of numbers (e.g. [[0.5], [0.1]]) — or add a "vocab" to give tokens, found a string ("abc")',
      },
    );
    expectProblem(
      doc((m) => (m.inputs[1] = [0, 1, 0, 0])),
      {
        path: 'inputs[1]',
        at: '[0,1,0,0]',
        message:
          'inputs[1] is an array, but with a vocab every input must be a token of it (a string) — remove "vocab" to use vector inputs',
      },
    );
    expectProblem(
      vectorDoc((m) => (m.targets = ['a', null, 'b'])),
      {
        path: 'targets',
        after: '"targets": ',
        message:
          'the targets are tokens but there is neither "classes" nor "vocab" to draw them from: add "classes": [ … ] listing every possible target',
      },
    );
  });

  it('classes with vector targets', () => {
    expectProblem(
      vectorDoc((m) => (m.classes = ['a'])),
      {
        path: 'classes',
        at: '"classes"',
        message:
          'classes only applies to token targets, but the targets are vectors (their length, 1, is the output size); remove "classes" or give token targets',
      },
    );
  });

  it('loss and targets must pair: cross-entropy with tokens, mse with vectors', () => {
    expectProblem(
      vectorDoc((m) => (m.loss = 'cross-entropy')),
      {
        path: 'loss',
        after: '"loss": ',
        message:
          'loss "cross-entropy" needs token targets (a softmax over the classes), but the targets are vectors of numbers; use "mse", or leave "loss" out',
      },
    );
    expectProblem(
      doc((m) => (m.loss = 'mse')),
      {
        path: 'loss',
        after: '"loss": ',
        message:
          'loss "mse" needs vector targets, but the targets are tokens (of the vocab); use "cross-entropy", or leave "loss" out',
      },
    );
  });
});

describe('validate: train settings', () => {
  it('learningRate > 0, clipNorm > 0 or null, steps an integer ≥ 1', () => {
    expectProblems(
      doc((m) => (m.train = { learningRate: 0, clipNorm: -1, steps: 1.5 })),
      [
        {
          path: 'train.learningRate',
          after: '"learningRate":',
          message: 'learningRate must be a number > 0 (the SGD step size), found 0',
        },
        {
          path: 'train.clipNorm',
          after: '"clipNorm":',
          message:
            'clipNorm must be a number > 0 or null (the largest gradient norm kept; null turns clipping off), found -1',
        },
        {
          path: 'train.steps',
          after: '"steps":',
          message:
            'steps must be an integer from 1 to 10,000,000 (how many training steps "train" runs), found 1.5, which is not a whole number',
        },
      ],
    );
    expectProblems(
      doc((m) => (m.train = { learningRate: -0.5, clipNorm: 0, steps: 0 })),
      [
        {
          path: 'train.learningRate',
          after: '"learningRate":',
          message: 'learningRate must be a number > 0 (the SGD step size), found -0.5',
        },
        {
          path: 'train.clipNorm',
          after: '"clipNorm":',
          message:
            'clipNorm must be a number > 0 or null (the largest gradient norm kept; null turns clipping off), found 0',
        },
        {
          path: 'train.steps',
          after: '"steps":',
          message: 'steps must be an integer from 1 to 10,000,000 (how many training steps "train" runs), found 0',
        },
      ],
    );
  });

  it('clipNorm null is allowed and means no clipping', () => {
    const r = parseModel(doc((m) => (m.train = { learningRate: 0.5, clipNorm: null, steps: 3 })));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.model?.train, { learningRate: 0.5, clipNorm: null, steps: 3 });
  });
});
