// Verdicts on typed answers (engine/practice/diagnose.ts, mistakes*.ts) on the worked examples:
// every wrong answer below is computed here from the examples' own numbers, independently of the
// engine (a plain forward and backward pass of the 1-unit model; the 2-unit model's matrices by
// hand), and must be told apart: sign flipped, a term dropped, a transposed weight, a factor of 2,
// a forgotten derivative, the wrong timestep — without the verdict ever giving the value away.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseModel } from '../../src/engine/parse/parse';
import { runModel } from '../../src/engine/compute/run';
import type { Trace } from '../../src/engine/trace/trace';
import { judgeAnswer, type Verdict } from '../../src/engine/practice/diagnose';
import { DEFAULT_PRACTICE } from '../../src/engine/practice/practiceSettings';
import { practiceQuestions, type Question } from '../../src/engine/practice/questions';
import { seriesRow } from '../../src/engine/trace/trace';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const run = (file: string): Trace => runModel(parseModel(readFileSync(join(EXAMPLES, file), 'utf8')).model!);
const seed = run('hi-there-class.rnn.json');
const two = run('hi-there-2-unit.rnn.json');

function question(trace: Trace, key: string): Question {
  const q = practiceQuestions(trace, DEFAULT_PRACTICE).find((x) => x.key === key);
  assert.ok(q, `no question ${key}`);
  return q;
}

const fmt = (xs: number[]): string => xs.map((x) => x.toPrecision(7)).join(', ');

function judge(trace: Trace, key: string, answer: string | number[]): Verdict {
  const v = judgeAnswer(trace, question(trace, key), typeof answer === 'string' ? answer : fmt(answer));
  if (!v.correct) {
    assert.equal(v.exact, null, 'a wrong answer never carries the exact value');
    assert.equal(v.exactText, null);
  }
  return v;
}

// ── The 1-unit worked example, computed independently ────────────────────────────────────────
const Wx = [0.5, -0.3, 0.8, 0.0];
const Wh = 0.2;
const Wy = [1.0, 0.5, -0.5, 0.0];
const targets = [1, 2, 3, 3];
const h = [0];
const p: number[][] = [];
for (let t = 1; t <= 4; t++) {
  h[t] = Math.tanh(Wx[t - 1] + Wh * h[t - 1]);
  const e = Wy.map((w) => Math.exp(w * h[t]));
  const s = e.reduce((a, b) => a + b, 0);
  p[t] = e.map((x) => x / s);
}
const dhOut = (t: number): number => p[t].reduce((a, pj, j) => a + (pj - (j === targets[t - 1] ? 1 : 0)) * Wy[j], 0);
const da: number[] = [];
const dh: number[] = [];
for (let t = 4; t >= 1; t--) {
  dh[t] = dhOut(t) + (t < 4 ? Wh * da[t + 1] : 0);
  da[t] = dh[t] * (1 - h[t] ** 2);
}
const dWhh = [4, 3, 2, 1].reduce((a, t) => a + da[t] * h[t - 1], 0);

describe('practice: verdicts on the worked example (hidden size 1)', () => {
  it('the independent pass agrees with the engine (the reference below is sound)', () => {
    assert.ok(Math.abs(h[1] - 0.46211715726000974) < 1e-15);
    assert.ok(Math.abs(da[4] - 0.2850659086801632) < 1e-14);
    assert.ok(Math.abs(dWhh - 0.45209451101463705) < 1e-14);
  });

  it('h₁ right: Correct, and only then the exact value', () => {
    const v = judge(seed, 'forward:1:h/h@1', '0.4621');
    assert.equal(v.correct, true);
    assert.equal(v.exactText, '0.46211715726000974');
    assert.deepEqual(Array.from(v.exact!.data), [h[1]]);
    assert.equal(v.message, 'Correct: h₁ = 0.46211715726000974');
  });

  it('h₁ wrong: sign flipped, the input term dropped, tanh forgotten, twice, σ for tanh', () => {
    const cases: [number, string, RegExp][] = [
      [-h[1], 'sign', /the sign is flipped/],
      [Math.tanh(Wh * h[0] + 0), 'missing-term', /h₁ computed without the input term W_xh x₁/],
      [0.5, 'wrong-function', /this is a₁, the pre-activation: h₁ = tanh\(a₁\)/],
      [2 * h[1], 'factor', /twice h₁/],
      [1 / (1 + Math.exp(-0.5)), 'wrong-function', /σ\(a₁\); this cell's activation is tanh/],
      [10 * h[1], 'decimal-point', /decimal point/],
    ];
    for (const [answer, kind, message] of cases) {
      const v = judge(seed, 'forward:1:h/h@1', [answer]);
      assert.equal(v.correct, false, String(answer));
      assert.equal(v.kind, kind, `${answer}: ${v.message}`);
      assert.match(v.message, message);
      assert.ok(v.message.startsWith('Not quite: '));
      assert.ok(!v.message.includes('0.462'), 'never the value');
    }
  });

  it('a slip that gives the right number is no slip: with h₀ = 0 the recurrent term is 0', () => {
    // "without W_hh h₀" is h₁ itself here, so it must be Correct, not blamed.
    assert.equal(judge(seed, 'forward:1:h/h@1', [Math.tanh(Wx[0])]).correct, true);
  });

  it('h₂ without the recurrent term: told, at t = 2 where it matters', () => {
    const v = judge(seed, 'forward:2:h/h@2', [Math.tanh(Wx[1])]);
    assert.equal(v.kind, 'missing-term');
    assert.match(v.message, /without the recurrent term W_hh h₁/);
  });

  it('δa₄: right, and wrong by a flipped sign, a factor of 2, a forgotten tanh′, 1 − h for 1 − h²', () => {
    assert.equal(judge(seed, 'backward:4:da/da@4', [da[4]]).correct, true);
    const cases: [number, string, RegExp][] = [
      [-da[4], 'sign', /sign is flipped/],
      [2 * da[4], 'factor', /twice δa₄/],
      [da[4] / 2, 'factor', /half of δa₄/],
      [dh[4], 'missing-term', /forgot tanh′: δa₄ = δh₄ ⊙ \(1 − h₄²\)/],
      [dh[4] * (1 - h[4]), 'wrong-function', /uses 1 − h₄; tanh′ is 1 − h₄²/],
      [dh[4] * (1 - h[3] ** 2), 'wrong-operand', /uses h₃; tanh′ is taken at this step's h₄/],
    ];
    for (const [answer, kind, message] of cases) {
      const v = judge(seed, 'backward:4:da/da@4', [answer]);
      assert.equal(v.kind, kind, `${answer}: ${v.message}`);
      assert.match(v.message, message);
      assert.ok(!v.message.includes('0.285'), 'never the value');
    }
  });

  it('δa₄ as the worked text prints it, 0.28491384, is close but not to 4 digits (its δa₄ has a slip)', () => {
    const v = judge(seed, 'backward:4:da/da@4', '0.28491384');
    assert.equal(v.correct, false);
    assert.equal(v.kind, 'close');
    assert.match(v.message, /close, but not to 4 significant digits/);
  });

  it('δa₃ and δh₃ without the recurrent part (one term dropped)', () => {
    const v = judge(seed, 'backward:3:da/da@3', [dhOut(3) * (1 - h[3] ** 2)]);
    assert.equal(v.kind, 'missing-term');
    assert.match(v.message, /δh₃ is missing the recurrent part δh₃ⁿᵉˣᵗ that comes back from t=4/);
    const w = judge(seed, 'backward:3:dh/dh@3', [dhOut(3)]);
    assert.equal(w.kind, 'missing-term');
    assert.match(w.message, /δh₃ is missing the recurrent part/);
    const x = judge(seed, 'backward:3:dh/dh@3', [dhOut(3) + da[4]]);
    assert.equal(x.kind, 'wrong-operand');
    assert.match(x.message, /W_hhᵀ δa₄, not δa₄ alone/);
  });

  it('δy₁: forgot to subtract 1 at the target, or subtracted it at the wrong class', () => {
    const v = judge(seed, 'backward:1:dy/dy@1', p[1]);
    assert.equal(v.kind, 'missing-term');
    assert.match(v.message, /forgot to subtract 1 at the target "there"/);
    const w = judge(
      seed,
      'backward:1:dy/dy@1',
      p[1].map((x, j) => x - (j === 0 ? 1 : 0)),
    );
    assert.equal(w.kind, 'wrong-operand');
    assert.match(w.message, /subtracted 1 at "hi", but the target at t=1 is "there"/);
  });

  it('δy₁ under the mean: the ÷ n forgotten, and the −1 forgotten (still ÷ n)', () => {
    const mean = runModel(
      parseModel(
        readFileSync(join(EXAMPLES, 'hi-there-class.rnn.json'), 'utf8').replace(
          '"cell": "rnn",',
          '"cell": "rnn", "reduction": "mean",',
        ),
      ).model!,
    );
    const e = p[1].map((x, j) => x - (j === targets[0] ? 1 : 0));
    assert.equal(
      judge(
        mean,
        'backward:1:dy/dy@1',
        e.map((x) => x / 4),
      ).correct,
      true,
    );
    const v = judge(mean, 'backward:1:dy/dy@1', e);
    assert.equal(v.kind, 'factor');
    assert.match(v.message, /forgot to divide by n = 4 \(the reduction is mean\)/);
    const w = judge(
      mean,
      'backward:1:dy/dy@1',
      p[1].map((x) => x / 4),
    );
    assert.equal(w.kind, 'missing-term');
    assert.match(w.message, /forgot to subtract 1 at the target "there"/);
  });

  it('∂L/∂W_hh: only one term, a term left out, h_t for h_{t−1}', () => {
    // After t = 2 the running sum is the terms of t = 4, 3, 2; the t = 2 term alone is a partial sum.
    const v = judge(seed, 'backward:2:dW/dW_hh', [da[2] * h[1]]);
    assert.equal(v.kind, 'partial-sum');
    assert.match(v.message, /only the term of t=2: ∂L\/∂W_hh adds one term per timestep, from t=4 down to t=2/);
    const w = judge(seed, 'backward:1:dW/dW_hh', [dWhh - da[3] * h[2]]);
    assert.equal(w.kind, 'missing-term');
    assert.match(w.message, /leaves out the term of t=3/);
    const x = judge(seed, 'backward:1:dW/dW_hh', [[4, 3, 2, 1].reduce((a, t) => a + da[t] * h[t], 0)]);
    assert.equal(x.kind, 'wrong-operand');
    assert.match(x.message, /multiplies by h_t; ∂L\/∂W_hh takes the previous state h_\{t−1\}/);
  });

  it('the loss: log base 10, the mean for the sum; the update: a step that adds', () => {
    const v = judge(seed, 'forward:1:loss/loss@1', [-Math.log10(p[1][1])]);
    assert.equal(v.kind, 'wrong-function');
    assert.match(v.message, /log base 10/);
    const L = [1, 2, 3, 4].reduce((a, t) => a - Math.log(p[t][targets[t - 1]]), 0);
    const w = judge(seed, 'loss::total/L', [L / 4]);
    assert.equal(w.kind, 'factor');
    assert.match(w.message, /mean of the per-step losses; the reduction is sum/);
    const x = judge(seed, "update::W_hh/W_hh'", [0.2 + 0.1 * dWhh]);
    assert.equal(x.kind, 'sign');
    assert.match(x.message, /this adds the step/);
  });

  it('what cannot be read is said with its place, never judged', () => {
    const v = judge(seed, 'forward:1:h/h@1', '0.46 abc');
    assert.equal(v.kind, 'unreadable');
    assert.equal(v.problem?.column, 6);
    assert.equal(v.message, `Can't read that: at column 6: expected a number, found "a".`);
    const w = judge(seed, 'backward:4:dy/dy@4', '0.27, 0.26, 0.23');
    assert.equal(w.kind, 'shape');
    assert.equal(w.message, 'Not quite: expected 4 numbers for δy₄ (a 4×1 vector), got 3.');
  });
});

describe('practice: verdicts on the 2-unit example (vectors and matrices)', () => {
  const tanh = (v: number[]): number[] => v.map(Math.tanh);
  const h1 = tanh([0.5 + 0.1, -0.2 + 0.1]);
  const Whh = [
    [0.3, 0.4],
    [0.6, -0.1],
  ];
  const mv = (W: number[][], v: number[], T = false): number[] =>
    W.map((_, i) => v.reduce((a, x, j) => a + (T ? W[j][i] : W[i][j]) * x, 0));
  const a2 = (T: boolean): number[] => mv(Whh, h1, T).map((x, i) => x + [0.1, 0.8][i] + 0.1);

  it('h₁ without the bias; one element wrong; one element with the wrong sign', () => {
    const v = judge(two, 'forward:1:h/h@1', tanh([0.5, -0.2]));
    assert.equal(v.kind, 'missing-term');
    assert.match(v.message, /without the bias b_h/);
    const w = judge(two, 'forward:1:h/h@1', [0.6, h1[1]]);
    assert.equal(w.kind, 'elements');
    assert.equal(w.elementIndex, 0);
    assert.deepEqual(w.elements, [0]);
    assert.match(w.message, /element 1 of h₁ is off \(the rest is right\)/);
    const x = judge(two, 'forward:1:h/h@1', [h1[0], -h1[1]]);
    assert.equal(x.kind, 'sign');
    assert.equal(x.elementIndex, 1);
    assert.match(x.message, /element 2 of h₁ has the wrong sign/);
  });

  it('h₂ with W_hh transposed is told as such', () => {
    assert.equal(judge(two, 'forward:2:h/h@2', tanh(a2(false))).correct, true);
    const v = judge(two, 'forward:2:h/h@2', tanh(a2(true)));
    assert.equal(v.kind, 'transposed');
    assert.match(v.message, /W_hh is transposed/);
  });

  it('∂L/∂W_hh transposed (a 2×2 answer) and ∂L/∂W_xh typed 4×2', () => {
    const g = two.grads.W_hh.data;
    const t = `${g[0]} ${g[2]}; ${g[1]} ${g[3]}`;
    const v = judge(two, 'backward:1:dW/dW_hh', t);
    assert.equal(v.kind, 'transposed');
    assert.match(v.message, /rows and columns are swapped/);
    const gx = two.grads.W_xh.data;
    const cols = [0, 1, 2, 3].map((c) => `${gx[c]} ${gx[4 + c]}`).join('; ');
    const w = judge(two, 'backward:1:dW/dW_xh', cols);
    assert.equal(w.kind, 'transposed');
    assert.match(w.message, /got 4 rows of 2: the matrix is transposed/);
  });
});

describe('practice: verdicts on gated cells', () => {
  it('GRU h₂ with z and 1 − z swapped; LSTM c₂ with the gates swapped', () => {
    const gru = run('gru-sine.rnn.json');
    const [z, n, hp] = [seriesRow(gru, 'z', 2), seriesRow(gru, 'n', 2), seriesRow(gru, 'h', 1)];
    const swapped = Array.from(z, (zi, i) => zi * n[i] + (1 - zi) * hp[i]);
    const v = judge(gru, 'forward:2:h/h@2', swapped);
    assert.equal(v.kind, 'wrong-operand');
    assert.match(v.message, /z₂ and 1 − z₂ are swapped/);
    const lstm = run('lstm-hello.rnn.json');
    const [f, i, g, cp] = ['f', 'i', 'g'].map((k) => seriesRow(lstm, k, 2)).concat([seriesRow(lstm, 'c', 1)]);
    const w = judge(
      lstm,
      'forward:2:c/c@2',
      Array.from(f, (fi, k) => fi * g[k] + i[k] * cp[k]),
    );
    assert.equal(w.kind, 'wrong-operand');
    assert.match(w.message, /the gates are swapped/);
  });

  it('checking an answer stays well under 50 ms on every example and question (warm)', () => {
    for (const file of ['lstm-hello.rnn.json', 'gru-sine.rnn.json', 'sentiment-many-to-one.rnn.json']) {
      const trace = run(file);
      const questions = practiceQuestions(trace, DEFAULT_PRACTICE);
      for (const q of questions) judgeAnswer(trace, q, '0'); // compile the code paths first
      // The best of three per question: one garbage-collection pause on a shared machine is not
      // the cost of checking an answer.
      let worst = 0;
      for (const q of questions) {
        const text = Array.from({ length: q.shape.reduce((a, b) => a * b, 1) }, () => '0.123').join(', ');
        let best = Infinity;
        for (let k = 0; k < 3; k++) {
          const t0 = performance.now();
          const v = judgeAnswer(trace, q, text);
          best = Math.min(best, performance.now() - t0);
          assert.equal(v.correct, false);
        }
        worst = Math.max(worst, best);
      }
      assert.ok(worst < 50, `${file}: ${worst} ms`);
    }
  });
});
