// Weights against the sizes I, H and O: ragged matrices, wrong shapes (with where each size comes
// from), missing and unknown parameters, hiddenSize disagreeing with the weights, `init`, h0/c0,
// and the size limits refused before anything is allocated.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { doc, expectProblem, expectProblems } from './parse.helpers';

const EXAMPLES = join(__dirname, '..', '..', 'examples');

describe('validate: the seed 2-unit example as the seed writes it', () => {
  it('a 2×2 W_xh with a 4-token vocab is refused with the canonical message', () => {
    const good = readFileSync(join(EXAMPLES, 'hi-there-2-unit.rnn.json'), 'utf8');
    const written = good.replace(
      /"W_xh": \[\[0\.5, 0\.1, 0\.0, 0\.0\],\s*\[-0\.2, 0\.8, 0\.0, 0\.0\]\]/,
      '"W_xh": [[0.5, 0.1],\n             [-0.2, 0.8]]',
    );
    assert.notEqual(written, good);
    const r = parseModel(written);
    assert.equal(r.model, null);
    assert.equal(r.problems.length, 1);
    const p = r.problems[0];
    assert.equal(p.message, 'W_xh has 2 columns but the vocab has 4 tokens (W_xh must be hidden × input = 2 × 4)');
    assert.deepEqual([p.severity, p.path, p.line, p.column], ['error', 'weights.W_xh', 11, 13]);
    assert.equal(written.slice(p.offset, p.offset + p.length), '[[0.5, 0.1],\n             [-0.2, 0.8]]');
  });
});

describe('validate: shapes', () => {
  it('a ragged matrix: one problem per row that differs from row 0', () => {
    expectProblems(
      doc((m) => (m.weights.W_hy = [[1], [0.5, 1], [-0.5], []])),
      [
        {
          path: 'weights.W_hy[1]',
          at: '[0.5,1]',
          message: 'row 1 of W_hy has 2 numbers but row 0 has 1 (every row of a matrix must have the same length)',
        },
        {
          path: 'weights.W_hy[3]',
          at: '[]]',
          message: 'row 3 of W_hy has 0 numbers but row 0 has 1 (every row of a matrix must have the same length)',
        },
      ],
    );
  });

  it('wrong rows, wrong columns, or both — each saying where the size comes from', () => {
    expectProblem(
      doc((m) => (m.weights.W_hy = [[1], [0.5], [-0.5]])),
      {
        path: 'weights.W_hy',
        after: '"W_hy": ',
        message: 'W_hy has 3 rows but the vocab has 4 tokens (W_hy must be output × hidden = 4 × 1)',
      },
    );
    expectProblem(
      doc(
        (m) =>
          (m.weights.W_xh = [
            [0.5, -0.3, 0.8, 0],
            [1, 2, 3, 4],
          ]),
      ),
      {
        path: 'weights.W_xh',
        after: '"W_xh": ',
        message: 'W_xh has 2 rows but W_hh is 1 × 1 (W_xh must be hidden × input = 1 × 4)',
      },
    );
    expectProblem(
      doc(
        (m) =>
          (m.weights.W_hy = [
            [1, 2],
            [0.5, 2],
            [-0.5, 2],
          ]),
      ),
      {
        path: 'weights.W_hy',
        after: '"W_hy": ',
        message: 'W_hy is 3 × 2 but must be output × hidden = 4 × 1 (the vocab has 4 tokens; W_hh is 1 × 1)',
      },
    );
  });

  it('vectors of the wrong length', () => {
    expectProblem(
      doc((m) => (m.weights.b_h = [0, 0])),
      {
        path: 'weights.b_h',
        after: '"b_h": ',
        message: 'b_h has 2 numbers but W_hh is 1 × 1 (b_h must have hidden = 1 number)',
      },
    );
    expectProblem(
      doc((m) => (m.weights.b_y = [0, 0, 0])),
      {
        path: 'weights.b_y',
        after: '"b_y": ',
        message: 'b_y has 3 numbers but the vocab has 4 tokens (b_y must have output = 4 numbers)',
      },
    );
  });

  it('with classes the output size is the number of classes', () => {
    expectProblems(
      doc((m) => {
        m.classes = ['yes', 'no'];
        m.targets = [null, null, null, 'no'];
      }),
      [
        {
          path: 'weights.W_hy',
          after: '"W_hy": ',
          message: 'W_hy has 4 rows but there are 2 classes (W_hy must be output × hidden = 2 × 1)',
        },
        {
          path: 'weights.b_y',
          after: '"b_y": ',
          message: 'b_y has 4 numbers but there are 2 classes (b_y must have output = 2 numbers)',
        },
      ],
    );
  });

  it('vector mode: I and O from the vectors', () => {
    expectProblems(
      doc((m) => {
        delete m.vocab;
        m.inputs = [
          [1, 2],
          [3, 4],
        ];
        m.targets = [[1], [2]];
        m.weights = {
          W_xh: [
            [1, 2, 3],
            [4, 5, 6],
          ],
          W_hh: [
            [1, 0],
            [0, 1],
          ],
          b_h: [0, 0],
          W_hy: [
            [1, 1],
            [2, 2],
          ],
          b_y: [0],
        };
      }),
      [
        {
          path: 'weights.W_xh',
          after: '"W_xh": ',
          message: 'W_xh has 3 columns but the input vectors have 2 numbers (W_xh must be hidden × input = 2 × 2)',
        },
        {
          path: 'weights.W_hy',
          after: '"W_hy": ',
          message: 'W_hy has 2 rows but the target vectors have 1 number (W_hy must be output × hidden = 1 × 2)',
        },
      ],
    );
  });

  it('a hidden × hidden matrix must be square', () => {
    expectProblem(
      doc((m) => (m.weights.W_hh = [[0.2, 0.1]])),
      {
        path: 'weights.W_hh',
        after: '"W_hh": ',
        message: 'W_hh has 2 columns but b_h has 1 number (W_hh must be hidden × hidden = 1 × 1)',
      },
    );
  });

  it('hiddenSize disagreeing with the weights: one problem, at hiddenSize', () => {
    expectProblem(
      doc((m) => (m.hiddenSize = 3)),
      {
        path: 'hiddenSize',
        after: '"hiddenSize": ',
        message: 'hiddenSize is 3 but the weights have 1 hidden unit (W_hh is 1 × 1); they must agree',
      },
    );
  });

  it('with hiddenSize given and agreeing, shape messages cite it', () => {
    expectProblem(
      doc((m) => {
        m.hiddenSize = 1;
        m.weights.b_h = [0, 1];
      }),
      {
        path: 'weights.b_h',
        after: '"b_h": ',
        message: 'b_h has 2 numbers but hiddenSize is 1 (b_h must have hidden = 1 number)',
      },
    );
  });
});

describe('validate: weight names', () => {
  it('missing parameters are listed at weights', () => {
    expectProblem(
      doc((m) => {
        delete m.weights.b_h;
        delete m.weights.b_y;
      }),
      {
        path: 'weights',
        at: '"weights"',
        message: 'weights is missing b_h and b_y (the rnn cell needs W_xh, W_hh, b_h, W_hy, b_y)',
      },
    );
  });

  it('an unknown parameter gets the closest valid name', () => {
    expectProblems(
      doc((m) => {
        delete m.weights.W_hh;
        m.weights.W_hhh = [[0.2]];
      }),
      [
        {
          path: 'weights',
          at: '"weights"',
          message: 'weights is missing W_hh (the rnn cell needs W_xh, W_hh, b_h, W_hy, b_y)',
        },
        {
          path: 'weights.W_hhh',
          at: '"W_hhh"',
          message:
            'weights has no parameter W_hhh for the rnn cell (did you mean W_hh?); rnn takes W_xh, W_hh, b_h, W_hy, b_y',
        },
      ],
    );
    expectProblem(
      doc((m) => (m.weights.bias = [1])),
      {
        path: 'weights.bias',
        at: '"bias"',
        message: 'weights has no parameter bias for the rnn cell; rnn takes W_xh, W_hh, b_h, W_hy, b_y',
      },
    );
  });

  it('a parameter of another cell says which cell it belongs to', () => {
    expectProblem(
      doc((m) => (m.weights.W_xi = [[1, 0, 0, 0]])),
      {
        path: 'weights.W_xi',
        at: '"W_xi"',
        message: 'W_xi is a parameter of the lstm cell, but cell is "rnn"; rnn takes W_xh, W_hh, b_h, W_hy, b_y',
      },
    );
  });

  it('the gru cell takes its own names', () => {
    const gru = doc((m) => {
      m.cell = 'gru';
      m.weights = {
        W_xr: [[1, 1, 1, 1]],
        W_hr: [[1]],
        b_r: [0],
        W_xz: [[1, 1, 1, 1]],
        W_hz: [[1]],
        b_z: [0],
        W_xn: [[1, 1, 1, 1]],
        W_hn: [[1]],
        b_xn: [0],
        b_n: [0],
        W_hy: [[1], [1], [1], [1]],
        b_y: [0, 0, 0, 0],
      };
    });
    expectProblems(gru, [
      {
        path: 'weights',
        at: '"weights"',
        message:
          'weights is missing b_hn (the gru cell needs W_xr, W_hr, b_r, W_xz, W_hz, b_z, W_xn, W_hn, b_xn, b_hn, W_hy, b_y)',
      },
      {
        path: 'weights.b_n',
        at: '"b_n"',
        message:
          'weights has no parameter b_n for the gru cell (did you mean b_hn?); gru takes W_xr, W_hr, b_r, W_xz, W_hz, b_z, W_xn, W_hn, b_xn, b_hn, W_hy, b_y',
      },
    ]);
  });
});

describe('validate: init', () => {
  const init = (edit: (m: Record<string, any>) => void) =>
    doc((m) => {
      m.hiddenSize = 2;
      m.weights = { init: { seed: 7 } };
      edit(m);
    });

  it('draws every parameter with init.ts', () => {
    const r = parseModel(init(() => {}));
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.model?.init, { seed: 7, scale: 1 / Math.sqrt(2) });
    assert.deepEqual(Object.keys(r.model!.params), ['W_xh', 'W_hh', 'b_h', 'W_hy', 'b_y']);
    assert.deepEqual(r.model!.params.W_xh.shape, [2, 4]);
    assert.deepEqual(r.model!.params.W_hy.shape, [4, 2]);
  });

  it('hiddenSize is required with init', () => {
    expectProblem(
      init((m) => delete m.hiddenSize),
      {
        path: 'weights.init',
        at: '"init"',
        message:
          'hiddenSize is required when the weights are drawn with init: add "hiddenSize": the number of hidden units',
      },
    );
  });

  it('seed must be an integer, scale > 0', () => {
    expectProblems(
      init((m) => (m.weights.init = { seed: 1.5, scale: 0 })),
      [
        {
          path: 'weights.init.seed',
          after: '"seed":',
          message:
            'seed must be an integer (it picks the random draw; the same seed always gives the same weights), found 1.5, which is not a whole number',
        },
        {
          path: 'weights.init.scale',
          after: '"scale":',
          message:
            'scale must be a number > 0 (weights are drawn uniformly from [−scale, scale]; the default is 1/√hiddenSize), found 0',
        },
      ],
    );
    // A missing seed is reported where init is.
    expectProblems(
      init((m) => (m.weights.init = { scale: -1e-3 })),
      [
        {
          path: 'weights.init',
          at: '"init"',
          message: 'weights.init needs a "seed" (an integer): the same seed always draws the same weights',
        },
        {
          path: 'weights.init.scale',
          after: '"scale":',
          message:
            'scale must be a number > 0 (weights are drawn uniformly from [−scale, scale]; the default is 1/√hiddenSize), found -0.001',
        },
      ],
    );
  });

  it('unknown init keys, and init mixed with written weights', () => {
    expectProblems(
      init((m) => (m.weights.init = { sead: 2 })),
      [
        {
          path: 'weights.init',
          at: '"init"',
          message: 'weights.init needs a "seed" (an integer): the same seed always draws the same weights',
        },
        {
          path: 'weights.init.sead',
          at: '"sead"',
          message: 'weights.init has no setting "sead" (did you mean "seed"?); it takes "seed" and optionally "scale"',
        },
      ],
    );
    expectProblem(
      init((m) => (m.weights.b_y = [0, 0, 0, 0])),
      {
        path: 'weights.b_y',
        at: '"b_y"',
        message:
          'weights has both "init" and b_y: either draw every parameter with init, or write them all out and remove "init"',
      },
    );
  });

  it('without targets, classes or vocab the output size is unknown', () => {
    expectProblem(
      init((m) => {
        delete m.vocab;
        delete m.targets;
        m.inputs = [[1], [2]];
      }),
      {
        path: 'weights.init',
        at: '"init"',
        message:
          'the output size is unknown: with drawn weights it comes from the targets, the classes or the vocab — add "targets" or "classes", or write the weights out',
      },
    );
  });
});

describe('validate: h0 and c0', () => {
  it('h0 must have H numbers', () => {
    expectProblem(
      doc((m) => (m.h0 = [0, 0])),
      { path: 'h0', after: '"h0": ', message: 'h0 has 2 numbers but W_hh is 1 × 1 (h0 must have hidden = 1 number)' },
    );
  });

  it('c0 only on an lstm, with H numbers', () => {
    expectProblem(
      doc((m) => (m.c0 = [0])),
      { path: 'c0', at: '"c0"', message: 'c0 is the initial cell state of an lstm, but cell is "rnn"; remove "c0"' },
    );
    const lstm = doc((m) => {
      m.cell = 'lstm';
      m.hiddenSize = 3;
      m.weights = { init: { seed: 1 } };
      m.h0 = [1, 2, 3];
      m.c0 = [0.5, 0.25];
    });
    expectProblem(lstm, {
      path: 'c0',
      after: '"c0": ',
      message: 'c0 has 2 numbers but hiddenSize is 3 (c0 must have hidden = 3 numbers)',
    });
    const fixed = parseModel(lstm.replace('[0.5,0.25]', '[0.5,0.25,0.125]'));
    assert.deepEqual(fixed.problems, []);
    assert.deepEqual(Array.from(fixed.model!.h0), [1, 2, 3]);
    assert.deepEqual(Array.from(fixed.model!.c0!), [0.5, 0.25, 0.125]);
  });
});

describe('validate: size limits, refused before allocating', () => {
  it('hidden size', () => {
    expectProblem(
      doc((m) => {
        m.hiddenSize = 5000;
        m.weights = { init: { seed: 1 } };
      }),
      {
        path: 'hiddenSize',
        after: '"hiddenSize": ',
        message: 'hiddenSize is 5000, more than the limit of 4,096 for the hidden size',
      },
    );
  });

  it('parameters: a 4000 × 20000 model is refused without drawing 176 million numbers', () => {
    const text = doc((m) => {
      m.hiddenSize = 4000;
      m.vocab = Array.from({ length: 20000 }, (_, i) => `t${i}`);
      m.inputs = ['t1'];
      m.targets = ['t2'];
      m.weights = { init: { seed: 1 } };
    });
    expectProblem(text, {
      path: 'weights',
      at: '"weights"',
      message:
        'the model would have 176,024,000 parameters (1.41 GB; rnn with input 20000, hidden 4000, output 20000), more than the limit of 50,000,000 (400 MB)',
    });
  });

  it('timesteps, input and output sizes', () => {
    expectProblem(
      doc((m) => {
        m.inputs = [...m.inputs, ...m.inputs];
        delete m.targets;
      }),
      { path: 'inputs', after: '"inputs": ', message: 'inputs has 8 steps, more than the limit of 5 timesteps' },
      { limits: { maxSteps: 5 } },
    );
    expectProblem(
      doc(),
      {
        path: 'vocab',
        after: '"vocab": ',
        message: 'vocab has 4 tokens, more than the limit of 3 (the largest input size)',
      },
      { limits: { maxInput: 3 } },
    );
    expectProblem(
      doc(),
      {
        path: 'vocab',
        after: '"vocab": ',
        message: 'the vocab has 4 tokens, more than the limit of 2 for the output size',
      },
      { limits: { maxOutput: 2 } },
    );
    expectProblem(
      doc((m) => {
        delete m.vocab;
        m.inputs = [[1, 2, 3]];
        m.targets = [[1, 2]];
        m.weights = { init: { seed: 1 } };
        m.hiddenSize = 1;
      }),
      {
        path: 'inputs[0]',
        after: '"inputs": [',
        message: 'inputs[0] has 3 numbers, more than the limit of 2 for the input size',
      },
      { limits: { maxInput: 2 } },
    );
    expectProblem(
      doc(),
      {
        path: 'weights.W_hh',
        after: '"W_hh": ',
        message: 'W_hh is 1 × 1, more than the limit of 0 for the hidden size',
      },
      { limits: { maxHidden: 0 } },
    );
    expectProblem(
      doc(),
      {
        path: 'weights',
        at: '"weights"',
        message:
          'the model would have 14 parameters (112 bytes; rnn with input 4, hidden 1, output 4), more than the limit of 13 (104 bytes)',
      },
      { limits: { maxParams: 13 } },
    );
  });
});

describe('validate: huge files stay readable', () => {
  it('a matrix of 300 strings gives 20 element problems and one summary', () => {
    const text = doc((m) => {
      m.hiddenSize = 1;
      m.weights.W_hh = [Array.from({ length: 300 }, () => 'x')];
    });
    const r = parseModel(text);
    const about = r.problems.filter((p) => p.path.startsWith('weights.W_hh'));
    assert.equal(about.length, 21 + 1, '20 elements + the summary + the shape problem');
    assert.equal(about[0].message, 'W_hh has 280 more problems of this kind besides the 20 listed');
    assert.equal(about[1].message, 'W_hh has 300 columns but hiddenSize is 1 (W_hh must be hidden × hidden = 1 × 1)');
    assert.equal(about[2].message, 'W_hh[0][0] is a string ("x"), but every element of W_hh must be a number');
  });

  it('at most 1000 problems in all, then one closing summary', () => {
    const text = doc((m) => {
      for (let k = 0; k < 1500; k++) m[`extra${k}`] = k;
    });
    const r = parseModel(text);
    assert.equal(r.problems.length, 1001);
    assert.ok(r.model, 'only warnings: the model still builds');
    assert.equal(r.problems[1000].message, '…and 500 more problems not listed (only the first 1000 are shown)');
    assert.equal(r.problems[1000].severity, 'warning');
  });
});
