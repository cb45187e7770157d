// Wrong JSON types for every key of FORMAT.md, unknown enum values, non-finite numbers, unknown
// and duplicate keys: each gives exactly one problem with its path, line, column and message.

import assert from 'node:assert/strict';
import { parseModel } from '../../src/engine/parse/parse';
import { doc, expectProblem, expectProblems, Raw } from './parse.helpers';

describe('validate: wrong JSON types', () => {
  it('name must be a string', () => {
    expectProblem(
      doc((m) => (m.name = 5)),
      { path: 'name', after: '"name": ', message: 'name must be a string (shown in titles), found a number (5)' },
    );
  });

  it('cell must be a string of the cells', () => {
    expectProblem(
      doc((m) => (m.cell = 3)),
      { path: 'cell', after: '"cell": ', message: 'cell must be "rnn", "lstm" or "gru", found a number (3)' },
    );
  });

  it('hiddenSize must be an integer ≥ 1', () => {
    expectProblem(
      doc((m) => (m.hiddenSize = '1')),
      {
        path: 'hiddenSize',
        after: '"hiddenSize": ',
        message: 'hiddenSize must be an integer ≥ 1 (the number of hidden units), found a string ("1")',
      },
    );
    expectProblem(
      doc((m) => (m.hiddenSize = 1.5)),
      {
        path: 'hiddenSize',
        after: '"hiddenSize": ',
        message:
          'hiddenSize must be an integer ≥ 1 (the number of hidden units), found 1.5, which is not a whole number',
      },
    );
    expectProblem(
      doc((m) => (m.hiddenSize = 0)),
      {
        path: 'hiddenSize',
        after: '"hiddenSize": ',
        message: 'hiddenSize must be an integer ≥ 1 (the number of hidden units), found 0',
      },
    );
  });

  it('vocab must be an array of strings', () => {
    expectProblem(
      doc((m) => (m.vocab = 'abc')),
      {
        path: 'vocab',
        after: '"vocab": ',
        message:
          'vocab must be an array of distinct strings (each is one entry of the one-hot input), found a string ("abc") — write each token as its own string, e.g. ["a","b","c"]',
      },
    );
    // The inputs are still checked against the strings of the vocab: "class" is not one of them.
    expectProblems(
      doc((m) => (m.vocab = ['hi', 'there', 3, '!'])),
      [
        {
          path: 'vocab[2]',
          after: '"there",',
          message: 'vocab[2] is a number (3), but every token of vocab must be a string',
        },
        {
          path: 'inputs[2]',
          at: '"class"',
          message: 'inputs[2] is "class", which is not in the vocab; vocab is ["hi", "there", "!"]',
        },
        {
          path: 'targets[1]',
          at: '"class"',
          nth: 1,
          message:
            'targets[1] is "class", which is not in the vocab; vocab is ["hi", "there", "!"] (token targets are drawn from classes, which defaults to the vocab)',
        },
      ],
    );
  });

  it('inputs must be an array (or a string in token mode)', () => {
    expectProblem(
      doc((m) => (m.inputs = { a: 1 })),
      {
        path: 'inputs',
        after: '"inputs": ',
        message: 'inputs must be an array of tokens of the vocab, or a string read as its characters, found an object',
      },
    );
    expectProblem(
      doc((m) => (m.inputs = ['hi', 7, 'class', '!'])),
      {
        path: 'inputs[1]',
        after: '"inputs": ["hi",',
        message: 'inputs[1] is a number (7), but with a vocab every input must be a token of it (a string)',
      },
    );
  });

  it('classes must be an array of strings', () => {
    expectProblem(
      doc((m) => (m.classes = true)),
      {
        path: 'classes',
        after: '"classes": ',
        message: 'classes must be an array of distinct strings (each is one output of the model), found true',
      },
    );
  });

  it('targets must be an array or a string', () => {
    expectProblem(
      doc((m) => (m.targets = 4)),
      {
        path: 'targets',
        after: '"targets": ',
        message:
          'targets must be an array (one entry per input step: a token of the classes, a vector of numbers, or null) or a string read as its characters, found a number (4)',
      },
    );
    expectProblem(
      doc((m) => (m.targets = ['there', false, '!', '!'])),
      {
        path: 'targets[1]',
        after: '"targets": ["there",',
        message: 'targets[1] is false, but every target must be a token of the vocab (a string) or null',
      },
    );
  });

  it('loss and reduction must be one of their values', () => {
    expectProblem(
      doc((m) => (m.loss = 'crossentropy')),
      {
        path: 'loss',
        after: '"loss": ',
        message:
          'loss must be "cross-entropy" or "mse", found a string ("crossentropy") (did you mean "cross-entropy"?)',
      },
    );
    expectProblem(
      doc((m) => (m.reduction = 'avg')),
      {
        path: 'reduction',
        after: '"reduction": ',
        message: 'reduction must be "sum" or "mean", found a string ("avg")',
      },
    );
    expectProblem(
      doc((m) => (m.reduction = ['sum'])),
      { path: 'reduction', after: '"reduction": ', message: 'reduction must be "sum" or "mean", found an array' },
    );
  });

  it('activation must be tanh or relu', () => {
    expectProblem(
      doc((m) => (m.activation = 'sigmoid')),
      {
        path: 'activation',
        after: '"activation": ',
        message: 'activation must be "tanh" or "relu", found a string ("sigmoid")',
      },
    );
    expectProblem(
      doc((m) => (m.cell = 'lstn')),
      {
        path: 'cell',
        after: '"cell": ',
        message: 'cell must be "rnn", "lstm" or "gru", found a string ("lstn") (did you mean "lstm"?)',
      },
    );
  });

  it('h0 and c0 must be flat arrays of numbers', () => {
    expectProblem(
      doc((m) => (m.h0 = 'zeros')),
      {
        path: 'h0',
        after: '"h0": ',
        message: 'h0 must be a flat array of numbers (one per hidden unit), found a string ("zeros")',
      },
    );
    expectProblem(
      doc((m) => (m.h0 = [null])),
      { path: 'h0[0]', after: '"h0": [', message: 'h0[0] is null, but every element of h0 must be a number' },
    );
    const lstm = (c0: unknown) =>
      doc((m) => {
        m.cell = 'lstm';
        m.hiddenSize = 1;
        m.weights = { init: { seed: 3 } };
        m.c0 = c0;
      });
    expectProblem(lstm({}), {
      path: 'c0',
      after: '"c0": ',
      message: 'c0 must be a flat array of numbers (one per hidden unit), found an object',
    });
  });

  it('weights must be an object, its matrices arrays of rows and its vectors flat', () => {
    expectProblem(
      doc((m) => (m.weights = [1, 2])),
      {
        path: 'weights',
        after: '"weights": ',
        message:
          'weights must be an object: {"W_xh": [[…]], …} with every parameter, or {"init": {"seed": 1}}; found an array',
      },
    );
    expectProblem(
      doc((m) => (m.weights.W_hh = [0.2])),
      {
        path: 'weights.W_hh',
        after: '"W_hh": ',
        message:
          'W_hh must be a matrix (an array of rows, e.g. [[0.1, 0.2], [0.3, 0.4]]), found an array whose first element is a number (0.2)',
      },
    );
    expectProblem(
      doc((m) => (m.weights.W_hh = 0.2)),
      {
        path: 'weights.W_hh',
        after: '"W_hh": ',
        message: 'W_hh must be a matrix (an array of rows, e.g. [[0.1, 0.2], [0.3, 0.4]]), found a number (0.2)',
      },
    );
    expectProblem(
      doc((m) => (m.weights.b_h = [[0]])),
      {
        path: 'weights.b_h[0]',
        after: '"b_h": [',
        message: 'b_h[0] is an array, but b_h is a vector: a flat array of numbers such as [0.1, 0.2]',
      },
    );
    expectProblem(
      doc((m) => (m.weights.W_hy = [[1], ['0.5'], [-0.5], [0]])),
      {
        path: 'weights.W_hy[1][0]',
        at: '"0.5"',
        message: 'W_hy[1][0] is a string ("0.5"), but every element of W_hy must be a number',
      },
    );
    expectProblem(
      doc((m) => (m.weights.W_hy = [[1], 0.5, [-0.5], [0]])),
      {
        path: 'weights.W_hy[1]',
        after: '"W_hy": [[1],',
        message: 'W_hy[1] is a number (0.5), but every row of W_hy must be an array of numbers',
      },
    );
  });

  it('weights.init must be an object with an integer seed', () => {
    const init = (init: unknown) =>
      doc((m) => {
        m.hiddenSize = 2;
        m.weights = { init };
      });
    expectProblem(init(7), {
      path: 'weights.init',
      after: '"init": ',
      message:
        'weights.init must be an object {"seed": an integer, "scale": a number > 0 (optional)}, found a number (7)',
    });
    expectProblem(init({ seed: '7' }), {
      path: 'weights.init.seed',
      after: '"seed":',
      message:
        'seed must be an integer (it picks the random draw; the same seed always gives the same weights), found a string ("7")',
    });
    expectProblem(init({ seed: 7, scale: 'big' }), {
      path: 'weights.init.scale',
      after: '"scale":',
      message:
        'scale must be a number > 0 (weights are drawn uniformly from [−scale, scale]; the default is 1/√hiddenSize), found a string ("big")',
    });
  });

  it('train must be an object of numbers', () => {
    expectProblem(
      doc((m) => (m.train = 0.1)),
      {
        path: 'train',
        after: '"train": ',
        message: 'train must be an object such as {"learningRate": 0.1}, found a number (0.1)',
      },
    );
    expectProblem(
      doc((m) => (m.train = { learningRate: '0.1' })),
      {
        path: 'train.learningRate',
        after: '"learningRate":',
        message: 'learningRate must be a number > 0 (the SGD step size), found a string ("0.1")',
      },
    );
    expectProblem(
      doc((m) => (m.train = { clipNorm: 'off' })),
      {
        path: 'train.clipNorm',
        after: '"clipNorm":',
        message:
          'clipNorm must be a number > 0 or null (the largest gradient norm kept; null turns clipping off), found a string ("off")',
      },
    );
    expectProblem(
      doc((m) => (m.train = { steps: [3] })),
      {
        path: 'train.steps',
        after: '"steps":',
        message: 'steps must be an integer from 1 to 10,000,000 (how many training steps "train" runs), found an array',
      },
    );
  });

  it('the document must be an object', () => {
    expectProblem('[1, 2]', {
      path: '',
      at: '[',
      message: 'a .rnn.json file must be a JSON object { "inputs": …, "weights": …, … }, found an array',
    });
    expectProblem('  "model"', {
      path: '',
      at: '"',
      message: 'a .rnn.json file must be a JSON object { "inputs": …, "weights": …, … }, found a string ("model")',
    });
  });

  it('inputs and weights are required', () => {
    expectProblems(
      doc((m) => {
        delete m.inputs;
        delete m.targets;
        delete m.weights;
      }),
      [
        {
          path: '',
          at: '{',
          message:
            'the model has no "inputs": add the input sequence — tokens of the vocab (e.g. ["hi", "there"]) or, without a vocab, vectors of numbers (e.g. [[0.5], [0.1]])',
        },
        {
          path: '',
          at: '{',
          message:
            'the model has no "weights": write every parameter out (W_xh, W_hh, b_h, W_hy, b_y) or draw them with "weights": {"init": {"seed": 1}} and a "hiddenSize"',
        },
      ],
    );
  });
});

describe('validate: non-finite numbers', () => {
  it('1e999 in a matrix is reported where it is written', () => {
    expectProblem(
      doc((m) => (m.weights.W_hh = [[new Raw('1e999')]])),
      {
        path: 'weights.W_hh[0][0]',
        at: '1e999',
        length: 5,
        message:
          'W_hh[0][0] is 1e999, which is beyond the range of a 64-bit float (it reads as Infinity); every number in W_hh must be finite',
      },
    );
  });

  it('-1e999 as a setting, in inputs, targets and h0', () => {
    expectProblem(
      doc((m) => (m.train.learningRate = new Raw('-1e999'))),
      {
        path: 'train.learningRate',
        at: '-1e999',
        message:
          'learningRate must be a number > 0 (the SGD step size), found -1e999, which is not a finite 64-bit number',
      },
    );
    expectProblem(
      doc((m) => (m.h0 = [new Raw('-1e999')])),
      {
        path: 'h0[0]',
        at: '-1e999',
        message:
          'h0[0] is -1e999, which is beyond the range of a 64-bit float (it reads as -Infinity); every number in h0 must be finite',
      },
    );
    const vectors = doc((m) => {
      delete m.vocab;
      m.inputs = [[1], [new Raw('2e400')], [3], [4]];
      m.targets = [[1], [2], [3], [new Raw('4e308')]];
      m.weights = { W_xh: [[1]], W_hh: [[1]], b_h: [0], W_hy: [[1]], b_y: [0] };
    });
    expectProblems(vectors, [
      {
        path: 'inputs[1][0]',
        at: '2e400',
        message:
          'inputs[1][0] is 2e400, which is beyond the range of a 64-bit float (it reads as Infinity); every number in inputs must be finite',
      },
      {
        path: 'targets[3][0]',
        at: '4e308',
        message:
          'targets[3][0] is 4e308, which is beyond the range of a 64-bit float (it reads as Infinity); every number in targets must be finite',
      },
    ]);
  });

  it('the largest finite double is accepted', () => {
    const r = parseModel(doc((m) => (m.weights.W_hh = [[new Raw('1.7976931348623157e308')]])));
    assert.deepEqual(r.problems, []);
    assert.equal(r.model?.params.W_hh.data[0], Number.MAX_VALUE);
  });
});

describe('validate: activation on gated cells', () => {
  const gated = (cell: string, activation: string) =>
    doc((m) => {
      m.cell = cell;
      m.activation = activation;
      m.hiddenSize = 2;
      m.weights = { init: { seed: 1 } };
    });

  it('relu on lstm is an error: the cell cannot do it', () => {
    expectProblem(gated('lstm', 'relu'), {
      path: 'activation',
      after: '"activation": ',
      message:
        'activation applies to the rnn cell only; lstm always uses σ for its gates and tanh for its candidate and cell output, so remove "activation"',
    });
  });

  it('tanh on gru is a warning and the model still runs', () => {
    const r = expectProblem(gated('gru', 'tanh'), {
      path: 'activation',
      severity: 'warning',
      after: '"activation": ',
      message:
        'activation applies to the rnn cell only; gru always uses σ for its gates and tanh for its candidate, so remove "activation"',
    });
    assert.equal(r.model?.activation, 'tanh');
  });
});

describe('validate: unknown and duplicate keys', () => {
  it('unknown top-level keys are warnings with a did-you-mean, and the model still builds', () => {
    const r = expectProblems(
      doc((m) => {
        m.hidenSize = 1;
        m.author = 'me';
      }),
      [
        {
          path: 'hidenSize',
          severity: 'warning',
          at: '"hidenSize"',
          message: '"hidenSize" is not a key of the .rnn.json format (did you mean "hiddenSize"?); it is ignored',
        },
        {
          path: 'author',
          severity: 'warning',
          at: '"author"',
          message: '"author" is not a key of the .rnn.json format; it is ignored',
        },
      ],
    );
    assert.equal(r.model?.hiddenSize, 1);
  });

  it('unknown train keys are warnings with a did-you-mean', () => {
    const r = expectProblem(
      doc((m) => (m.train = { learningrate: 0.5 })),
      {
        path: 'train.learningrate',
        severity: 'warning',
        at: '"learningrate"',
        message:
          'train has no setting "learningrate" (did you mean "learningRate"?); it is ignored (the settings are "learningRate", "clipNorm" and "steps")',
      },
    );
    assert.equal(r.model?.train.learningRate, 0.1, 'the default, since the misspelt key is ignored');
  });

  it('$schema is ignored; a non-string $schema is a warning', () => {
    assert.deepEqual(parseModel(doc((m) => (m.$schema = './schemas/rnn.schema.json'))).problems, []);
    expectProblem(
      doc((m) => (m.$schema = 1)),
      {
        path: '$schema',
        severity: 'warning',
        after: '"$schema": ',
        message: '$schema should be a string (the URL of the JSON schema); the engine ignores it',
      },
    );
  });

  it('a key given twice is an error at the second one', () => {
    expectProblem(
      doc((m) => (m.train = new Raw('{"learningRate":0.1,"learningRate":0.2}'))),
      {
        path: 'train.learningRate',
        at: '"learningRate"',
        nth: 1,
        message:
          '"learningRate" appears twice in train (first at line 14); remove one — JSON readers disagree on which one counts',
      },
    );
  });
});
